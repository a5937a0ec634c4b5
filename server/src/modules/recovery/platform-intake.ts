import type { Tx } from '../../platform/db/database.ts';
import { subscribe } from '../../platform/events/subscribers.ts';
import {
  handInboxItem,
  type ExternalCart,
  type ExternalContact,
  type ExternalPurchase,
  type RecoveryIntake,
} from '../integrations/service.ts';
import { recordConsentInTx } from '../messaging/service.ts';
import { normalizeEmail, normalizePhone } from './contacts.ts';
import { recordPurchaseInTx } from './purchases.ts';
import { recoveryPlatform } from './runtime.ts';
import { upsertTrackedCartInTx } from './tracked-carts.ts';

/**
 * What connected Shopify, WooCommerce, BigCommerce and Magento stores tell (mapped by the
 * integrations module into neutral carts, purchases and contacts) enters recovery here, the same
 * way as Carton's own carts and the snippet's: carts are tracked, orders are purchases, and the
 * platform's marketing consent is recorded where messaging looks before it sends.
 */
export const platformIntake: RecoveryIntake = {
  async cart(tx, cart) {
    const secret = recoveryPlatform().config.CARTON_SECRET;
    await upsertTrackedCartInTx(tx, { secret }, trackedCartOf(cart));
    if (cart.contact.acceptsMarketing && cart.contact.email) {
      await consent(tx, cart.storeId, 'email', cart.contact.email, 'granted', cart.updatedAt);
    }
    // A completed checkout is the purchase of its cart (the order's own webhook may never come, or
    // come later: one purchase per cart either way, the first closes it).
    if (cart.completedAt) {
      await recordPurchaseInTx(
        tx,
        { secret },
        {
          storeId: cart.storeId,
          source: cart.source,
          orderId: `checkout:${cart.externalId}`,
          value: cart.value,
          currency: cart.currency,
          occurredAt: cart.completedAt,
          externalCartId: cart.externalId,
          contact: contactOf(cart.contact),
        },
      );
    }
  },

  async purchase(tx, p: ExternalPurchase) {
    await recordPurchaseInTx(
      tx,
      { secret: recoveryPlatform().config.CARTON_SECRET },
      {
        storeId: p.storeId,
        source: p.source,
        orderId: p.externalOrderId,
        value: p.total,
        currency: p.currency,
        occurredAt: p.placedAt,
        externalCartId: p.externalCartId ?? null,
        contact: contactOf({ email: p.email, phone: p.phone }),
      },
    );
  },

  async contact(tx, c: ExternalContact) {
    for (const statement of c.consent) {
      const address = statement.channel === 'email' ? c.email : c.phone;
      if (address)
        await consent(tx, c.storeId, statement.channel, address, statement.status, statement.occurredAt);
    }
  },
};

/** Each recorded item is taken as its `external_*.received` event is delivered: once. */
export const platformItemTaker = subscribe({
  name: 'recovery.platform-items',
  types: ['external_cart.received', 'external_purchase.received', 'external_contact.received'],
  async handle(event, { tx }) {
    const inboxId = (event.payload as { inboxId?: string }).inboxId;
    if (inboxId) await handInboxItem(tx, inboxId, platformIntake);
  },
});

function trackedCartOf(cart: ExternalCart) {
  return {
    storeId: cart.storeId,
    source: cart.source,
    externalId: cart.externalId,
    currency: cart.currency,
    value: cart.value,
    items: cart.items.map((i) => ({
      productId: i.externalProductId ?? null,
      sku: i.sku ?? null,
      title: i.title.slice(0, 300),
      variantTitle: i.variantTitle?.slice(0, 300) ?? null,
      imageUrl: httpUrl(i.imageUrl),
      url: httpUrl(i.url),
      quantity: Math.min(i.quantity, 10_000),
      unitPrice: i.unitPrice,
    })),
    contact: contactOf(cart.contact),
    recoveryUrl: httpUrl(cart.recoveryUrl),
    occurredAt: cart.updatedAt,
    // A completed checkout is never abandoned.
    closed: cart.completedAt ? true : undefined,
  };
}

function contactOf(c: { email?: string; phone?: string }) {
  const email = normalizeEmail(c.email);
  const phone = normalizePhone(c.phone);
  return email || phone ? { email, phone, customerId: null } : null;
}

/** Only http(s) links of a sane length go into messages. */
function httpUrl(url: string | undefined): string | null {
  return url && /^https?:\/\//i.test(url) && url.length <= 2000 ? url : null;
}

/**
 * The platform's word on a contact's marketing consent. An address messaging cannot use (a phone
 * that is not E.164, say) carries no consent: skipped, the rest of the item still taken.
 */
async function consent(
  tx: Tx,
  storeId: string,
  channel: 'email' | 'sms',
  address: string,
  status: 'granted' | 'withdrawn',
  occurredAt: string,
) {
  const usable = channel === 'email' ? normalizeEmail(address) : normalizePhone(address);
  if (!usable) return;
  await recordConsentInTx(tx, {
    storeId,
    channel,
    address: usable,
    category: 'marketing',
    status,
    source: 'platform',
    occurredAt: new Date(Math.min(Date.parse(occurredAt), Date.now())),
  });
}
