import { bigint, boolean, integer, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

/** Tables of migrations/0024_promotions.sql. Amounts are integer minor units. Only promotions writes them. */
const money = (name: string) => bigint(name, { mode: 'number' });
const at = (name: string) => timestamp(name, { withTimezone: true });

export type CouponKind = 'percentage' | 'fixed_amount' | 'free_shipping';
export type CouponScope = 'all' | 'products' | 'categories';
/** Minor units per ISO currency code, e.g. `{ USD: 500 }`. */
export type AmountsByCurrency = Record<string, number>;

export const coupons = pgTable('coupons', {
  id: text('id').primaryKey(),
  storeId: text('store_id').notNull(),
  code: text('code').notNull(),
  description: text('description').notNull().default(''),
  kind: text('kind').$type<CouponKind>().notNull(),
  basisPoints: integer('basis_points'),
  amounts: jsonb('amounts').$type<AmountsByCurrency>().notNull().default({}),
  minimumSubtotal: jsonb('minimum_subtotal').$type<AmountsByCurrency>().notNull().default({}),
  scope: text('scope').$type<CouponScope>().notNull().default('all'),
  scopeIds: text('scope_ids').array().notNull().default([]),
  startsAt: at('starts_at'),
  endsAt: at('ends_at'),
  usageLimit: integer('usage_limit'),
  perCustomerLimit: integer('per_customer_limit'),
  timesRedeemed: integer('times_redeemed').notNull().default(0),
  active: boolean('active').notNull().default(true),
  createdAt: at('created_at').notNull().defaultNow(),
  updatedAt: at('updated_at').notNull().defaultNow(),
});
export type Coupon = typeof coupons.$inferSelect;

export const cartCoupons = pgTable(
  'cart_coupons',
  {
    storeId: text('store_id').notNull(),
    cartId: text('cart_id').notNull(),
    couponId: text('coupon_id').notNull(),
    discountAmount: money('discount_amount').notNull().default(0),
    currency: text('currency').notNull(),
    appliedAt: at('applied_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.cartId, t.couponId] })],
);

export const couponRedemptions = pgTable('coupon_redemptions', {
  id: text('id').primaryKey(),
  storeId: text('store_id').notNull(),
  couponId: text('coupon_id').notNull(),
  orderId: text('order_id').notNull(),
  cartId: text('cart_id'),
  customerId: text('customer_id'),
  email: text('email'),
  amount: money('amount').notNull().default(0),
  currency: text('currency').notNull(),
  status: text('status').$type<'redeemed' | 'released'>().notNull().default('redeemed'),
  createdAt: at('created_at').notNull().defaultNow(),
  releasedAt: at('released_at'),
});
export type CouponRedemption = typeof couponRedemptions.$inferSelect;
