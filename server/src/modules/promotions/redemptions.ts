import { sql } from 'drizzle-orm';
import type { Tx } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { emitEvent } from '../../platform/events/outbox.ts';
import { newId } from '../../platform/ids.ts';

/**
 * Redemptions: an order's use of the coupons applied to its cart. Called by the checkout inside
 * the transaction that creates the order, so a refusal rolls the order back with it.
 */

export interface RedeemedCoupon {
  redemptionId: string;
  couponId: string;
  code: string;
  amount: number;
  currency: string;
}

interface Applied {
  [column: string]: unknown;
  coupon_id: string;
  discount_amount: number;
  currency: string;
}

interface Locked {
  [column: string]: unknown;
  id: string;
  code: string;
  times_redeemed: number;
  per_customer_limit: number | null;
}

/**
 * Record the redemption of every coupon applied to the cart by `orderId`. Race-safe: each
 * coupon's counter is raised by one conditional UPDATE that also row-locks the coupon, so
 * concurrent redemptions queue on the row and a global limit can never be exceeded; the
 * per-customer count is read after that lock, so it sees every redemption committed before.
 * A limit that would be exceeded (or a coupon expired or deactivated since it was applied) is
 * refused with a 4xx, and the caller's transaction must roll back. Redeeming the same order
 * again returns its redemptions unchanged. Coupons are locked in id order (no deadlocks).
 */
export async function redeemCoupons(
  tx: Tx,
  options: {
    storeId: string;
    cartId: string;
    orderId: string;
    customerId?: string | null;
    email?: string | null;
  },
): Promise<RedeemedCoupon[]> {
  const { storeId, cartId, orderId } = options;
  const customerId = options.customerId ?? null;
  const email = options.email?.trim().toLowerCase() || null;
  const { rows: applied } = await tx.execute<Applied>(sql`
    SELECT coupon_id, discount_amount, currency FROM cart_coupons
    WHERE store_id = ${storeId} AND cart_id = ${cartId} ORDER BY coupon_id`);
  const out: RedeemedCoupon[] = [];
  for (const a of applied) {
    const { rows: previous } = await tx.execute<{
      id: string;
      code: string;
      amount: number;
      currency: string;
    }>(sql`
      SELECT r.id, c.code, r.amount, r.currency FROM coupon_redemptions r JOIN coupons c ON c.id = r.coupon_id
      WHERE r.coupon_id = ${a.coupon_id} AND r.order_id = ${orderId} AND r.status = 'redeemed'`);
    if (previous[0]) {
      const p = previous[0];
      out.push({
        redemptionId: p.id,
        couponId: a.coupon_id,
        code: p.code,
        amount: p.amount,
        currency: p.currency,
      });
      continue;
    }
    const { rows: raised } = await tx.execute<Locked>(sql`
      UPDATE coupons SET times_redeemed = times_redeemed + 1, updated_at = now()
      WHERE id = ${a.coupon_id} AND store_id = ${storeId} AND active
        AND (starts_at IS NULL OR starts_at <= now()) AND (ends_at IS NULL OR ends_at > now())
        AND (usage_limit IS NULL OR times_redeemed < usage_limit)
      RETURNING id, code, times_redeemed, per_customer_limit`);
    const coupon = raised[0] ?? (await explainRefusal(tx, storeId, a.coupon_id));
    if (coupon.per_customer_limit !== null && (customerId || email)) {
      const { rows } = await tx.execute<{ n: number }>(sql`
        SELECT count(*)::int AS n FROM coupon_redemptions
        WHERE coupon_id = ${coupon.id} AND status = 'redeemed' AND order_id <> ${orderId}
          AND (customer_id = ${customerId} OR email = ${email})`);
      if (rows[0]!.n >= coupon.per_customer_limit) {
        throw new AppError(
          'COUPON_LIMIT_REACHED',
          `This customer has already used coupon ${coupon.code} as many times as it allows.`,
        );
      }
    }
    const redemptionId = newId('cpnred');
    const { rows: saved } = await tx.execute<{ id: string }>(sql`
      INSERT INTO coupon_redemptions AS r (id, store_id, coupon_id, order_id, cart_id, customer_id, email, amount, currency)
      VALUES (${redemptionId}, ${storeId}, ${coupon.id}, ${orderId}, ${cartId}, ${customerId}, ${email},
              ${a.discount_amount}, ${a.currency})
      ON CONFLICT (coupon_id, order_id) DO UPDATE
        SET status = 'redeemed', released_at = NULL, amount = excluded.amount, cart_id = excluded.cart_id,
            customer_id = excluded.customer_id, email = excluded.email, created_at = now()
        WHERE r.status = 'released'
      RETURNING r.id`);
    if (!saved[0]) {
      // Another transaction redeemed this order concurrently: ours must not count twice.
      throw new AppError('CONFLICT', `Order ${orderId} is already redeeming coupon ${coupon.code}.`);
    }
    const redeemed: RedeemedCoupon = {
      redemptionId: saved[0].id,
      couponId: coupon.id,
      code: coupon.code,
      amount: a.discount_amount,
      currency: a.currency,
    };
    await emitEvent(tx, {
      storeId,
      type: 'coupon.redeemed',
      aggregateType: 'coupon',
      aggregateId: coupon.id,
      payload: { ...redeemed, orderId, cartId, customerId, timesRedeemed: coupon.times_redeemed },
    });
    out.push(redeemed);
  }
  return out;
}

/** Why the conditional UPDATE matched nothing: gone, inactive, outside its window, or used up. */
async function explainRefusal(tx: Tx, storeId: string, couponId: string): Promise<never> {
  const { rows } = await tx.execute<{
    code: string;
    active: boolean;
    not_yet: boolean;
    ended: boolean;
  }>(sql`
    SELECT code, active, coalesce(starts_at > now(), false) AS not_yet, coalesce(ends_at <= now(), false) AS ended
    FROM coupons WHERE id = ${couponId} AND store_id = ${storeId}`);
  const c = rows[0];
  if (!c || !c.active) throw new AppError('COUPON_NOT_FOUND', `A coupon of this cart is no longer active.`);
  if (c.not_yet) throw new AppError('COUPON_NOT_YET_VALID', `Coupon ${c.code} is not valid yet.`);
  if (c.ended) throw new AppError('COUPON_EXPIRED', `Coupon ${c.code} has expired.`);
  throw new AppError('COUPON_LIMIT_REACHED', `Coupon ${c.code} has been used as many times as it may be.`);
}

/**
 * Give back the coupon uses of a cancelled checkout or order: its redemptions stop counting
 * toward the limits. Idempotent (a released redemption is left alone); coupons in id order.
 */
export async function releaseCouponRedemptions(
  tx: Tx,
  options: { storeId: string; orderId: string },
): Promise<RedeemedCoupon[]> {
  const { storeId, orderId } = options;
  const { rows } = await tx.execute<{
    id: string;
    coupon_id: string;
    cart_id: string | null;
    customer_id: string | null;
    amount: number;
    currency: string;
  }>(sql`
    SELECT id, coupon_id, cart_id, customer_id, amount, currency FROM coupon_redemptions
    WHERE store_id = ${storeId} AND order_id = ${orderId} AND status = 'redeemed'
    ORDER BY coupon_id`);
  const out: RedeemedCoupon[] = [];
  for (const r of rows) {
    // The coupon first, as redeemCoupons locks it: a release and a redemption never deadlock.
    await tx.execute(sql`SELECT 1 FROM coupons WHERE id = ${r.coupon_id} FOR UPDATE`);
    const { rows: released } = await tx.execute<{ id: string }>(sql`
      UPDATE coupon_redemptions SET status = 'released', released_at = now()
      WHERE id = ${r.id} AND status = 'redeemed' RETURNING id`);
    if (!released[0]) continue; // released concurrently while we waited for the lock
    const { rows: lowered } = await tx.execute<{ code: string; times_redeemed: number }>(sql`
      UPDATE coupons SET times_redeemed = times_redeemed - 1, updated_at = now()
      WHERE id = ${r.coupon_id} RETURNING code, times_redeemed`);
    const item: RedeemedCoupon = {
      redemptionId: r.id,
      couponId: r.coupon_id,
      code: lowered[0]!.code,
      amount: r.amount,
      currency: r.currency,
    };
    await emitEvent(tx, {
      storeId,
      type: 'coupon.redemption_released',
      aggregateType: 'coupon',
      aggregateId: r.coupon_id,
      payload: {
        ...item,
        orderId,
        cartId: r.cart_id,
        customerId: r.customer_id,
        timesRedeemed: lowered[0]!.times_redeemed,
      },
    });
    out.push(item);
  }
  return out;
}
