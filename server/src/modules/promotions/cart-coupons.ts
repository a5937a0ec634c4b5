import { sql, type SQL } from 'drizzle-orm';
import type { Tx } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import {
  couponSlot,
  evaluateCoupon,
  type CouponCart,
  type CouponDiscount,
  type CouponFacts,
} from './evaluate.ts';
import type { AmountsByCurrency, CouponKind, CouponScope } from './schema.ts';

/**
 * Coupons applied to carts. The cart module calls these inside its own store-scoped transaction,
 * with the cart row already locked, so two changes of one cart never evaluate its coupons at once.
 */

/** Whose uses count against a per-customer limit: the customer, or a guest's e-mail. */
export interface CouponShopper {
  customerId: string | null;
  email: string | null;
}

interface CouponRow {
  [column: string]: unknown;
  id: string;
  code: string;
  kind: CouponKind;
  basis_points: number | null;
  amounts: AmountsByCurrency;
  minimum_subtotal: AmountsByCurrency;
  scope: CouponScope;
  scope_ids: string[];
  starts_at: string | Date | null;
  ends_at: string | Date | null;
  usage_limit: number | null;
  per_customer_limit: number | null;
  times_redeemed: number;
  active: boolean;
  customer_redemptions: number;
}

const factsOf = (r: CouponRow): CouponFacts => ({
  id: r.id,
  code: r.code,
  kind: r.kind,
  basisPoints: r.basis_points,
  amounts: r.amounts,
  minimumSubtotal: r.minimum_subtotal,
  scope: r.scope,
  scopeIds: r.scope_ids,
  startsAt: r.starts_at === null ? null : new Date(r.starts_at),
  endsAt: r.ends_at === null ? null : new Date(r.ends_at),
  usageLimit: r.usage_limit,
  perCustomerLimit: r.per_customer_limit,
  timesRedeemed: r.times_redeemed,
  active: r.active,
  customerRedemptions: r.customer_redemptions,
});

/** The shopper's redemptions of coupon `c` (not released), by customer id or e-mail. */
function customerRedemptions(shopper: CouponShopper): SQL {
  if (!shopper.customerId && !shopper.email) return sql`0`;
  return sql`(SELECT count(*)::int FROM coupon_redemptions r
              WHERE r.coupon_id = c.id AND r.status = 'redeemed'
                AND (r.customer_id = ${shopper.customerId} OR r.email = ${shopper.email?.toLowerCase() ?? null}))`;
}

/** A coupon taken off a cart because it stopped applying, and why. */
export interface RemovedCoupon {
  couponId: string;
  code: string;
  error: string;
  message: string;
}

/**
 * Apply `code` to the cart: refused with a clear 4xx (unknown, expired, not yet valid, limit
 * reached, below the minimum, out of scope, a second code of the same kind). Applying a code the
 * cart already has changes nothing (`alreadyApplied`).
 */
export async function applyCouponToCart(
  tx: Tx,
  options: {
    storeId: string;
    cartId: string;
    code: string;
    shopper: CouponShopper;
    cart: CouponCart;
    at?: Date;
  },
): Promise<{ discount: CouponDiscount; alreadyApplied: boolean }> {
  const { storeId, cartId } = options;
  const { rows } = await tx.execute<CouponRow & { applied_ids: string[] }>(sql`
    SELECT c.*, ${customerRedemptions(options.shopper)} AS customer_redemptions,
      ARRAY(SELECT a.coupon_id FROM cart_coupons a WHERE a.cart_id = ${cartId}) AS applied_ids,
      ARRAY(SELECT o.kind FROM cart_coupons a JOIN coupons o ON o.id = a.coupon_id
            WHERE a.cart_id = ${cartId} AND a.coupon_id <> c.id) AS other_kinds,
      ARRAY(SELECT o.code FROM cart_coupons a JOIN coupons o ON o.id = a.coupon_id
            WHERE a.cart_id = ${cartId} AND a.coupon_id <> c.id) AS other_codes
    FROM coupons c
    WHERE c.store_id = ${storeId} AND lower(c.code) = lower(${options.code})`);
  const row = rows[0] as
    (CouponRow & { applied_ids: string[]; other_kinds: CouponKind[]; other_codes: string[] }) | undefined;
  const field = [{ path: 'body.code', message: 'not usable' }];
  if (!row || !row.active) {
    throw new AppError('COUPON_NOT_FOUND', `There is no coupon ${options.code}.`, {
      errors: [{ path: 'body.code', message: 'unknown code' }],
    });
  }
  const facts = factsOf(row);
  const verdict = evaluateCoupon(facts, options.cart, options.at ?? new Date());
  const alreadyApplied = row.applied_ids.includes(row.id);
  if (!verdict.ok) throw new AppError(verdict.error, verdict.message, { errors: field });
  if (alreadyApplied) return { discount: verdict.discount, alreadyApplied };
  const clash = row.other_kinds.findIndex((k) => couponSlot(k) === couponSlot(facts.kind));
  if (clash >= 0) {
    throw new AppError(
      'COUPON_NOT_APPLICABLE',
      `The cart already has ${couponSlot(facts.kind) === 'shipping' ? 'a free-shipping' : 'a discount'} code (${row.other_codes[clash]}); remove it first.`,
      { errors: field },
    );
  }
  await tx.execute(sql`
    INSERT INTO cart_coupons (store_id, cart_id, coupon_id, discount_amount, currency)
    VALUES (${storeId}, ${cartId}, ${row.id}, ${verdict.discount.amount}, ${options.cart.currency})`);
  return { discount: verdict.discount, alreadyApplied: false };
}

/** Take `code` off the cart; 404 when the cart does not have it. */
export async function removeCouponFromCart(
  tx: Tx,
  options: { storeId: string; cartId: string; code: string },
): Promise<{ couponId: string; code: string }> {
  const { rows } = await tx.execute<{ coupon_id: string; code: string }>(sql`
    DELETE FROM cart_coupons a USING coupons c
    WHERE a.cart_id = ${options.cartId} AND a.store_id = ${options.storeId} AND c.id = a.coupon_id
      AND lower(c.code) = lower(${options.code})
    RETURNING a.coupon_id, c.code`);
  if (!rows[0]) {
    throw new AppError('COUPON_NOT_FOUND', `The cart has no coupon ${options.code}.`, {
      errors: [{ path: 'params.code', message: 'not applied to this cart' }],
    });
  }
  return { couponId: rows[0].coupon_id, code: rows[0].code };
}

/**
 * Re-check every coupon of the cart against its current lines (on every cart change): those that
 * still apply come back with their discount (and the amount is remembered for redemption), those
 * that stopped applying are taken off and come back in `removed` with the reason. One statement
 * to read; one more only when something changed.
 */
export async function evaluateCartCoupons(
  tx: Tx,
  options: { storeId: string; cartId: string; shopper: CouponShopper; cart: CouponCart; at?: Date },
): Promise<{ discounts: CouponDiscount[]; removed: RemovedCoupon[] }> {
  const { storeId, cartId } = options;
  const { rows } = await tx.execute<CouponRow & { discount_amount: number; applied_currency: string }>(sql`
    SELECT c.*, a.discount_amount, a.currency AS applied_currency,
      ${customerRedemptions(options.shopper)} AS customer_redemptions
    FROM cart_coupons a JOIN coupons c ON c.id = a.coupon_id
    WHERE a.cart_id = ${cartId} AND a.store_id = ${storeId}
    ORDER BY a.applied_at, c.id`);
  const at = options.at ?? new Date();
  const discounts: CouponDiscount[] = [];
  const removed: RemovedCoupon[] = [];
  const changed: { id: string; amount: number }[] = [];
  for (const row of rows) {
    const verdict = evaluateCoupon(factsOf(row), options.cart, at);
    if (!verdict.ok) {
      removed.push({ couponId: row.id, code: row.code, error: verdict.error, message: verdict.message });
      continue;
    }
    discounts.push(verdict.discount);
    if (verdict.discount.amount !== row.discount_amount || row.applied_currency !== options.cart.currency) {
      changed.push({ id: row.id, amount: verdict.discount.amount });
    }
  }
  if (removed.length || changed.length) {
    await tx.execute(sql`
      WITH gone AS (
        DELETE FROM cart_coupons WHERE cart_id = ${cartId}
          AND coupon_id = ANY(${sql.param(removed.map((r) => r.couponId))}::text[])
      )
      UPDATE cart_coupons a SET discount_amount = x.amount, currency = ${options.cart.currency}
      FROM unnest(${sql.param(changed.map((c) => c.id))}::text[], ${sql.param(changed.map((c) => c.amount))}::bigint[])
        AS x(coupon_id, amount)
      WHERE a.cart_id = ${cartId} AND a.coupon_id = x.coupon_id`);
  }
  return { discounts, removed };
}

/**
 * At sign-in, move the anonymous cart's coupons to the customer's cart where it has no code of
 * that kind yet (the next evaluation of the target decides whether they still apply); the rest
 * are dropped with the source cart.
 */
export async function moveCartCoupons(
  tx: Tx,
  options: { storeId: string; fromCartId: string; toCartId: string },
): Promise<{ moved: string[]; dropped: string[] }> {
  const { rows } = await tx.execute<{
    coupon_id: string;
    code: string;
    kind: CouponKind;
    cart_id: string;
  }>(sql`
    SELECT a.coupon_id, a.cart_id, c.code, c.kind FROM cart_coupons a JOIN coupons c ON c.id = a.coupon_id
    WHERE a.store_id = ${options.storeId} AND a.cart_id IN (${options.fromCartId}, ${options.toCartId})
    ORDER BY a.applied_at, a.coupon_id`);
  const taken = new Set(rows.filter((r) => r.cart_id === options.toCartId).map((r) => couponSlot(r.kind)));
  const takenIds = new Set(rows.filter((r) => r.cart_id === options.toCartId).map((r) => r.coupon_id));
  const moved: string[] = [];
  const dropped: string[] = [];
  for (const r of rows.filter((x) => x.cart_id === options.fromCartId)) {
    if (takenIds.has(r.coupon_id) || taken.has(couponSlot(r.kind))) {
      dropped.push(r.code);
    } else {
      taken.add(couponSlot(r.kind));
      moved.push(r.coupon_id);
    }
  }
  if (rows.some((r) => r.cart_id === options.fromCartId)) {
    await tx.execute(sql`
      WITH gone AS (DELETE FROM cart_coupons WHERE cart_id = ${options.fromCartId} RETURNING *)
      INSERT INTO cart_coupons (store_id, cart_id, coupon_id, discount_amount, currency, applied_at)
      SELECT store_id, ${options.toCartId}, coupon_id, discount_amount, currency, applied_at FROM gone
      WHERE coupon_id = ANY(${sql.param(moved)}::text[])`);
  }
  return {
    moved: rows.filter((r) => moved.includes(r.coupon_id)).map((r) => r.code),
    dropped,
  };
}
