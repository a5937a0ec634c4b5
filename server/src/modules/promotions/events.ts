import { defineEventTypes } from '../../platform/events/catalog.ts';

/**
 * Events promotions emits, in the transaction of the change (aggregate `coupon`, the coupon id):
 *
 * - `coupon.created` / `coupon.updated` / `coupon.deleted`: payload the coupon as the admin API
 *   shows it.
 * - `coupon.redeemed`: `{ couponId, code, redemptionId, orderId, cartId, customerId, amount,
 *   currency, timesRedeemed }` — an order used the coupon.
 * - `coupon.redemption_released`: the same fields — a cancelled checkout gave the use back.
 *
 * Applying a coupon to a cart, or its removal, is a cart change: the cart emits
 * `cart.coupon_applied` / `cart.coupon_removed`.
 */
export const PROMOTIONS_EVENT_TYPES = {
  'coupon.created': 'A coupon code was created.',
  'coupon.updated': 'A coupon changed (discount, scope, window, limits, active flag).',
  'coupon.deleted': 'A coupon that was never redeemed was deleted.',
  'coupon.redeemed': 'An order redeemed a coupon.',
  'coupon.redemption_released': 'A cancelled checkout released its coupon redemption; it no longer counts.',
} as const;

defineEventTypes(PROMOTIONS_EVENT_TYPES);
