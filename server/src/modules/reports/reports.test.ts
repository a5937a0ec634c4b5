import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../../../test/harness.ts';
import { call, createStaffSession, createTestApiKey } from '../../../test/identity.ts';
import { insertSellableProduct, type SellableProduct } from '../cart/testing.ts';
import { seedDemoShipping } from '../shipping/seed.ts';
import { seedDemoTax } from '../tax/seed.ts';
import { updateStore } from '../tenancy/service.ts';
import { addDays, localDate, salesReport } from './sales.ts';

/** The dashboard's report over HTTP, on real orders placed through the store API's checkout. */
let server: Awaited<ReturnType<typeof startTestServer>>;
let storeId: string;
let owner: Awaited<ReturnType<typeof createStaffSession>>;
let pk: Record<string, string>;
let shirt: SellableProduct;

const CA = { line1: '1 Main St', city: 'San Francisco', region: 'CA', postal_code: '94105', country: 'US' };

beforeAll(async () => {
  server = await startTestServer({ worker: true });
  owner = await createStaffSession(server, { role: 'owner' });
  storeId = owner.storeId!;
  const db = server.platform.db;
  pk = (await createTestApiKey(server, { storeId, kind: 'publishable' })).headers;
  await seedDemoShipping(db, { storeId, country: 'US', currency: 'USD' });
  await seedDemoTax(db, { storeId });
  shirt = await insertSellableProduct(db, storeId, { price: 1500, stock: 100, title: 'Shirt' });
});
afterAll(async () => {
  await server?.close();
});

const store = (method: string, path: string, body?: unknown) =>
  call(server, method, path, { headers: pk, body });
const report = (query = '', headers = owner.headers) =>
  call(server, 'GET', `/admin/v1/reports/sales${query}`, { headers });

/** A guest's cart with `quantity` shirts, an address and shipping; paid with tok_visa when `pay`. */
async function guestCart(quantity: number, pay: boolean): Promise<{ cartId: string; total: number | null }> {
  const created = await store('POST', '/store/v1/carts', {
    email: 'guest@example.com',
    shipping_address: CA,
  });
  const cartId = created.body.id as string;
  await store('POST', `/store/v1/carts/${cartId}/lines`, { variant_id: shirt.variantIds[0], quantity });
  const options = await store('GET', `/store/v1/carts/${cartId}/shipping-options`);
  await store('PUT', `/store/v1/carts/${cartId}/shipping-method`, { method_id: options.body.data[0].id });
  if (!pay) return { cartId, total: null };
  const done = await store('POST', `/store/v1/carts/${cartId}/complete`, { payment_method: 'tok_visa' });
  expect(done.status, JSON.stringify(done.body)).toBe(200);
  return { cartId, total: done.body.order.totals.total as number };
}

describe('GET /admin/v1/reports/sales', () => {
  it('answers a store without sales with zeros for every day, oldest first', async () => {
    const res = await report('?days=7');
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.currency).toBe('USD');
    expect(res.body.time_zone).toBe('UTC');
    expect(res.body.days).toHaveLength(7);
    const today = localDate(new Date(), 'UTC');
    expect(res.body.days.map((d: { date: string }) => d.date)).toEqual(
      [6, 5, 4, 3, 2, 1, 0].map((n) => addDays(today, -n)),
    );
    expect(res.body.today).toEqual({
      date: today,
      orders: 0,
      carts: 0,
      conversion_rate: null,
      sales: [{ currency: 'USD', amount: 0 }],
      average_order_value: [],
    });
  });

  it("counts today's placed orders, their totals, carts and conversion", async () => {
    const a = await guestCart(1, true);
    const b = await guestCart(2, true);
    await guestCart(1, false); // a cart that did not convert
    const res = await report();
    expect(res.status).toBe(200);
    expect(res.body.days).toHaveLength(14);
    const sum = a.total! + b.total!;
    expect(res.body.today).toMatchObject({
      orders: 2,
      carts: 3,
      conversion_rate: 0.6667,
      sales: [{ currency: 'USD', amount: sum }],
      average_order_value: [{ currency: 'USD', amount: Math.round(sum / 2) }],
    });
  });

  it("puts an order on the day it was placed in the store's time zone", async () => {
    const { cartId } = await guestCart(1, true);
    const db = server.platform.db;
    // Placed 20:00 UTC on 10 March: 03:00 on 11 March in Ho Chi Minh City (UTC+7).
    await db.execute(sql`UPDATE orders SET created_at = '2026-03-10T20:00:00Z' WHERE cart_id = ${cartId}`);
    await db.execute(sql`UPDATE carts SET created_at = '2026-03-10T20:00:00Z' WHERE id = ${cartId}`);
    const now = new Date('2026-03-11T05:00:00Z');
    const utc = await salesReport(db, { storeId, query: { days: 2 }, now });
    expect(utc.days.map((d) => [d.date, d.orders, d.carts])).toEqual([
      ['2026-03-10', 1, 1],
      ['2026-03-11', 0, 0],
    ]);
    await updateStore(db, storeId, { timezone: 'Asia/Ho_Chi_Minh' });
    const vn = await salesReport(db, { storeId, query: { days: 2 }, now });
    expect(vn.time_zone).toBe('Asia/Ho_Chi_Minh');
    expect(vn.days.map((d) => [d.date, d.orders, d.carts])).toEqual([
      ['2026-03-10', 0, 0],
      ['2026-03-11', 1, 1],
    ]);
    expect(vn.today.conversion_rate).toBe(1);
    await updateStore(db, storeId, { timezone: 'UTC' });
  });

  it('is for every store role, refuses bad input and never shows another store', async () => {
    const readOnly = await createStaffSession(server, { role: 'read_only', storeId });
    expect((await report('', readOnly.headers)).status).toBe(200);
    expect((await call(server, 'GET', '/admin/v1/reports/sales')).status).toBe(401);
    expect((await report('?days=0')).status).toBe(400);
    expect((await report('?days=91')).status).toBe(400);
    expect((await report('?days=abc')).body.code).toBe('VALIDATION_FAILED');
    const stranger = await createStaffSession(server, { role: 'owner' });
    const theirs = await report('', stranger.headers);
    expect(theirs.status).toBe(200);
    expect(theirs.body.today).toMatchObject({ orders: 0, carts: 0 });
  });
});
