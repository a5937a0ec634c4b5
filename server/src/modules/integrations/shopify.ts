import { z } from 'zod';
import {
  compact,
  headerOf,
  hmacMatches,
  parsePayload,
  payloadInvalid,
  requiredHeader,
  type DeliveryHeaders,
} from './payloads.ts';
import {
  nothingMapped,
  type ConsentStatement,
  type ExternalCart,
  type ExternalContact,
  type ExternalPurchase,
  type Mapped,
} from './types.ts';
import {
  CurrencyCode,
  Decimal,
  emailOf,
  PlatformId,
  PlatformTime,
  present,
  toInstant,
  toMinorUnits,
  urlOf,
} from './wire.ts';

/**
 * Shopify webhooks: signature, delivery identity and the mapping of checkout, order and customer
 * payloads (Admin REST API webhook shapes) into the neutral types. Pure functions.
 *
 * - `checkouts/create`, `checkouts/update` → a cart (id: the checkout's `token`, which the order's
 *   `checkout_token` names later); with `completed_at`, the cart carries `completedAt` — a purchase
 *   by the port's contract.
 * - `orders/create` → a purchase of the checkout it came from.
 * - `customers/create`, `customers/update` → a contact with its e-mail and SMS marketing consent.
 */

export const SHOPIFY_TOPICS = [
  'checkouts/create',
  'checkouts/update',
  'orders/create',
  'customers/create',
  'customers/update',
] as const;

/** `X-Shopify-Hmac-Sha256`: base64 HMAC-SHA256 of the raw body with the app's (or the webhook page's) secret. */
export function verifyShopifySignature(rawBody: Buffer, headers: DeliveryHeaders, secret: string): boolean {
  return hmacMatches(secret, rawBody, headerOf(headers, 'x-shopify-hmac-sha256'));
}

export interface ShopifyDelivery {
  topic: string;
  /** `X-Shopify-Event-Id` (the same event through several subscriptions), else `X-Shopify-Webhook-Id`. */
  deliveryKey: string;
  /** `X-Shopify-Triggered-At`: when the event happened; retries keep it. */
  triggeredAt: string | null;
  /** `X-Shopify-Shop-Domain`. */
  shopDomain: string | null;
}

/** What the headers say about a (verified) delivery; 422 without a topic or an id to de-duplicate by. */
export function shopifyDeliveryOf(headers: DeliveryHeaders): ShopifyDelivery {
  const topic = requiredHeader(headers, 'x-shopify-topic');
  const id = headerOf(headers, 'x-shopify-event-id') ?? headerOf(headers, 'x-shopify-webhook-id');
  if (!id) {
    throw payloadInvalid([
      { path: 'headers.x-shopify-event-id', message: 'required (or X-Shopify-Webhook-Id)' },
    ]);
  }
  const sent = headerOf(headers, 'x-shopify-triggered-at');
  const triggeredAt = sent ? toInstant(sent) : null;
  if (sent && !triggeredAt) {
    throw payloadInvalid([{ path: 'headers.x-shopify-triggered-at', message: 'not a date-time' }]);
  }
  return {
    topic,
    deliveryKey: `${topic}:${id}`,
    triggeredAt,
    shopDomain: headerOf(headers, 'x-shopify-shop-domain')?.toLowerCase() ?? null,
  };
}

// --- payloads (the fields Carton reads; others are ignored) -------------------------------------

const Text = z.string().nullish();
const Address = z.object({ first_name: Text, phone: Text }).nullish();

const CheckoutLineItem = z.object({
  product_id: PlatformId.nullish(),
  variant_id: PlatformId.nullish(),
  sku: Text,
  title: z.string().min(1),
  variant_title: Text,
  quantity: z.number().int().min(1),
  price: Decimal,
});

const CheckoutCustomer = z
  .object({ id: PlatformId.nullish(), email: Text, phone: Text, first_name: Text })
  .nullish();

export const ShopifyCheckout = z.object({
  id: PlatformId,
  token: z.string().min(1).max(200),
  email: Text,
  phone: Text,
  buyer_accepts_marketing: z.boolean().nullish(),
  currency: CurrencyCode,
  total_price: Decimal,
  line_items: z.array(CheckoutLineItem).max(500),
  abandoned_checkout_url: Text,
  updated_at: PlatformTime,
  completed_at: PlatformTime.nullish(),
  customer: CheckoutCustomer,
  billing_address: Address,
  shipping_address: Address,
});

export const ShopifyOrder = z.object({
  id: PlatformId,
  email: Text,
  contact_email: Text,
  phone: Text,
  currency: CurrencyCode,
  total_price: Decimal,
  checkout_token: Text,
  created_at: PlatformTime,
  processed_at: PlatformTime.nullish(),
  customer: CheckoutCustomer,
});

const MarketingConsent = z
  .object({
    state: z.string().min(1),
    opt_in_level: Text,
    consent_updated_at: Text,
  })
  .nullish();

export const ShopifyCustomer = z.object({
  id: PlatformId,
  email: Text,
  phone: Text,
  first_name: Text,
  last_name: Text,
  created_at: PlatformTime.nullish(),
  updated_at: PlatformTime,
  email_marketing_consent: MarketingConsent,
  sms_marketing_consent: MarketingConsent,
  // Before email_marketing_consent (API versions up to 2022-04); read when the newer field is absent.
  accepts_marketing: z.boolean().nullish(),
  accepts_marketing_updated_at: Text,
});

// --- mapping ------------------------------------------------------------------------------------

/** What a Shopify delivery maps to; null for a topic Carton does not take. 422 for a payload it cannot read. */
export function mapShopify(topic: string, body: unknown, storeId: string): Mapped | null {
  const out = nothingMapped();
  switch (topic) {
    case 'checkouts/create':
    case 'checkouts/update':
      out.carts.push(shopifyCart(parsePayload(ShopifyCheckout, body), storeId));
      return out;
    case 'orders/create':
      out.purchases.push(shopifyPurchase(parsePayload(ShopifyOrder, body), storeId));
      return out;
    case 'customers/create':
    case 'customers/update':
      out.contacts.push(shopifyContact(parsePayload(ShopifyCustomer, body), storeId));
      return out;
    default:
      return null;
  }
}

export function shopifyCart(c: z.output<typeof ShopifyCheckout>, storeId: string): ExternalCart {
  const currency = c.currency;
  return compact({
    storeId,
    source: 'shopify' as const,
    externalId: c.token,
    contact: compact({
      email: emailOf(c.email) ?? emailOf(c.customer?.email),
      phone: present(c.phone, 40) ?? present(c.customer?.phone, 40) ?? present(c.billing_address?.phone, 40),
      firstName:
        present(c.customer?.first_name, 200) ??
        present(c.billing_address?.first_name, 200) ??
        present(c.shipping_address?.first_name, 200),
      acceptsMarketing: c.buyer_accepts_marketing ?? undefined,
      externalCustomerId: c.customer?.id ?? undefined,
    }),
    currency,
    value: toMinorUnits(c.total_price, currency),
    items: c.line_items.map((li) =>
      compact({
        externalProductId: li.product_id ?? undefined,
        sku: present(li.sku, 200),
        title: li.title.slice(0, 500),
        variantTitle: present(li.variant_title),
        quantity: li.quantity,
        unitPrice: toMinorUnits(li.price, currency),
      }),
    ),
    recoveryUrl: urlOf(c.abandoned_checkout_url),
    updatedAt: c.updated_at,
    completedAt: c.completed_at ?? undefined,
  });
}

export function shopifyPurchase(o: z.output<typeof ShopifyOrder>, storeId: string): ExternalPurchase {
  return compact({
    storeId,
    source: 'shopify' as const,
    externalOrderId: o.id,
    externalCartId: present(o.checkout_token, 200),
    email: emailOf(o.email) ?? emailOf(o.contact_email) ?? emailOf(o.customer?.email),
    phone: present(o.phone, 40) ?? present(o.customer?.phone, 40),
    currency: o.currency,
    total: toMinorUnits(o.total_price, o.currency),
    placedAt: o.processed_at ?? o.created_at,
  });
}

/**
 * Shopify's consent states: `subscribed` is consent; `unsubscribed` (and `redacted`, `invalid`)
 * is its withdrawal; `not_subscribed` and `pending` (double opt-in not confirmed) say nothing was
 * given, so no statement is made.
 */
const WITHDRAWN_STATES = new Set(['unsubscribed', 'redacted', 'invalid']);

function consentOf(
  channel: 'email' | 'sms',
  consent: z.output<typeof MarketingConsent>,
  fallbackAt: string,
): ConsentStatement | null {
  if (!consent) return null;
  const state = consent.state.toLowerCase();
  const status: ConsentStatement['status'] | null =
    state === 'subscribed' ? 'granted' : WITHDRAWN_STATES.has(state) ? 'withdrawn' : null;
  if (!status) return null;
  return compact({
    channel,
    status,
    source: 'shopify' as const,
    occurredAt: toInstant(consent.consent_updated_at) ?? fallbackAt,
    detail: [state, present(consent.opt_in_level, 40)].filter(Boolean).join('/').slice(0, 100),
  });
}

export function shopifyContact(c: z.output<typeof ShopifyCustomer>, storeId: string): ExternalContact {
  const consent: ConsentStatement[] = [];
  const email =
    consentOf('email', c.email_marketing_consent, c.updated_at) ??
    (c.email_marketing_consent === undefined && c.accepts_marketing === true
      ? {
          channel: 'email' as const,
          status: 'granted' as const,
          source: 'shopify' as const,
          occurredAt: toInstant(c.accepts_marketing_updated_at) ?? c.updated_at,
          detail: 'accepts_marketing',
        }
      : null);
  if (email) consent.push(email);
  const sms = consentOf('sms', c.sms_marketing_consent, c.updated_at);
  if (sms) consent.push(sms);
  return compact({
    storeId,
    source: 'shopify' as const,
    externalCustomerId: c.id,
    email: emailOf(c.email),
    phone: present(c.phone, 40),
    firstName: present(c.first_name, 200),
    lastName: present(c.last_name, 200),
    consent,
    updatedAt: c.updated_at,
  });
}
