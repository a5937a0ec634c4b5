import type { Platform } from '../../platform/context.ts';
import { sql } from 'drizzle-orm';
import type { Tx } from '../../platform/db/database.ts';
import type { OutboxEvent } from '../../platform/events/outbox.ts';
import { subscribe } from '../../platform/events/subscribers.ts';
import type { CartEventSummary } from '../cart/service.ts';
import { getCustomer } from '../identity/customers.ts';
import { mayMessage } from '../messaging/service.ts';
import { getOrder } from '../orders/service.ts';
import { publicUrl } from './link-tokens.ts';
import { recordPurchaseInTx } from './purchases.ts';
import { deletePushSubscriptionInTx } from './push-subscriptions.ts';
import { recoveryPlatform } from './runtime.ts';
import {
  closeTrackedCart,
  upsertTrackedCartInTx,
  upsertTrackedCartsInTx,
  type TrackedCartInput,
} from './tracked-carts.ts';

/**
 * Carton's own carts and orders feed the same pipeline as the snippet and the platforms: each
 * handler runs in the dispatcher's store-scoped transaction, so its writes commit with the
 * delivery's acknowledgement and a redelivered event changes nothing twice.
 */

/**
 * Every cart event carries the cart as it now is: the tracked cart follows it. Not `cart.created`
 * of an empty cart (nothing to recover yet: the first line creates the tracked cart),
 * `cart.completed` (its `order.placed` is the purchase) or `cart.shipping_method_selected`
 * (nothing recovery keeps changed) — they would only cost the checkout's worker time (the first
 * gets no delivery at all: `eventsWhere`).
 */
export const cartonCartFollower = subscribe({
  name: 'recovery.carton-carts',
  types: [
    'cart.created',
    'cart.line_added',
    'cart.line_updated',
    'cart.line_removed',
    'cart.contact_updated',
    'cart.coupon_applied',
    'cart.coupon_removed',
    'cart.merged',
    'cart.expired',
  ],
  eventsWhere: `NOT (c.type = 'cart.created' AND c.payload->'lines' = '[]'::jsonb)`,
  async handle(event, { tx }) {
    const report = await reportOf(event);
    if (!report) return;
    const platform = recoveryPlatform();
    await upsertTrackedCartInTx(tx, { secret: platform.config.CARTON_SECRET, mirrored: true }, report);
    await closeMergedSource(tx, event);
  },
  /**
   * A burst of one store's cart changes (each of a different cart): followed in one savepoint
   * with a handful of statements whatever their number (`upsertTrackedCartsInTx`).
   */
  async handleMany(events, { tx }) {
    const reports: TrackedCartInput[] = [];
    for (const event of events) {
      const report = await reportOf(event);
      if (report) reports.push(report);
    }
    const platform = recoveryPlatform();
    await upsertTrackedCartsInTx(tx, { secret: platform.config.CARTON_SECRET, mirrored: true }, reports);
    for (const event of events) await closeMergedSource(tx, event);
  },
});

type CartonCartEvent = CartEventSummary & { sourceCartId?: string; claimed?: boolean };

/** What a cart event reports about its cart to recovery, or null when it reports nothing. */
async function reportOf(event: OutboxEvent): Promise<TrackedCartInput | null> {
  const cart = event.payload as unknown as CartonCartEvent;
  if (!cart.cartId || !Array.isArray(cart.lines)) return null;
  if (event.type === 'cart.created' && cart.lines.length === 0) return null;
  const platform = recoveryPlatform();
  // A signed-in shopper's cart may carry no e-mail: their account's.
  let email = cart.email;
  if (!email && cart.customerId) {
    email = await getCustomer(platform, { storeId: event.storeId, customerId: cart.customerId }).then(
      (c) => c.email,
      () => null,
    );
  }
  return {
    storeId: event.storeId,
    source: 'carton',
    externalId: cart.cartId,
    currency: cart.currency,
    value: Math.max(0, cart.value),
    items: cart.lines.map((l) => ({
      productId: l.productId,
      variantId: l.variantId,
      sku: l.sku || null,
      title: l.productTitle || l.sku || l.variantId,
      variantTitle: l.variantTitle || null,
      imageUrl: absoluteUrl(platform, l.imageUrl),
      quantity: l.quantity,
      unitPrice: l.unitPrice,
    })),
    contact: email || cart.customerId ? { email: email ?? null, customerId: cart.customerId ?? null } : null,
    occurredAt: cart.updatedAt ?? event.occurredAt,
    // Merged into another cart, expired or completed: never abandoned (a completion's order
    // arrives as `order.placed`).
    closed: cart.status !== 'active',
  };
}

/** A cart merged into another at sign-in: the anonymous one it absorbed is closed (unless claimed). */
async function closeMergedSource(tx: Tx, event: OutboxEvent): Promise<void> {
  const cart = event.payload as unknown as CartonCartEvent;
  if (event.type === 'cart.merged' && cart.sourceCartId && !cart.claimed) {
    await closeTrackedCart(tx, { storeId: event.storeId, source: 'carton', externalId: cart.sourceCartId });
  }
}

/**
 * An order placed is a purchase: the buyer's open carts close, an abandoned one is recovered. The
 * order names its cart and, for an account, its shopper; when the cart's own events have not been
 * followed yet (they may be dispatched after the order's), the order's e-mail finds the buyer.
 */
export const cartonOrderFollower = subscribe({
  name: 'recovery.carton-orders',
  types: ['order.placed'],
  async handle(event, { tx }) {
    const o = event.payload as {
      orderId: string;
      cartId?: string;
      customerId?: string | null;
      currency: string;
      total: number;
    };
    if (!o.orderId) return;
    const platform = recoveryPlatform();
    let email: string | null = null;
    if (o.cartId) {
      const { rows } = await tx.execute(sql`
        SELECT 1 FROM recovery_carts WHERE store_id = ${event.storeId} AND source = 'carton' AND external_id = ${o.cartId}`);
      if (!rows.length) {
        email = await getOrder(platform.db, { storeId: event.storeId, orderId: o.orderId }).then(
          (order) => order.email,
          () => null,
        );
      }
    }
    await recordPurchaseInTx(
      tx,
      { secret: platform.config.CARTON_SECRET, mirrored: true },
      {
        storeId: event.storeId,
        source: 'carton',
        orderId: o.orderId,
        value: Math.max(0, o.total ?? 0),
        currency: o.currency,
        occurredAt: event.occurredAt,
        externalCartId: o.cartId ?? null,
        contact: o.customerId || email ? { customerId: o.customerId ?? null, email } : null,
      },
    );
  },
});

/** Carton serves local files under a path: a message needs the whole URL. */
function absoluteUrl(platform: Platform, url: string | null | undefined): string | null {
  if (!url) return null;
  const full = url.startsWith('/') ? `${publicUrl(platform.config)}${url}` : url;
  return /^https?:\/\//.test(full) && full.length <= 2000 ? full : null;
}

/**
 * Push consent withdrawn — by the push service answering 404/410 for the endpoint, by staff, by
 * an erasure: the subscription is of no more use to recovery and goes (its keys are credentials).
 * Not when consent was granted again since (the event arrives after the fact).
 */
export const pushConsentFollower = subscribe({
  name: 'recovery.push-consent',
  types: ['contact_consent.withdrawn'],
  async handle(event, { tx }) {
    const p = event.payload as { channel?: string; address?: string; category?: string };
    if (p.channel !== 'push' || p.category !== 'marketing' || !p.address?.startsWith('push:')) return;
    if ((await mayMessage(tx, event.storeId, 'push', p.address, 'marketing')) === null) return;
    await deletePushSubscriptionInTx(tx, event.storeId, p.address, 'consent_withdrawn');
  },
});
