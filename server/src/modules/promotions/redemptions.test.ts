import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../../../test/harness.ts';
import { createTestStore } from '../../../test/identity.ts';
import { withStore } from '../../platform/db/database.ts';
import { isAppError } from '../../platform/errors.ts';
import { addCartLine, applyCartCoupon, createCart, getCartForCheckout } from '../cart/service.ts';
import { insertSellableProduct } from '../cart/testing.ts';
import { createCoupon, deleteCoupon, getCoupon, redeemCoupons, releaseCouponRedemptions } from './service.ts';

/**
 * Redemption at order placement must hold under concurrency: 20 checkouts racing for a coupon
 * limited to 5 uses give exactly 5 redemptions, whatever the interleaving; a per-customer limit
 * holds the same way; retries and releases neither double nor lose a use.
 */
let platform: TestPlatform;
let storeId: string;
let variantId: string;
const trusted = { customerId: null, trusted: true };

beforeAll(async () => {
  platform = await createTestPlatform();
  storeId = (await createTestStore(platform)).id;
  variantId = (await insertSellableProduct(platform.db, storeId, { price: 2000, stock: 1000 }))
    .variantIds[0]!;
});
afterAll(() => platform?.close());

/** A cart with one line and `code` applied (applying checks limits too, so do it before any redemption). */
async function cartWithCoupon(code: string, email: string): Promise<string> {
  const { cart } = await createCart(platform.db, { storeId, input: { email } });
  await addCartLine(platform.db, {
    storeId,
    cartId: cart.id,
    access: trusted,
    input: { variant_id: variantId },
  });
  const applied = await applyCartCoupon(platform.db, {
    storeId,
    cartId: cart.id,
    access: trusted,
    input: { code },
  });
  expect(applied.discounts.map((d) => d.code)).toEqual([code]);
  return cart.id;
}

function redeem(cartId: string, orderId: string, email: string | null, customerId: string | null = null) {
  return withStore(platform.db, storeId, (tx) =>
    redeemCoupons(tx, { storeId, cartId, orderId, customerId, email }),
  );
}

async function redemptionCount(couponId: string): Promise<{ redeemed: number; counter: number }> {
  const { rows } = await platform.db.execute<{ redeemed: number; counter: number }>(sql`
    SELECT (SELECT count(*)::int FROM coupon_redemptions WHERE coupon_id = ${couponId} AND status = 'redeemed') AS redeemed,
           (SELECT times_redeemed FROM coupons WHERE id = ${couponId}) AS counter`);
  return rows[0]!;
}

describe('redeemCoupons', () => {
  it('20 concurrent redemptions of a coupon limited to 5: exactly 5 succeed, the rest get COUPON_LIMIT_REACHED', async () => {
    const coupon = await createCoupon(platform.db, {
      storeId,
      input: { code: 'FIVEUSES', discount: { kind: 'percentage', basis_points: 1000 }, usage_limit: 5 },
    });
    const carts = [];
    for (let i = 0; i < 20; i++) carts.push(await cartWithCoupon('FIVEUSES', `s${i}@example.com`));
    const results = await Promise.allSettled(
      carts.map((cartId, i) => redeem(cartId, `ord_race_${i}`, `s${i}@example.com`)),
    );
    const ok = results.filter((r) => r.status === 'fulfilled');
    const refused = results.flatMap((r) => (r.status === 'rejected' ? [r.reason] : []));
    expect(ok).toHaveLength(5);
    expect(refused).toHaveLength(15);
    for (const err of refused) expect(isAppError(err) && err.code).toBe('COUPON_LIMIT_REACHED');
    expect(await redemptionCount(coupon.id)).toEqual({ redeemed: 5, counter: 5 });
    for (const r of ok) {
      expect((r as PromiseFulfilledResult<Awaited<ReturnType<typeof redeem>>>).value).toEqual([
        expect.objectContaining({ code: 'FIVEUSES', amount: 200, currency: 'USD' }),
      ]);
    }
    // The coupon is used up: new carts cannot apply it, and carts that hold it lose it at their next change.
    const refusedApply = await cartWithCoupon('FIVEUSES', 'late@example.com').catch((e: unknown) => e);
    expect(isAppError(refusedApply) && refusedApply.code).toBe('COUPON_LIMIT_REACHED');
    const loser = carts[results.findIndex((r) => r.status === 'rejected')]!;
    const revalidated = await getCartForCheckout(platform.db, { storeId, cartId: loser });
    expect(revalidated.discounts).toEqual([]);
    expect(revalidated.notices).toEqual([
      expect.objectContaining({
        code: 'coupon_removed',
        coupon_code: 'FIVEUSES',
        reason: 'COUPON_LIMIT_REACHED',
      }),
    ]);
    const { rows } = await platform.db.execute<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM events WHERE type = 'coupon.redeemed' AND aggregate_id = ${coupon.id}`,
    );
    expect(rows[0]!.n).toBe(5);
    // A redeemed coupon cannot be deleted.
    const del = await deleteCoupon(platform.db, { storeId, couponId: coupon.id }).catch((e: unknown) => e);
    expect(isAppError(del) && del.code).toBe('CONFLICT');
  });

  it('a per-customer limit holds under concurrency too (a guest counted by e-mail, a customer by id)', async () => {
    const coupon = await createCoupon(platform.db, {
      storeId,
      input: {
        code: 'ONCE',
        discount: { kind: 'fixed_amount', amounts: { USD: 300 } },
        per_customer_limit: 1,
      },
    });
    const carts = [];
    for (let i = 0; i < 10; i++) carts.push(await cartWithCoupon('ONCE', 'same@example.com'));
    const results = await Promise.allSettled(
      carts.map((cartId, i) => redeem(cartId, `ord_once_${i}`, 'Same@Example.com')),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results) {
      if (r.status === 'rejected') expect(isAppError(r.reason) && r.reason.code).toBe('COUPON_LIMIT_REACHED');
    }
    expect(await redemptionCount(coupon.id)).toEqual({ redeemed: 1, counter: 1 });
    // Another shopper may still use it; a customer id counts across e-mails.
    const other = await cartWithCoupon('ONCE', 'other@example.com');
    expect(await redeem(other, 'ord_once_other', 'other@example.com', 'cus_a')).toHaveLength(1);
    const again = await cartWithCoupon('ONCE', 'third@example.com');
    const refused = await redeem(again, 'ord_once_third', 'third@example.com', 'cus_a').catch(
      (e: unknown) => e,
    );
    expect(isAppError(refused) && refused.code).toBe('COUPON_LIMIT_REACHED');
    // Applying it to a cart of a shopper who has used it up is refused up front.
    const { cart } = await createCart(platform.db, { storeId, input: { email: 'same@example.com' } });
    await addCartLine(platform.db, {
      storeId,
      cartId: cart.id,
      access: trusted,
      input: { variant_id: variantId },
    });
    const early = await applyCartCoupon(platform.db, {
      storeId,
      cartId: cart.id,
      access: trusted,
      input: { code: 'once' },
    }).catch((e: unknown) => e);
    expect(isAppError(early) && early.code).toBe('COUPON_LIMIT_REACHED');
  });

  it('redeeming an order again returns its redemption; a release gives the use back, once', async () => {
    const coupon = await createCoupon(platform.db, {
      storeId,
      input: { code: 'ONEUSE', discount: { kind: 'free_shipping' }, usage_limit: 1 },
    });
    const first = await cartWithCoupon('ONEUSE', 'a@example.com');
    const second = await cartWithCoupon('ONEUSE', 'b@example.com');
    const redeemed = await redeem(first, 'ord_one_a', 'a@example.com');
    expect(await redeem(first, 'ord_one_a', 'a@example.com')).toEqual(redeemed);
    expect(await redemptionCount(coupon.id)).toEqual({ redeemed: 1, counter: 1 });
    const refused = await redeem(second, 'ord_one_b', 'b@example.com').catch((e: unknown) => e);
    expect(isAppError(refused) && refused.code).toBe('COUPON_LIMIT_REACHED');

    const release = () =>
      withStore(platform.db, storeId, (tx) =>
        releaseCouponRedemptions(tx, { storeId, orderId: 'ord_one_a' }),
      );
    const [r1, r2] = await Promise.all([release(), release()]);
    expect(r1.length + r2.length).toBe(1);
    expect(await release()).toEqual([]);
    expect(await redemptionCount(coupon.id)).toEqual({ redeemed: 0, counter: 0 });
    expect(await redeem(second, 'ord_one_b', 'b@example.com')).toHaveLength(1);
    expect((await getCoupon(platform.db, { storeId, couponId: coupon.id })).times_redeemed).toBe(1);
    // The released order can redeem again only if there is room: there is none now.
    const back = await redeem(first, 'ord_one_a', 'a@example.com').catch((e: unknown) => e);
    expect(isAppError(back) && back.code).toBe('COUPON_LIMIT_REACHED');
  });

  it('refuses a coupon that expired or was deactivated since it was applied, and the order rolls back with it', async () => {
    const coupon = await createCoupon(platform.db, {
      storeId,
      input: { code: 'SOONGONE', discount: { kind: 'percentage', basis_points: 500 } },
    });
    const cartId = await cartWithCoupon('SOONGONE', 'c@example.com');
    await platform.db.execute(
      sql`UPDATE coupons SET ends_at = now() - interval '1 minute' WHERE id = ${coupon.id}`,
    );
    const expired = await redeem(cartId, 'ord_gone', 'c@example.com').catch((e: unknown) => e);
    expect(isAppError(expired) && expired.code).toBe('COUPON_EXPIRED');
    await platform.db.execute(sql`UPDATE coupons SET ends_at = NULL, active = false WHERE id = ${coupon.id}`);
    const inactive = await redeem(cartId, 'ord_gone', 'c@example.com').catch((e: unknown) => e);
    expect(isAppError(inactive) && inactive.code).toBe('COUPON_NOT_FOUND');
    expect(await redemptionCount(coupon.id)).toEqual({ redeemed: 0, counter: 0 });
  });

  it('a cart without coupons redeems nothing', async () => {
    const { cart } = await createCart(platform.db, { storeId, input: {} });
    expect(await redeem(cart.id, 'ord_none', null)).toEqual([]);
  });
});
