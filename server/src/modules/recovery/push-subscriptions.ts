import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Platform } from '../../platform/context.ts';
import { decryptSecret, encryptSecret } from '../../platform/crypto.ts';
import { withStore, type DbOrTx, type Tx } from '../../platform/db/database.ts';
import { defineEventTypes } from '../../platform/events/catalog.ts';
import { emitEvent } from '../../platform/events/outbox.ts';
import { newId } from '../../platform/ids.ts';
import { parseInput } from '../../platform/validation.ts';
import {
  PushSubscription,
  pushAddressKey,
  recordConsentInTx,
  withdrawConsentInTx,
} from '../messaging/service.ts';
import { AnonymousId } from './ingest.ts';

/**
 * Shoppers' web push subscriptions, tied to what recovery tracks: the snippet's visitor (its
 * anonymous id) and/or a Carton cart, and the contact either leads to. A campaign's push step
 * sends to the newest subscription of its cart (`pushSubscriptionForCart`).
 *
 * The subscription — endpoint and keys, credentials to the shopper's browser — is kept encrypted
 * (AES-256-GCM, bound to the store and the address key) and is found by messaging's address key,
 * `push:<sha256 of the endpoint>`, under which its consent is kept too. Subscribing records
 * consent (source `push_prompt`) in the same transaction; unsubscribing removes it and withdraws
 * consent; a withdrawal from anywhere else (the push service answered 404/410, staff, an erasure)
 * removes it through `contact_consent.withdrawn` (`subscribers.ts`). A repeat changes nothing.
 */

export const PUSH_SUBSCRIPTION_EVENT_TYPES = {
  'push_subscription.recorded':
    "A shopper's web push subscription was tied to their visitor or cart (or it changed).",
  'push_subscription.removed':
    'A web push subscription was removed: the shopper unsubscribed, or push consent was withdrawn.',
} as const;
defineEventTypes(PUSH_SUBSCRIPTION_EVENT_TYPES);

export const PushSubscribeInput = z
  .strictObject({
    subscription: PushSubscription.describe('As `PushSubscription.toJSON()` gives it'),
    visitor_id: AnonymousId.optional().describe("The tracker's visitor id (`carton.anonymousId`)"),
    cart_id: z.string().trim().min(1).max(128).optional().describe('A Carton cart id'),
    consent: z
      .boolean()
      .optional()
      .describe('The visitor consented to tracking (required when the store says so)'),
  })
  .refine((o) => o.visitor_id || o.cart_id, {
    message: 'a visitor_id or a cart_id is required',
    path: ['visitor_id'],
  });
export type PushSubscribeInput = z.input<typeof PushSubscribeInput>;

export const PushUnsubscribeInput = z.strictObject({
  endpoint: PushSubscription.shape.endpoint,
  consent: z.boolean().optional(),
});
export type PushUnsubscribeInput = z.input<typeof PushUnsubscribeInput>;

interface SubscriptionRow {
  [k: string]: unknown;
  id: string;
  store_id: string;
  address_key: string;
  anonymous_id: string | null;
  cart_id: string | null;
  contact_id: string | null;
  subscription_encrypted: string;
}

const context = (storeId: string, addressKey: string) =>
  `recovery_push_subscriptions:${storeId}:${addressKey}`;
const seal = (secret: string, storeId: string, addressKey: string, s: PushSubscription) =>
  encryptSecret(secret, JSON.stringify(s), context(storeId, addressKey));
const unseal = (secret: string, row: SubscriptionRow): PushSubscription =>
  JSON.parse(decryptSecret(secret, row.subscription_encrypted, context(row.store_id, row.address_key)));

/** The same subscription, whatever order its keys came in. */
const sameSubscription = (a: PushSubscription, b: PushSubscription) =>
  a.endpoint === b.endpoint &&
  a.keys.p256dh === b.keys.p256dh &&
  a.keys.auth === b.keys.auth &&
  (a.expirationTime ?? null) === (b.expirationTime ?? null);

/**
 * Record a subscription for a visitor and/or a Carton cart, and the shopper's consent to cart
 * reminders by push. Idempotent: posting it again records nothing and emits nothing.
 */
export async function recordPushSubscription(
  platform: Platform,
  o: { storeId: string; input: PushSubscribeInput },
): Promise<{ address: string; recorded: boolean; subscriptionId: string }> {
  const input = parseInput(PushSubscribeInput, o.input);
  const { storeId } = o;
  const secret = platform.config.CARTON_SECRET;
  const subscription: PushSubscription = {
    endpoint: input.subscription.endpoint,
    keys: input.subscription.keys,
    ...(input.subscription.expirationTime != null
      ? { expirationTime: input.subscription.expirationTime }
      : {}),
  };
  const addressKey = pushAddressKey(subscription.endpoint);
  return withStore(platform.db, storeId, async (tx) => {
    await recordConsentInTx(tx, {
      storeId,
      channel: 'push',
      address: addressKey,
      status: 'granted',
      source: 'push_prompt',
    });
    // The contact the visitor identified as, or the Carton cart's.
    const { rows: found } = await tx.execute<{ contact_id: string | null }>(sql`
      SELECT coalesce(
        (SELECT contact_id FROM recovery_visitors WHERE store_id = ${storeId} AND anonymous_id = ${input.visitor_id ?? null}),
        (SELECT contact_id FROM recovery_carts WHERE store_id = ${storeId} AND source = 'carton'
           AND external_id = ${input.cart_id ?? null})) AS contact_id`);
    const contactId = found[0]?.contact_id ?? null;
    const { rows: existing } = await tx.execute<SubscriptionRow>(sql`
      SELECT * FROM recovery_push_subscriptions WHERE store_id = ${storeId} AND address_key = ${addressKey}
      FOR UPDATE`);
    const before = existing[0];
    const anonymousId = input.visitor_id ?? before?.anonymous_id ?? null;
    const cartId = input.cart_id ?? before?.cart_id ?? null;
    const contact = contactId ?? before?.contact_id ?? null;
    if (
      before &&
      before.anonymous_id === anonymousId &&
      before.cart_id === cartId &&
      before.contact_id === contact &&
      sameSubscription(unseal(secret, before), subscription)
    ) {
      return { address: addressKey, recorded: false, subscriptionId: before.id };
    }
    const { rows } = await tx.execute<SubscriptionRow>(sql`
      INSERT INTO recovery_push_subscriptions
        (id, store_id, address_key, anonymous_id, cart_id, contact_id, subscription_encrypted)
      VALUES (${newId('rpsub')}, ${storeId}, ${addressKey}, ${anonymousId}, ${cartId}, ${contact},
              ${seal(secret, storeId, addressKey, subscription)})
      ON CONFLICT (store_id, address_key) DO UPDATE
        SET anonymous_id = EXCLUDED.anonymous_id, cart_id = EXCLUDED.cart_id, contact_id = EXCLUDED.contact_id,
            subscription_encrypted = EXCLUDED.subscription_encrypted, updated_at = now()
      RETURNING *`);
    const row = rows[0]!;
    await emitEvent(tx, {
      storeId,
      type: 'push_subscription.recorded',
      aggregateType: 'recovery_push_subscription',
      aggregateId: row.id,
      payload: {
        subscriptionId: row.id,
        address: addressKey,
        contactId: row.contact_id,
        cartId: row.cart_id,
        created: !before,
      },
    });
    return { address: addressKey, recorded: true, subscriptionId: row.id };
  });
}

/**
 * The shopper unsubscribed (the page called `PushSubscription.unsubscribe()`): the subscription
 * goes and push consent is withdrawn (both categories). A repeat changes nothing.
 */
export async function removePushSubscription(
  platform: Platform,
  o: { storeId: string; input: PushUnsubscribeInput },
): Promise<{ address: string; removed: boolean }> {
  const input = parseInput(PushUnsubscribeInput, o.input);
  const addressKey = pushAddressKey(input.endpoint);
  return withStore(platform.db, o.storeId, async (tx) => {
    await withdrawConsentInTx(tx, {
      storeId: o.storeId,
      channel: 'push',
      address: addressKey,
      category: 'all',
      source: 'push_prompt',
    });
    const removed = await deletePushSubscriptionInTx(tx, o.storeId, addressKey, 'unsubscribed');
    return { address: addressKey, removed };
  });
}

/** Remove the subscription of an address key (if any), with its event. */
export async function deletePushSubscriptionInTx(
  tx: Tx,
  storeId: string,
  addressKey: string,
  reason: 'unsubscribed' | 'consent_withdrawn' | 'erased',
): Promise<boolean> {
  const { rows } = await tx.execute<{ id: string }>(sql`
    DELETE FROM recovery_push_subscriptions WHERE store_id = ${storeId} AND address_key = ${addressKey}
    RETURNING id`);
  for (const r of rows) {
    await emitEvent(tx, {
      storeId,
      type: 'push_subscription.removed',
      aggregateType: 'recovery_push_subscription',
      aggregateId: r.id,
      payload: { subscriptionId: r.id, address: addressKey, reason },
    });
  }
  return rows.length > 0;
}

/**
 * The subscription a tracked cart's push reminder goes to: the newest of those tied to the cart's
 * visitor, to its Carton cart, to its contact, or to any visitor of its contact (the shopper's
 * other browsers). With `id`, that one only (a retried step sends where it sent first).
 */
export async function pushSubscriptionForCart(
  db: DbOrTx,
  secret: string,
  cart: {
    storeId: string;
    source: string;
    externalId: string;
    anonymousId: string | null;
    contactId: string | null;
  },
  id?: string | null,
): Promise<{ id: string; subscription: PushSubscription } | null> {
  const { storeId } = cart;
  const { rows } = id
    ? await db.execute<SubscriptionRow>(sql`
        SELECT * FROM recovery_push_subscriptions WHERE store_id = ${storeId} AND id = ${id}`)
    : await db.execute<SubscriptionRow>(sql`
        SELECT * FROM recovery_push_subscriptions s
        WHERE s.store_id = ${storeId} AND (
          s.anonymous_id = ${cart.anonymousId}
          OR (${cart.source} = 'carton' AND s.cart_id = ${cart.externalId})
          OR s.contact_id = ${cart.contactId}
          OR s.anonymous_id IN (SELECT anonymous_id FROM recovery_visitors
                                WHERE store_id = ${storeId} AND contact_id = ${cart.contactId}))
        ORDER BY s.updated_at DESC, s.id DESC
        LIMIT 1`);
  const row = rows[0];
  return row ? { id: row.id, subscription: unseal(secret, row) } : null;
}

/** For GDPR export: the subscriptions of these contacts and visitors (never their keys). */
export async function pushSubscriptionsOf(
  db: DbOrTx,
  storeId: string,
  o: { contactIds: string[]; anonymousIds: string[] },
): Promise<{ id: string; address: string; created_at: string; updated_at: string }[]> {
  const { rows } = await db.execute<{
    id: string;
    address_key: string;
    created_at: Date;
    updated_at: Date;
  }>(sql`
    SELECT id, address_key, created_at, updated_at FROM recovery_push_subscriptions
    WHERE store_id = ${storeId} AND (contact_id = ANY(${sql.param(o.contactIds)}::text[])
      OR anonymous_id = ANY(${sql.param(o.anonymousIds)}::text[]))
    ORDER BY id`);
  return rows.map((r) => ({
    id: r.id,
    address: r.address_key,
    created_at: new Date(r.created_at).toISOString(),
    updated_at: new Date(r.updated_at).toISOString(),
  }));
}

/** For GDPR erasure: remove the subscriptions of these contacts and visitors. */
export async function erasePushSubscriptionsInTx(
  tx: Tx,
  storeId: string,
  o: { contactIds: string[]; anonymousIds: string[] },
): Promise<number> {
  const subs = await pushSubscriptionsOf(tx, storeId, o);
  for (const s of subs) await deletePushSubscriptionInTx(tx, storeId, s.address, 'erased');
  return subs.length;
}
