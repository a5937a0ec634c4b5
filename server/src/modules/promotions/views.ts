import { z } from 'zod';
import type { Coupon, CouponRedemption } from './schema.ts';

/** How the API (and the promotions events) show coupons. Amounts are integer minor units. */

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const AmountsView = z.record(z.string(), z.number().int()).describe('Minor units per ISO 4217 currency');

export const CouponDiscountView = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('percentage'), basis_points: z.number().int() }),
  z.object({ kind: z.literal('fixed_amount'), amounts: AmountsView }),
  z.object({ kind: z.literal('free_shipping') }),
]);

export const CouponView = z.object({
  id: z.string(),
  code: z.string(),
  description: z.string(),
  discount: CouponDiscountView,
  minimum_subtotal: AmountsView,
  scope: z.object({ kind: z.enum(['all', 'products', 'categories']), ids: z.array(z.string()) }),
  starts_at: z.string().nullable(),
  ends_at: z.string().nullable(),
  usage_limit: z.number().int().nullable(),
  per_customer_limit: z.number().int().nullable(),
  times_redeemed: z.number().int().describe('Redemptions by orders, not counting released ones'),
  active: z.boolean(),
  created_at: z.string(),
  updated_at: z.string(),
});
export type CouponView = z.infer<typeof CouponView>;

export function couponView(c: Coupon): CouponView {
  const discount: CouponView['discount'] =
    c.kind === 'percentage'
      ? { kind: 'percentage', basis_points: c.basisPoints ?? 0 }
      : c.kind === 'fixed_amount'
        ? { kind: 'fixed_amount', amounts: c.amounts }
        : { kind: 'free_shipping' };
  return {
    id: c.id,
    code: c.code,
    description: c.description,
    discount,
    minimum_subtotal: c.minimumSubtotal,
    scope: { kind: c.scope, ids: c.scopeIds },
    starts_at: iso(c.startsAt),
    ends_at: iso(c.endsAt),
    usage_limit: c.usageLimit,
    per_customer_limit: c.perCustomerLimit,
    times_redeemed: c.timesRedeemed,
    active: c.active,
    created_at: c.createdAt.toISOString(),
    updated_at: c.updatedAt.toISOString(),
  };
}

export const CouponRedemptionView = z.object({
  id: z.string(),
  coupon_id: z.string(),
  order_id: z.string(),
  cart_id: z.string().nullable(),
  customer_id: z.string().nullable(),
  amount: z.number().int(),
  currency: z.string(),
  status: z.enum(['redeemed', 'released']),
  created_at: z.string(),
  released_at: z.string().nullable(),
});
export type CouponRedemptionView = z.infer<typeof CouponRedemptionView>;

export function couponRedemptionView(r: CouponRedemption): CouponRedemptionView {
  return {
    id: r.id,
    coupon_id: r.couponId,
    order_id: r.orderId,
    cart_id: r.cartId,
    customer_id: r.customerId,
    amount: r.amount,
    currency: r.currency,
    status: r.status,
    created_at: r.createdAt.toISOString(),
    released_at: iso(r.releasedAt),
  };
}
