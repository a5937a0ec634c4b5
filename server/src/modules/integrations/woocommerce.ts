import { z } from 'zod';
import {
  compact,
  headerOf,
  hmacMatches,
  parsePayload,
  requiredHeader,
  type DeliveryHeaders,
} from './payloads.ts';
import {
  nothingMapped,
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
  toMinorUnits,
  urlOf,
} from './wire.ts';

/**
 * WooCommerce webhooks (REST API v3 payloads): signature, delivery identity, and the mapping of
 * orders and customers into the neutral types. Pure functions. WooCommerce has no cart topic:
 * carts come from Carton's tracking snippet. What it has is the order a shopper leaves unpaid:
 *
 * - an order `pending`, `failed` or `checkout-draft` → a cart (id `order:<id>`), whose recovery
 *   link is the order's `payment_url` (WooCommerce's "pay for this order" page);
 * - an order `processing`, `on-hold` or `completed` → a purchase of that cart (`order:<id>`);
 * - `cancelled`, `refunded`, `trash` → nothing;
 * - `customer.created` / `customer.updated` → a contact (WooCommerce keeps no marketing consent).
 */

export const WOOCOMMERCE_TOPICS = [
  'order.created',
  'order.updated',
  'customer.created',
  'customer.updated',
] as const;

const CART_STATUSES = new Set(['pending', 'failed', 'checkout-draft']);
const PURCHASE_STATUSES = new Set(['processing', 'on-hold', 'completed']);

/** `X-WC-Webhook-Signature`: base64 HMAC-SHA256 of the raw body with the webhook's secret. */
export function verifyWooCommerceSignature(
  rawBody: Buffer,
  headers: DeliveryHeaders,
  secret: string,
): boolean {
  return hmacMatches(secret, rawBody, headerOf(headers, 'x-wc-webhook-signature'));
}

/**
 * The ping WooCommerce sends when a webhook is saved: `webhook_id=<n>`, form-encoded, unsigned,
 * without a topic. It is answered 200 (or WooCommerce reports the URL as failing) and stores nothing.
 */
export function isWooCommercePing(rawBody: Buffer, headers: DeliveryHeaders): boolean {
  return !headerOf(headers, 'x-wc-webhook-topic') && /^webhook_id=\d+$/.test(rawBody.toString('utf8').trim());
}

export interface WooCommerceDelivery {
  topic: string;
  /** `X-WC-Webhook-Delivery-ID`. WooCommerce sends no time: there is no replay window, only de-duplication. */
  deliveryKey: string;
}

export function wooCommerceDeliveryOf(headers: DeliveryHeaders): WooCommerceDelivery {
  const topic = requiredHeader(headers, 'x-wc-webhook-topic');
  const id = requiredHeader(headers, 'x-wc-webhook-delivery-id');
  return { topic, deliveryKey: `${topic}:${id}` };
}

// --- payloads -----------------------------------------------------------------------------------

const Text = z.string().nullish();
const Billing = z.object({ first_name: Text, last_name: Text, email: Text, phone: Text }).nullish();

const OrderLineItem = z.object({
  name: z.string().min(1),
  product_id: PlatformId.nullish(),
  variation_id: PlatformId.nullish(),
  quantity: z.number().int().min(1),
  sku: Text,
  /** Per unit, before tax (a float in the REST API). */
  price: Decimal,
  image: z.object({ src: Text }).nullish(),
  parent_name: Text,
  meta_data: z
    .array(z.object({ key: z.string(), display_key: Text, display_value: z.unknown().optional() }))
    .nullish(),
});

export const WooCommerceOrder = z.object({
  id: PlatformId,
  status: z.string().min(1),
  currency: CurrencyCode,
  total: Decimal,
  customer_id: PlatformId.nullish(),
  billing: Billing,
  line_items: z.array(OrderLineItem).max(500),
  payment_url: Text,
  date_created_gmt: PlatformTime,
  date_modified_gmt: PlatformTime,
  date_paid_gmt: PlatformTime.nullish(),
});

export const WooCommerceCustomer = z.object({
  id: PlatformId,
  email: Text,
  first_name: Text,
  last_name: Text,
  billing: Billing,
  date_created_gmt: PlatformTime,
  date_modified_gmt: PlatformTime.nullish(),
});

// --- mapping ------------------------------------------------------------------------------------

/** What a WooCommerce delivery maps to; null for a topic Carton does not take. */
export function mapWooCommerce(topic: string, body: unknown, storeId: string): Mapped | null {
  switch (topic) {
    case 'order.created':
    case 'order.updated':
      return mapWooCommerceOrder(parsePayload(WooCommerceOrder, body), storeId);
    case 'customer.created':
    case 'customer.updated': {
      const out = nothingMapped();
      out.contacts.push(wooCommerceContact(parsePayload(WooCommerceCustomer, body), storeId));
      return out;
    }
    default:
      return null;
  }
}

/** An order by its status: an unpaid one is a cart, a paid one a purchase, anything else nothing. */
export function mapWooCommerceOrder(o: z.output<typeof WooCommerceOrder>, storeId: string): Mapped {
  const out = nothingMapped();
  const status = o.status.toLowerCase();
  if (CART_STATUSES.has(status)) out.carts.push(wooCommerceCart(o, storeId));
  else if (PURCHASE_STATUSES.has(status)) out.purchases.push(wooCommercePurchase(o, storeId));
  return out;
}

/** WooCommerce keeps product names as WordPress renders them: `Ship Your Idea &ndash; Black`. */
export function decodeEntities(text: string): string {
  const named: Record<string, string> = {
    amp: '&',
    lt: '<',
    gt: '>',
    quot: '"',
    apos: "'",
    ndash: '–',
    mdash: '—',
    nbsp: ' ',
  };
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, code: string) => {
    if (code[0] === '#') {
      const n = code[1] === 'x' || code[1] === 'X' ? parseInt(code.slice(2), 16) : Number(code.slice(1));
      return Number.isFinite(n) && n > 0 && n < 0x110000 ? String.fromCodePoint(n) : whole;
    }
    return named[code.toLowerCase()] ?? whole;
  });
}

/** A variation's attributes as the shop shows them (`Color: Black, Size: M`), from the line's visible meta data. */
function variationOf(li: z.output<typeof OrderLineItem>): string | undefined {
  const shown = (li.meta_data ?? [])
    .filter((m) => !m.key.startsWith('_') && present(m.display_key) && typeof m.display_value === 'string')
    .map((m) => `${decodeEntities(m.display_key!)}: ${decodeEntities(String(m.display_value))}`);
  return present(shown.join(', '));
}

const customerIdOf = (id: string | null | undefined) => (id && id !== '0' ? id : undefined);

export function wooCommerceCart(o: z.output<typeof WooCommerceOrder>, storeId: string): ExternalCart {
  const currency = o.currency;
  return compact({
    storeId,
    source: 'woocommerce' as const,
    externalId: `order:${o.id}`,
    contact: compact({
      email: emailOf(o.billing?.email),
      phone: present(o.billing?.phone, 40),
      firstName: present(o.billing?.first_name, 200),
      externalCustomerId: customerIdOf(o.customer_id),
    }),
    currency,
    value: toMinorUnits(o.total, currency),
    items: o.line_items.map((li) =>
      compact({
        externalProductId: li.product_id && li.product_id !== '0' ? li.product_id : undefined,
        sku: present(li.sku, 200),
        title: decodeEntities(present(li.parent_name) ?? li.name).slice(0, 500),
        variantTitle: variationOf(li),
        quantity: li.quantity,
        unitPrice: toMinorUnits(li.price, currency),
        imageUrl: urlOf(li.image?.src),
      }),
    ),
    recoveryUrl: urlOf(o.payment_url),
    updatedAt: o.date_modified_gmt,
  });
}

export function wooCommercePurchase(o: z.output<typeof WooCommerceOrder>, storeId: string): ExternalPurchase {
  return compact({
    storeId,
    source: 'woocommerce' as const,
    externalOrderId: o.id,
    externalCartId: `order:${o.id}`,
    email: emailOf(o.billing?.email),
    phone: present(o.billing?.phone, 40),
    currency: o.currency,
    total: toMinorUnits(o.total, o.currency),
    placedAt: o.date_paid_gmt ?? o.date_created_gmt,
  });
}

export function wooCommerceContact(
  c: z.output<typeof WooCommerceCustomer>,
  storeId: string,
): ExternalContact {
  return compact({
    storeId,
    source: 'woocommerce' as const,
    externalCustomerId: c.id,
    email: emailOf(c.email) ?? emailOf(c.billing?.email),
    phone: present(c.billing?.phone, 40),
    firstName: present(c.first_name, 200) ?? present(c.billing?.first_name, 200),
    lastName: present(c.last_name, 200) ?? present(c.billing?.last_name, 200),
    consent: [],
    updatedAt: c.date_modified_gmt ?? c.date_created_gmt,
  });
}
