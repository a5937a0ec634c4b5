import { z } from 'zod';
import { safeEqual } from '../../platform/crypto.ts';
import { compact, headerOf, parsePayload, type DeliveryHeaders } from './payloads.ts';
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
 * BigCommerce webhooks and the API answers they lead to. Pure functions (the HTTP adapter is
 * `bigcommerce-api.ts`).
 *
 * A BigCommerce webhook carries no signature of its body; what it can carry is custom `headers`,
 * set when the webhook is created. Each connection has its own secret token, sent as
 * `X-Carton-Webhook-Token` and compared in constant time. The body names the event and an id
 * only: `{ scope, store_id, data: { type, id }, hash, created_at, producer }`, so the cart, order
 * or customer is fetched from the REST API before it is mapped:
 *
 * - `store/cart/created|updated|abandoned` → `GET /v3/carts/{id}` → a cart;
 * - `store/cart/converted` (`data.orderId`) and `store/order/created|updated|statusUpdated` →
 *   `GET /v2/orders/{id}` → a purchase, unless the order is incomplete, cancelled or declined;
 * - `store/customer/created|updated` → `GET /v3/customers?id:in={id}` → a contact, whose
 *   `accepts_product_review_abandoned_cart_emails` is their e-mail consent.
 */

export const BIGCOMMERCE_TOKEN_HEADER = 'x-carton-webhook-token';

export const BIGCOMMERCE_SCOPES = [
  'store/cart/created',
  'store/cart/updated',
  'store/cart/abandoned',
  'store/cart/converted',
  'store/order/created',
  'store/order/updated',
  'store/order/statusUpdated',
  'store/customer/created',
  'store/customer/updated',
] as const;

/** The connection's token, as BigCommerce was told to send it in `X-Carton-Webhook-Token`, compared in constant time. */
export function verifyBigCommerceToken(headers: DeliveryHeaders, token: string): boolean {
  const sent = headerOf(headers, BIGCOMMERCE_TOKEN_HEADER);
  return sent !== undefined && safeEqual(sent, token);
}

export const BigCommerceWebhook = z.object({
  scope: z.string().min(1).max(100),
  store_id: PlatformId.nullish(),
  data: z.looseObject({
    type: z.string().nullish(),
    id: PlatformId,
    orderId: PlatformId.nullish(),
  }),
  hash: z.string().min(1).max(200),
  /** Unix seconds: when the event happened (retries keep it). */
  created_at: z.number().int().positive(),
  /** `stores/{store_hash}`. */
  producer: z.string().min(1).max(200),
});
export type BigCommerceWebhook = z.output<typeof BigCommerceWebhook>;

export type BigCommerceResource = { type: 'cart' | 'order' | 'customer'; id: string };

const CART_SCOPES = new Set(['store/cart/created', 'store/cart/updated', 'store/cart/abandoned']);
const ORDER_SCOPES = new Set(['store/order/created', 'store/order/updated', 'store/order/statusUpdated']);
const CUSTOMER_SCOPES = new Set(['store/customer/created', 'store/customer/updated']);

/** What a webhook asks Carton to fetch; null for a scope Carton does not take. */
export function resourceOfWebhook(hook: BigCommerceWebhook): BigCommerceResource | null {
  const { scope, data } = hook;
  if (scope === 'store/cart/converted') return data.orderId ? { type: 'order', id: data.orderId } : null;
  if (CART_SCOPES.has(scope)) return { type: 'cart', id: data.id };
  if (ORDER_SCOPES.has(scope)) return { type: 'order', id: data.id };
  if (CUSTOMER_SCOPES.has(scope)) return { type: 'customer', id: data.id };
  return null;
}

// --- API answers ----------------------------------------------------------------------------------

const Text = z.string().nullish();

const CartOption = z.object({ name: z.string(), value: z.union([z.string(), z.number()]).nullish() });
const CartItem = z.object({
  product_id: PlatformId.nullish(),
  variant_id: PlatformId.nullish(),
  sku: Text,
  name: z.string().min(1),
  url: Text,
  quantity: z.number().int().min(1),
  image_url: Text,
  /** Per unit, after the item's own sale price (a float). */
  sale_price: Decimal.nullish(),
  list_price: Decimal,
  options: z.array(CartOption).nullish(),
});
const CustomItem = z.object({
  sku: Text,
  name: z.string().min(1),
  quantity: z.number().int().min(1),
  list_price: Decimal,
});

/** `GET /stores/{hash}/v3/carts/{id}` answers `{ data: Cart, meta }`. */
export const BigCommerceCartAnswer = z.object({
  data: z.object({
    id: z.string().min(1),
    customer_id: PlatformId.nullish(),
    email: Text,
    currency: z.object({ code: CurrencyCode }),
    cart_amount: Decimal,
    line_items: z.object({
      physical_items: z.array(CartItem).default([]),
      digital_items: z.array(CartItem).default([]),
      custom_items: z.array(CustomItem).nullish(),
    }),
    created_time: PlatformTime,
    updated_time: PlatformTime,
  }),
});

/** `GET /stores/{hash}/v2/orders/{id}` answers the order itself (V2: amounts as strings, RFC 2822 dates). */
export const BigCommerceOrder = z.object({
  id: PlatformId,
  customer_id: PlatformId.nullish(),
  status_id: z.number().int(),
  currency_code: CurrencyCode,
  total_inc_tax: Decimal,
  date_created: PlatformTime,
  cart_id: Text,
  billing_address: z.object({ email: Text, phone: Text, first_name: Text }).nullish(),
});

/** `GET /stores/{hash}/v3/customers?id:in={id}` answers `{ data: Customer[], meta }`. */
export const BigCommerceCustomersAnswer = z.object({
  data: z.array(
    z.object({
      id: PlatformId,
      email: Text,
      first_name: Text,
      last_name: Text,
      phone: Text,
      date_created: PlatformTime.nullish(),
      date_modified: PlatformTime,
      accepts_product_review_abandoned_cart_emails: z.boolean().nullish(),
    }),
  ),
});

/** Order statuses that are no purchase: 0 Incomplete (left at payment), 5 Cancelled, 6 Declined. */
const NOT_PURCHASED = new Set([0, 5, 6]);

/** A fetched resource mapped, or a 422 (at `answer.…`) when BigCommerce's answer is not the documented shape. */
export function mapBigCommerce(resource: BigCommerceResource, answer: unknown, storeId: string): Mapped {
  const out = nothingMapped();
  if (resource.type === 'cart') {
    out.carts.push(bigCommerceCart(parsePayload(BigCommerceCartAnswer, answer, 'answer').data, storeId));
  } else if (resource.type === 'order') {
    const order = parsePayload(BigCommerceOrder, answer, 'answer');
    if (!NOT_PURCHASED.has(order.status_id)) out.purchases.push(bigCommercePurchase(order, storeId));
  } else {
    const customer = parsePayload(BigCommerceCustomersAnswer, answer, 'answer').data[0];
    if (customer) out.contacts.push(bigCommerceContact(customer, storeId));
  }
  return out;
}

const optionsText = (options: z.output<typeof CartOption>[] | null | undefined) =>
  present((options ?? []).map((o) => `${o.name}: ${o.value ?? ''}`.trim()).join(', '));

export function bigCommerceCart(
  c: z.output<typeof BigCommerceCartAnswer>['data'],
  storeId: string,
): ExternalCart {
  const currency = c.currency.code;
  const items = [...c.line_items.physical_items, ...c.line_items.digital_items].map((li) =>
    compact({
      externalProductId: li.product_id ?? undefined,
      sku: present(li.sku, 200),
      title: li.name.slice(0, 500),
      variantTitle: optionsText(li.options),
      quantity: li.quantity,
      unitPrice: toMinorUnits(li.sale_price ?? li.list_price, currency),
      imageUrl: urlOf(li.image_url),
      url: urlOf(li.url),
    }),
  );
  for (const li of c.line_items.custom_items ?? []) {
    items.push(
      compact({
        sku: present(li.sku, 200),
        title: li.name.slice(0, 500),
        quantity: li.quantity,
        unitPrice: toMinorUnits(li.list_price, currency),
      }) as (typeof items)[number],
    );
  }
  return compact({
    storeId,
    source: 'bigcommerce' as const,
    externalId: c.id,
    contact: compact({
      email: emailOf(c.email),
      externalCustomerId: c.customer_id && c.customer_id !== '0' ? c.customer_id : undefined,
    }),
    currency,
    value: toMinorUnits(c.cart_amount, currency),
    items,
    updatedAt: c.updated_time,
  });
}

export function bigCommercePurchase(o: z.output<typeof BigCommerceOrder>, storeId: string): ExternalPurchase {
  return compact({
    storeId,
    source: 'bigcommerce' as const,
    externalOrderId: o.id,
    externalCartId: present(o.cart_id, 200),
    email: emailOf(o.billing_address?.email),
    phone: present(o.billing_address?.phone, 40),
    currency: o.currency_code,
    total: toMinorUnits(o.total_inc_tax, o.currency_code),
    placedAt: o.date_created,
  });
}

export function bigCommerceContact(
  c: z.output<typeof BigCommerceCustomersAnswer>['data'][number],
  storeId: string,
): ExternalContact {
  const accepts = c.accepts_product_review_abandoned_cart_emails;
  return compact({
    storeId,
    source: 'bigcommerce' as const,
    externalCustomerId: c.id,
    email: emailOf(c.email),
    phone: present(c.phone, 40),
    firstName: present(c.first_name, 200),
    lastName: present(c.last_name, 200),
    consent:
      typeof accepts === 'boolean'
        ? [
            {
              channel: 'email' as const,
              status: accepts ? ('granted' as const) : ('withdrawn' as const),
              source: 'bigcommerce' as const,
              occurredAt: c.date_modified,
              detail: `accepts_product_review_abandoned_cart_emails=${accepts}`,
            },
          ]
        : [],
    updatedAt: c.date_modified,
  });
}
