import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../../../test/harness.ts';
import { createTestStore } from '../../../test/identity.ts';
import { withStore } from '../../platform/db/database.ts';
import { isAppError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { setInventoryLevel } from '../inventory/service.ts';
import { createCoupon } from '../promotions/service.ts';
import {
  addCartLine,
  applyCartCoupon,
  checkoutTotals,
  createCart,
  getCartForCheckout,
  markCartCompleted,
  mergeCartIntoCustomerCart,
  cartsOfShopper,
  eraseShopperFromCarts,
  updateCartDetails,
  updateCartLine,
} from './service.ts';
import { insertSellableProduct, type SellableProduct } from './testing.ts';

/** What the checkout calls: the re-validated cart, totals with shipping and tax, completion. */
let platform: TestPlatform;
let storeId: string;
let shirt: SellableProduct;
let hat: SellableProduct;
const trusted = { customerId: null, trusted: true };

beforeAll(async () => {
  platform = await createTestPlatform();
  storeId = (await createTestStore(platform)).id;
  shirt = await insertSellableProduct(platform.db, storeId, { price: 1500, stock: 10 });
  hat = await insertSellableProduct(platform.db, storeId, {
    price: 900,
    stock: 10,
    locationId: shirt.locationId,
  });
  await createCoupon(platform.db, {
    storeId,
    input: { code: 'TWENTY', discount: { kind: 'percentage', basis_points: 2000 } },
  });
});
afterAll(() => platform?.close());

async function cart(lines: [string, number][]): Promise<string> {
  const { cart } = await createCart(platform.db, { storeId, input: { email: 'buyer@example.com' } });
  for (const [variant_id, quantity] of lines) {
    await addCartLine(platform.db, {
      storeId,
      cartId: cart.id,
      access: trusted,
      input: { variant_id, quantity },
    });
  }
  return cart.id;
}

async function eventTypes(cartId: string): Promise<string[]> {
  const { rows } = await platform.db.execute<{ type: string }>(
    sql`SELECT type FROM events WHERE aggregate_id = ${cartId} ORDER BY sequence`,
  );
  return rows.map((r) => r.type);
}

describe('getCartForCheckout', () => {
  it('re-validates stock and sale status: reduces, removes, says so, writes it with its events', async () => {
    const id = await cart([
      [shirt.variantIds[0]!, 5],
      [hat.variantIds[0]!, 2],
    ]);
    await setInventoryLevel(platform.db, {
      storeId,
      input: { variant_id: shirt.variantIds[0]!, location_id: shirt.locationId, on_hand: 3 },
    });
    await platform.db.execute(sql`UPDATE products SET status = 'archived' WHERE id = ${hat.productId}`);
    const checked = await getCartForCheckout(platform.db, { storeId, cartId: id });
    expect(checked.lines.map((l) => [l.variant_id, l.quantity])).toEqual([[shirt.variantIds[0], 3]]);
    expect(checked.notices.map((n) => `${n.code}:${n.reason}`)).toEqual([
      'quantity_reduced:stock',
      'line_removed:unavailable',
    ]);
    expect(checked.totals.subtotal).toBe(4500);
    expect((await eventTypes(id)).slice(-2)).toEqual(['cart.line_updated', 'cart.line_removed']);
    // Nothing left to correct: no notices, no new version.
    const again = await getCartForCheckout(platform.db, { storeId, cartId: id });
    expect(again.notices).toEqual([]);
    expect(again.version).toBe(checked.version);
    await platform.db.execute(sql`UPDATE products SET status = 'active' WHERE id = ${hat.productId}`);
    await setInventoryLevel(platform.db, {
      storeId,
      input: { variant_id: shirt.variantIds[0]!, location_id: shirt.locationId, on_hand: 10 },
    });
  });

  it('feeds shipping and tax into cartTotals from the lines it returns', async () => {
    const id = await cart([
      [shirt.variantIds[0]!, 1],
      [hat.variantIds[0]!, 1],
    ]);
    await applyCartCoupon(platform.db, { storeId, cartId: id, access: trusted, input: { code: 'TWENTY' } });
    const c = await getCartForCheckout(platform.db, { storeId, cartId: id });
    expect(c.totals).toMatchObject({ subtotal: 2400, discount_total: 480, total: 1920 });
    expect(c.discounts[0]!.lines.reduce((sum, l) => sum + l.amount, 0)).toBe(480);
    // What calculateTax would get: each line's amount after its discount share.
    expect(c.lines.map((l) => l.total)).toEqual([1200, 720]);
    const totals = checkoutTotals(c, {
      shipping: { amount: 500 },
      tax: {
        inclusive: false,
        lines: c.lines.map((l) => ({ id: l.id, tax: Math.round(l.total / 10) })),
        shippingTax: 50,
        total: 120 + 72 + 50,
      },
    });
    expect(totals).toMatchObject({
      subtotal: 2400,
      discountTotal: 480,
      shippingTotal: 500,
      taxTotal: 242,
      total: 2400 - 480 + 500 + 242,
    });
  });

  it('refuses expired and merged carts; a completed one comes back as it is', async () => {
    const expired = await cart([]);
    await platform.db.execute(
      sql`UPDATE carts SET expires_at = now() - interval '1 second' WHERE id = ${expired}`,
    );
    const e = await getCartForCheckout(platform.db, { storeId, cartId: expired }).catch((x: unknown) => x);
    expect(isAppError(e) && e.code).toBe('CART_EXPIRED');
    const customerId = newId('cus');
    await platform.db.execute(
      sql`INSERT INTO customers (id, store_id, email) VALUES (${customerId}, ${storeId}, 'm@example.com')`,
    );
    await createCart(platform.db, { storeId, customerId, input: {} });
    const anonymous = await cart([[hat.variantIds[0]!, 1]]);
    await mergeCartIntoCustomerCart(platform.db, { storeId, customerId, cartId: anonymous });
    const m = await getCartForCheckout(platform.db, { storeId, cartId: anonymous }).catch((x: unknown) => x);
    expect(isAppError(m) && m.code).toBe('CART_NOT_ACTIVE');
    expect(
      (await getCartForCheckout(platform.db, { storeId, cartId: 'cart_nope' }).catch(
        (x: unknown) => x,
      )) as object,
    ).toMatchObject({
      code: 'NOT_FOUND',
    });
  });
});

describe('markCartCompleted', () => {
  it('completes once per order, in the caller’s transaction; a completed cart refuses changes with 409', async () => {
    const id = await cart([[shirt.variantIds[0]!, 1]]);
    const complete = (orderId: string) =>
      withStore(platform.db, storeId, (tx) => markCartCompleted(tx, { storeId, cartId: id, orderId }));
    // Rolled back with the caller's transaction: nothing happened.
    await withStore(platform.db, storeId, async (tx) => {
      await markCartCompleted(tx, { storeId, cartId: id, orderId: 'ord_rolled_back' });
      throw new Error('order failed');
    }).catch(() => undefined);
    expect((await getCartForCheckout(platform.db, { storeId, cartId: id })).status).toBe('active');

    // The order was built from an older version of the cart: refused, nothing changes.
    const stale = await withStore(platform.db, storeId, (tx) =>
      markCartCompleted(tx, { storeId, cartId: id, orderId: 'ord_1', version: 1 }),
    ).catch((x: unknown) => x);
    expect(isAppError(stale) && stale.code).toBe('CONFLICT');
    const [a, b] = await Promise.all([complete('ord_1'), complete('ord_1')]);
    expect(a).toMatchObject({ status: 'completed', order_id: 'ord_1' });
    expect(b.version).toBe(a.version);
    const other = await complete('ord_2').catch((x: unknown) => x);
    expect(isAppError(other) && other.code).toBe('CART_NOT_ACTIVE');
    for (const change of [
      () =>
        addCartLine(platform.db, {
          storeId,
          cartId: id,
          access: trusted,
          input: { variant_id: hat.variantIds[0]! },
        }),
      () =>
        updateCartDetails(platform.db, {
          storeId,
          cartId: id,
          access: trusted,
          input: { email: 'x@example.com' },
        }),
      () => applyCartCoupon(platform.db, { storeId, cartId: id, access: trusted, input: { code: 'TWENTY' } }),
    ]) {
      const err = await change().catch((x: unknown) => x);
      expect(isAppError(err) && err.status).toBe(409);
      expect(isAppError(err) && err.code).toBe('CART_NOT_ACTIVE');
    }
    const retried = await getCartForCheckout(platform.db, { storeId, cartId: id });
    expect(retried).toMatchObject({ status: 'completed', order_id: 'ord_1', notices: [] });
    expect((await eventTypes(id)).filter((t) => t === 'cart.completed')).toHaveLength(1);
  });
});

describe('personal data', () => {
  it("exports a shopper's carts and erases the personal data from them", async () => {
    const id = await cart([[hat.variantIds[0]!, 1]]);
    await updateCartDetails(platform.db, {
      storeId,
      cartId: id,
      access: trusted,
      input: {
        email: 'Gdpr@Example.com',
        shipping_address: { line1: '1 Main St', city: 'Austin', country: 'US', postal_code: '73301' },
      },
    });
    const line = (await getCartForCheckout(platform.db, { storeId, cartId: id })).lines[0]!;
    await updateCartLine(platform.db, {
      storeId,
      cartId: id,
      access: trusted,
      lineId: line.id,
      input: { properties: { Engraving: 'For Gdpr' } },
    });
    const exported = await cartsOfShopper(platform.db, { storeId, email: 'gdpr@example.com' });
    expect(exported.map((c) => c.id)).toEqual([id]);
    expect(exported[0]!.shipping_address).toMatchObject({ city: 'Austin' });
    const erased = await withStore(platform.db, storeId, (tx) =>
      eraseShopperFromCarts(tx, { storeId, email: 'GDPR@example.com' }),
    );
    expect(erased).toBe(1);
    const after = await getCartForCheckout(platform.db, { storeId, cartId: id });
    expect(after).toMatchObject({ email: null, shipping_address: null, customer_id: null });
    expect(after.lines).toHaveLength(1);
    expect(after.lines[0]!.properties).toEqual({});
    expect(await cartsOfShopper(platform.db, { storeId, email: 'gdpr@example.com' })).toEqual([]);
    const { rows } = await platform.db.execute<{ payload: Record<string, unknown> }>(
      sql`SELECT payload FROM events WHERE aggregate_id = ${id} AND type = 'cart.contact_updated' ORDER BY sequence DESC LIMIT 1`,
    );
    expect(rows[0]!.payload).toMatchObject({
      reason: 'erased',
      email: null,
      changed: ['email', 'shipping_address', 'properties'],
    });
  });
});
