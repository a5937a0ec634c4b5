import { createHash, createPublicKey, verify } from 'node:crypto';
import { z } from 'zod';
import { compact, headerOf, parsePayload, type DeliveryHeaders } from './payloads.ts';
import { nothingMapped, type ExternalCart, type ExternalPurchase, type Mapped } from './types.ts';
import { CurrencyCode, Decimal, emailOf, PlatformId, PlatformTime, present, toMinorUnits } from './wire.ts';

/**
 * Magento (Adobe Commerce): its webhooks and its REST API's search results, mapped into the
 * neutral types. Pure functions (the HTTP adapter is `magento-api.ts`).
 *
 * Magento Open Source has no webhooks: such stores are polled (`GET /rest/V1/carts/search` and
 * `GET /rest/V1/orders`, by `updated_at`). Adobe Commerce's webhooks module can call Carton; the
 * scheme Carton accepts is its digital signature: `x-adobe-commerce-webhook-signature` is the
 * base64 RSA-SHA256 (PKCS #1 v1.5) signature of the raw body, made with the store's private key
 * and verified with the public key the merchant copies from the Adobe Commerce admin. The body is
 * `{ eventName?, data: { quote } }` for `observer.sales_quote_save_after` and
 * `{ eventName?, data: { order } }` for `observer.sales_order_place_after`; Adobe Commerce sends no
 * delivery id or time, so a delivery is known by a digest of its body (the same state twice is
 * one), and a cart's older state arriving late is dropped by its `updated_at`.
 *
 * - a quote (cart) → a cart (id: the quote id); an inactive quote has been ordered: `completedAt`;
 * - an order → a purchase of its quote, unless `canceled`, `pending_payment` or `payment_review`.
 */

export const MAGENTO_SIGNATURE_HEADER = 'x-adobe-commerce-webhook-signature';
export const MAGENTO_HOOKS = ['observer.sales_quote_save_after', 'observer.sales_order_place_after'] as const;

/** Whether a PEM text is an RSA public key Carton can verify with (checked when it is saved). */
export function isRsaPublicKey(pem: string): boolean {
  try {
    return createPublicKey(pem).asymmetricKeyType === 'rsa';
  } catch {
    return false;
  }
}

/** `x-adobe-commerce-webhook-signature`: base64 RSA-SHA256 of the raw body, checked with the store's public key. */
export function verifyMagentoSignature(
  rawBody: Buffer,
  headers: DeliveryHeaders,
  publicKeyPem: string,
): boolean {
  const signature = headerOf(headers, MAGENTO_SIGNATURE_HEADER);
  if (!signature || !/^[A-Za-z0-9+/]+={0,2}$/.test(signature)) return false;
  try {
    return verify('sha256', rawBody, publicKeyPem, Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}

/** The delivery's identity: the hook's name and a SHA-256 of the exact body. */
export function magentoDeliveryKey(topic: string, rawBody: Buffer): string {
  return `${topic}:${createHash('sha256').update(rawBody).digest('hex')}`;
}

// --- webhook payloads (Magento's model data, snake_case) ----------------------------------------

const Text = z.string().nullish();

const QuoteItem = z.object({
  product_id: PlatformId.nullish(),
  sku: Text,
  name: z.string().min(1),
  qty: z.union([z.number(), z.string().regex(/^\d+(\.\d+)?$/)]).transform(Number),
  price: Decimal,
  parent_item_id: PlatformId.nullish(),
});

const WebhookQuote = z.object({
  entity_id: PlatformId,
  customer_id: PlatformId.nullish(),
  customer_email: Text,
  customer_firstname: Text,
  is_active: z.union([z.boolean(), z.number(), z.string()]).transform((v) => v === true || String(v) === '1'),
  quote_currency_code: CurrencyCode,
  grand_total: Decimal,
  updated_at: PlatformTime,
  items: z.array(QuoteItem).max(500).default([]),
});

const MagentoOrderFields = {
  entity_id: PlatformId,
  increment_id: Text,
  quote_id: PlatformId.nullish(),
  customer_email: Text,
  order_currency_code: CurrencyCode,
  grand_total: Decimal,
  created_at: PlatformTime,
  state: z.string().nullish(),
};
const WebhookOrder = z.object({
  ...MagentoOrderFields,
  billing_address: z.object({ telephone: Text }).nullish(),
});

export const MagentoWebhook = z.object({
  eventName: z.string().max(200).nullish(),
  data: z.object({ quote: z.unknown().optional(), order: z.unknown().optional() }),
});

/** The hook a webhook body is for: its `eventName`, else what its `data` holds. Null when neither tells. */
export function magentoTopicOf(body: z.output<typeof MagentoWebhook>): string | null {
  if (body.eventName) return body.eventName;
  if (body.data.order !== undefined) return 'observer.sales_order_place_after';
  if (body.data.quote !== undefined) return 'observer.sales_quote_save_after';
  return null;
}

/** What a webhook maps to; null for a hook Carton does not take. */
export function mapMagentoWebhook(
  topic: string,
  body: z.output<typeof MagentoWebhook>,
  storeId: string,
): Mapped | null {
  const out = nothingMapped();
  if (topic === 'observer.sales_quote_save_after') {
    const q = parsePayload(WebhookQuote, body.data.quote, 'body.data.quote');
    const currency = q.quote_currency_code;
    out.carts.push(
      magentoCart(
        {
          id: q.entity_id,
          isActive: q.is_active,
          email: q.customer_email,
          firstName: q.customer_firstname,
          customerId: q.customer_id,
          currency,
          value: toMinorUnits(q.grand_total, currency),
          items: q.items,
          updatedAt: q.updated_at,
        },
        storeId,
      ),
    );
    return out;
  }
  if (topic === 'observer.sales_order_place_after') {
    const o = parsePayload(WebhookOrder, body.data.order, 'body.data.order');
    const purchase = magentoPurchase({ ...o, phone: o.billing_address?.telephone }, storeId);
    if (purchase) out.purchases.push(purchase);
    return out;
  }
  return null;
}

// --- REST search results ------------------------------------------------------------------------

const RestCart = z.object({
  id: PlatformId,
  updated_at: PlatformTime,
  is_active: z.boolean().nullish(),
  items: z
    .array(QuoteItem.omit({ parent_item_id: true }))
    .max(500)
    .default([]),
  customer: z
    .object({
      id: PlatformId.nullish(),
      email: Text,
      firstname: Text,
      // The newsletter subscription of a registered customer.
      extension_attributes: z.object({ is_subscribed: z.boolean().nullish() }).nullish(),
    })
    .nullish(),
  billing_address: z.object({ email: Text, telephone: Text, firstname: Text }).nullish(),
  currency: z.object({
    quote_currency_code: CurrencyCode.nullish(),
    base_currency_code: CurrencyCode.nullish(),
  }),
});

/** `GET /rest/V1/carts/search?searchCriteria…` answers `{ items: Cart[], search_criteria, total_count }`. */
export const MagentoCartSearch = z.object({
  items: z.array(z.unknown()),
  total_count: z.number().int().min(0),
});

/** `GET /rest/V1/orders?searchCriteria…` answers the same envelope of orders. */
export const MagentoOrderSearch = MagentoCartSearch;

const RestOrder = z.object({
  ...MagentoOrderFields,
  updated_at: PlatformTime,
  billing_address: z.object({ telephone: Text }).nullish(),
});

/** One search result, with the id and modification time the poller keys it by. */
export function magentoCartOf(
  item: unknown,
  storeId: string,
  at: string,
): { id: string; updatedAt: string; mapped: Mapped } {
  const c = parsePayload(RestCart, item, at);
  const currency = c.currency.quote_currency_code ?? c.currency.base_currency_code;
  const out = nothingMapped();
  if (!currency) return { id: c.id, updatedAt: c.updated_at, mapped: out };
  // Carts/search carries no totals: the value is what its items come to.
  const value = c.items.reduce(
    (sum, i) => sum + toMinorUnits(i.price, currency) * Math.max(1, Math.round(i.qty)),
    0,
  );
  out.carts.push(
    magentoCart(
      {
        id: c.id,
        isActive: c.is_active !== false,
        email: c.customer?.email ?? c.billing_address?.email,
        firstName: c.customer?.firstname ?? c.billing_address?.firstname,
        phone: c.billing_address?.telephone,
        customerId: c.customer?.id,
        acceptsMarketing: c.customer?.extension_attributes?.is_subscribed ?? undefined,
        currency,
        value,
        items: c.items,
        updatedAt: c.updated_at,
      },
      storeId,
    ),
  );
  return { id: c.id, updatedAt: c.updated_at, mapped: out };
}

export function magentoOrderOf(
  item: unknown,
  storeId: string,
  at: string,
): { id: string; updatedAt: string; mapped: Mapped } {
  const o = parsePayload(RestOrder, item, at);
  const out = nothingMapped();
  const purchase = magentoPurchase({ ...o, phone: o.billing_address?.telephone }, storeId);
  if (purchase) out.purchases.push(purchase);
  return { id: o.entity_id, updatedAt: o.updated_at, mapped: out };
}

// --- mapping ------------------------------------------------------------------------------------

interface CartFacts {
  id: string;
  isActive: boolean;
  email: string | null | undefined;
  firstName: string | null | undefined;
  phone?: string | null | undefined;
  customerId: string | null | undefined;
  acceptsMarketing?: boolean | undefined;
  currency: string;
  value: number;
  items: {
    product_id?: string | null;
    sku?: string | null;
    name: string;
    qty: number;
    price: number | string;
    parent_item_id?: string | null;
  }[];
  updatedAt: string;
}

function magentoCart(f: CartFacts, storeId: string): ExternalCart {
  return compact({
    storeId,
    source: 'magento' as const,
    externalId: f.id,
    contact: compact({
      email: emailOf(f.email),
      phone: present(f.phone, 40),
      firstName: present(f.firstName, 200),
      acceptsMarketing: f.acceptsMarketing,
      externalCustomerId: present(f.customerId, 100),
    }),
    currency: f.currency,
    value: f.value,
    // A configurable product's child row repeats its parent: keep the parent's.
    items: f.items
      .filter((i) => !i.parent_item_id)
      .map((i) =>
        compact({
          externalProductId: present(i.product_id, 100),
          sku: present(i.sku, 200),
          title: i.name.slice(0, 500),
          quantity: Math.max(1, Math.round(i.qty)),
          unitPrice: toMinorUnits(i.price, f.currency),
        }),
      ),
    updatedAt: f.updatedAt,
    // Magento deactivates a quote when it is ordered.
    completedAt: f.isActive ? undefined : f.updatedAt,
  });
}

const NOT_PURCHASED = new Set(['canceled', 'pending_payment', 'payment_review']);

function magentoPurchase(
  o: {
    entity_id: string;
    quote_id?: string | null | undefined;
    customer_email?: string | null | undefined;
    phone?: string | null | undefined;
    order_currency_code: string;
    grand_total: number | string;
    created_at: string;
    state?: string | null | undefined;
  },
  storeId: string,
): ExternalPurchase | null {
  if (o.state && NOT_PURCHASED.has(o.state)) return null;
  return compact({
    storeId,
    source: 'magento' as const,
    externalOrderId: o.entity_id,
    externalCartId: present(o.quote_id, 200),
    email: emailOf(o.customer_email),
    phone: present(o.phone, 40),
    currency: o.order_currency_code,
    total: toMinorUnits(o.grand_total, o.order_currency_code),
    placedAt: o.created_at,
  });
}
