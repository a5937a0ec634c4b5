import { defineEventTypes } from '../../platform/events/catalog.ts';

/**
 * Events the cart emits, in the transaction of the change; aggregate `cart` (the cart id), so a
 * cart's events are ordered. Every payload carries the cart as the recovery pillar needs it
 * (`CartEventSummary`: id, customer, e-mail, value, currency, line summary…), plus what changed:
 *
 * - `cart.created`: nothing more.
 * - `cart.line_added`: `line` (the line after the change), `quantityAdded`.
 * - `cart.line_updated`: `line`, `previousQuantity`, `reason` (`quantity_changed` | `price_changed`
 *   with `previousUnitPrice` | `quantity_reduced` at a merge or checkout re-validation).
 * - `cart.line_removed`: `line` (as it was), `reason` (`removed` by the shopper | `unavailable` |
 *   `no_price` | `out_of_stock` | `merged`: its properties were changed to another line's, which
 *   took its units).
 * - `cart.contact_updated`: `changed` (among `email`, `shipping_address`, `billing_address`,
 *   `locale`). Addresses are not copied into the payload.
 * - `cart.coupon_applied`: `coupon` `{ code, kind, amount }`.
 * - `cart.coupon_removed`: `coupon` `{ code }`, `reason` (`removed` by the shopper, or the error
 *   code it now gets, e.g. `COUPON_EXPIRED`).
 * - `cart.merged`: on the customer's cart; `sourceCartId` (the anonymous cart, now `merged`), and
 *   `claimed: true` when the customer had no cart and the anonymous cart simply became theirs.
 * - `cart.expired`: nothing more; the cart is `expired`.
 * - `cart.completed`: `orderId`; an order was placed from the cart.
 * - `cart.shipping_method_selected`: `shippingMethod` `{ id, name }`.
 */
export const CART_EVENT_TYPES = {
  'cart.created': 'A cart was created.',
  'cart.line_added': 'A variant was added to a cart (a new line, or more of one already there).',
  'cart.line_updated': "A cart line's quantity or price changed.",
  'cart.line_removed':
    'A line was removed from a cart (by the shopper, or because it can no longer be sold).',
  'cart.contact_updated': "A cart's e-mail, shipping or billing address, or locale changed.",
  'cart.coupon_applied': 'A coupon code was applied to a cart.',
  'cart.coupon_removed': 'A coupon was removed from a cart (by the shopper, or because it stopped applying).',
  'cart.merged': "At sign-in, an anonymous cart was merged into the customer's cart.",
  'cart.expired': 'A cart expired after a long time without change.',
  'cart.completed': 'An order was placed from a cart.',
  'cart.shipping_method_selected': 'The shopper chose a shipping method for a cart.',
} as const;

export type CartEventType = keyof typeof CART_EVENT_TYPES;

defineEventTypes(CART_EVENT_TYPES);

/**
 * A draft order's events (aggregate `draft_order`, its id): the same summary as a cart's, with
 * `draftOrderId`. Every change of its lines, contact, coupons or shipping is one
 * `draft_order.updated` whose `change` names it as the cart event would (`line_added`,
 * `contact_updated`…); `draft_order.completed` carries `orderId`.
 */
export const DRAFT_ORDER_EVENT_TYPES = {
  'draft_order.created': 'Staff started a draft order for a customer.',
  'draft_order.updated': "A draft order's lines, contact, coupons or shipping changed (`change` says which).",
  'draft_order.completed': 'An order was placed from a draft order.',
  'draft_order.expired': 'A draft order expired after a long time without change.',
  'draft_order.deleted': 'Staff deleted a draft order.',
} as const;

defineEventTypes(DRAFT_ORDER_EVENT_TYPES);

/** The draft order event a cart event of a draft becomes. */
export function draftOrderEventOf(
  type: CartEventType,
  payload: Record<string, unknown>,
): { type: keyof typeof DRAFT_ORDER_EVENT_TYPES; payload: Record<string, unknown> } {
  const { cartId, ...rest } = payload;
  const draft = { draftOrderId: cartId, ...rest };
  if (type === 'cart.created') return { type: 'draft_order.created', payload: draft };
  if (type === 'cart.completed') return { type: 'draft_order.completed', payload: draft };
  if (type === 'cart.expired') return { type: 'draft_order.expired', payload: draft };
  return { type: 'draft_order.updated', payload: { ...draft, change: type.slice('cart.'.length) } };
}

/** A line as events show it: enough for a recovery e-mail. */
export interface CartEventLine {
  lineId: string;
  variantId: string;
  productId: string;
  sku: string;
  productTitle: string;
  variantTitle: string;
  imageUrl: string | null;
  quantity: number;
  unitPrice: number;
}

/** The part of every cart event's payload that describes the cart after the change. */
export interface CartEventSummary {
  cartId: string;
  status: string;
  customerId: string | null;
  email: string | null;
  locale: string | null;
  currency: string;
  /** What the shopper would pay now (before shipping and tax): subtotal − discounts. */
  value: number;
  subtotal: number;
  discountTotal: number;
  itemCount: number;
  couponCodes: string[];
  lines: CartEventLine[];
  version: number;
  updatedAt: string;
  expiresAt: string;
}
