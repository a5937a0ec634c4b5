import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../../../test/harness.ts';
import { call, createTestApiKey, createTestStore } from '../../../test/identity.ts';
import { sql } from 'drizzle-orm';
import { setInventoryLevel } from '../inventory/levels.ts';
import { commitReservation, reserveStock } from '../inventory/service.ts';
import { createStockLocation } from '../inventory/locations.ts';
import {
  createFixtureCategory,
  createFixtureCollection,
  createFixtureProduct,
  translateFixtureProduct,
  updateFixtureProduct,
} from '../search/test-fixtures.ts';

let server: Awaited<ReturnType<typeof startTestServer>>;
let storeId: string;
let key: Record<string, string>;
let otherKey: Record<string, string>;
let locationId: string;
let tee: { id: string; variantIds: string[] };
let category: string;
const listed: string[] = [];

const get = (path: string, headers = key) => call(server, 'GET', path, { headers });

async function eventually<T>(fn: () => Promise<T>, check: (v: T) => boolean, timeoutMs = 3000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (check(v) || Date.now() > deadline) return v;
    await new Promise((r) => setTimeout(r, 25));
  }
}

beforeAll(async () => {
  server = await startTestServer({ worker: true });
  const db = server.platform.db;
  storeId = (await createTestStore(server, { currency: 'USD' })).id;
  key = (await createTestApiKey(server, { storeId, kind: 'publishable' })).headers;
  const other = await createTestStore(server);
  otherKey = (await createTestApiKey(server, { storeId: other.id, kind: 'publishable' })).headers;
  category = await createFixtureCategory(db, storeId, { name: 'Shirts', handle: 'shirts' });
  tee = await createFixtureProduct(db, storeId, {
    handle: 'red-tee',
    title: 'Red Tee',
    description: 'A **red** tee.',
    brand: 'Acme',
    tags: ['summer'],
    categoryIds: [category],
    options: [{ name: 'Size', values: ['M', 'L'] }],
    variants: [
      { sku: 'RT-M', optionValues: { Size: 'M' }, prices: { USD: 1999, EUR: 1899 } },
      { sku: 'RT-L', optionValues: { Size: 'L' }, prices: { USD: 2199 } },
    ],
  });
  await translateFixtureProduct(db, storeId, tee.id, { locale: 'vi', title: 'Áo thun đỏ' });
  locationId = (await createStockLocation(db, { storeId, input: { name: 'Main', code: 'MAIN' } })).id;
  await setInventoryLevel(db, {
    storeId,
    input: { variant_id: tee.variantIds[0]!, location_id: locationId, on_hand: 7 },
  });
  await createFixtureProduct(db, storeId, {
    handle: 'draft-tee',
    title: 'Draft Tee',
    status: 'draft',
    variants: [{ sku: 'DT-1' }],
  });
  for (let i = 0; i < 5; i++) {
    const p = await createFixtureProduct(db, storeId, {
      handle: `shirt-${i}`,
      title: `Shirt ${i}`,
      categoryIds: [category],
      variants: [{ sku: `SH-${i}`, prices: { USD: 1000 + i } }],
      createdAt: `2026-01-0${i + 1}T00:00:00Z`,
    });
    listed.push(p.id);
  }
}, 60_000);

afterAll(async () => {
  await server?.close();
});

describe('GET /store/v1/products/handle/:handle and /:id', () => {
  it('returns the product with prices in the store currency and availability per variant', async () => {
    const r = await get('/store/v1/products/handle/red-tee');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      id: tee.id,
      handle: 'red-tee',
      title: 'Red Tee',
      brand: 'Acme',
      currency: 'USD',
      locale: null,
      category_ids: [category],
      options: [{ name: 'Size', position: 0, values: ['M', 'L'] }],
      price_range: { min: 1999, max: 2199 },
      in_stock: true,
    });
    expect(r.body.variants).toEqual([
      expect.objectContaining({
        sku: 'RT-M',
        option_values: { Size: 'M' },
        price: { amount: 1999, currency: 'USD', compare_at_amount: null },
        available: 7,
        in_stock: true,
      }),
      expect.objectContaining({ sku: 'RT-L', available: 0, in_stock: false }),
    ]);
    const byId = await get(`/store/v1/products/${tee.id}`);
    expect(byId.body).toEqual(r.body);
  });

  it("prices in the shopper's currency and translates for ?locale=", async () => {
    const r = await get('/store/v1/products/handle/red-tee?currency=EUR&locale=vi-VN');
    expect(r.body.title).toBe('Áo thun đỏ');
    expect(r.body.locale).toBe('vi');
    expect(r.body.currency).toBe('EUR');
    expect(r.body.variants[0].price).toEqual({ amount: 1899, currency: 'EUR', compare_at_amount: null });
    expect(r.body.variants[1].price).toBeNull(); // no EUR price and no exchange rate
  });

  it('hides drafts, unknown products and other stores’ products', async () => {
    expect((await get('/store/v1/products/handle/draft-tee')).status).toBe(404);
    expect((await get('/store/v1/products/handle/nope')).status).toBe(404);
    expect((await get('/store/v1/products/prod_nope')).status).toBe(404);
    expect((await get('/store/v1/products/handle/red-tee', otherKey)).status).toBe(404);
    expect((await get(`/store/v1/products/${tee.id}`, otherKey)).status).toBe(404);
    expect((await get('/store/v1/products/handle/red-tee', {})).status).toBe(401);
  });

  it('refuses bad input', async () => {
    expect((await get('/store/v1/products/handle/red-tee?currency=XYZ')).status).toBe(400);
    expect((await get('/store/v1/products/handle/red-tee?currency=usd')).status).toBe(400);
    expect((await get('/store/v1/products/handle/red-tee?locale=not a locale')).status).toBe(400);
    expect((await get(`/store/v1/products/handle/${'x'.repeat(300)}`)).status).toBe(414); // longer than any handle
  });

  it('shows catalog and stock changes promptly despite the cache', async () => {
    await get('/store/v1/products/handle/red-tee'); // warm
    await updateFixtureProduct(server.platform.db, storeId, tee.id, { title: 'Crimson Tee' });
    const renamed = await eventually(
      () => get('/store/v1/products/handle/red-tee'),
      (r) => r.body.title === 'Crimson Tee',
    );
    expect(renamed.body.title).toBe('Crimson Tee');
    await setInventoryLevel(server.platform.db, {
      storeId,
      input: { variant_id: tee.variantIds[1]!, location_id: locationId, on_hand: 3 },
    });
    const restocked = await eventually(
      () => get('/store/v1/products/handle/red-tee'),
      (r) => r.body.variants[1].available === 3,
    );
    expect(restocked.body.variants[1]).toMatchObject({ available: 3, in_stock: true });
    await updateFixtureProduct(server.platform.db, storeId, tee.id, { status: 'archived' });
    const archived = await eventually(
      () => get('/store/v1/products/handle/red-tee'),
      (r) => r.status === 404,
    );
    expect(archived.status).toBe(404);
    await updateFixtureProduct(server.platform.db, storeId, tee.id, { status: 'active' });
  });

  it('shows stock held by a checkout at once; its order taking the units changes nothing shoppers see', async () => {
    const db = server.platform.db;
    const page = () => get('/store/v1/products/handle/red-tee');
    // (The test before archived the product and made it active again.)
    const before = (await eventually(page, (r) => r.status === 200)).body.variants[0].available as number;
    const { reservation } = await reserveStock(db, {
      storeId,
      input: {
        key: 'storefront-test',
        owner_ref: 'test',
        expires_in_seconds: 600,
        lines: [{ variant_id: tee.variantIds[0]!, quantity: 2 }],
      },
    });
    const held = await eventually(page, (r) => r.body.variants[0].available === before - 2);
    expect(held.body.variants[0].available).toBe(before - 2);
    await commitReservation(db, { storeId, reservationId: reservation.id, orderRef: 'ord_test' });
    expect((await page()).body.variants[0]).toMatchObject({ available: before - 2, in_stock: true });
    // The commit is dispatched like any event, but the cache's subscriber gets no delivery for it.
    const deliveries = await eventually(
      () =>
        db.execute<{ type: string; subscriber: string | null; dispatched: boolean }>(sql`
          SELECT e.type, d.subscriber,
            NOT EXISTS (SELECT 1 FROM events_undispatched q WHERE q.id = e.id) AS dispatched FROM events e
          LEFT JOIN event_deliveries d ON d.event_id = e.id AND d.subscriber = 'storefront.cache'
          WHERE e.aggregate_id = ${reservation.id} ORDER BY e.sequence`),
      (r) => r.rows.every((x) => x.dispatched),
    );
    expect(deliveries.rows).toEqual([
      { type: 'inventory.reserved', subscriber: 'storefront.cache', dispatched: true },
      { type: 'inventory.committed', subscriber: null, dispatched: true },
    ]);
  });
});

describe('GET /store/v1/products', () => {
  it('lists a category newest first with cursor pagination', async () => {
    await eventually(
      () => get(`/store/v1/products?category=${category}`),
      (r) => r.body.total === 6,
    );
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const r: { status: number; body: { data: { id: string }[]; next_cursor: string | null } } = await get(
        `/store/v1/products?category=${category}&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(r.status).toBe(200);
      seen.push(...r.body.data.map((p) => p.id));
      cursor = r.body.next_cursor;
    } while (cursor);
    expect(seen.length).toBe(6);
    expect(seen.slice(1)).toEqual([...listed].reverse());
  });

  it('lists a collection in its manual order', async () => {
    const order = [listed[2]!, listed[0]!, listed[4]!];
    const collection = await createFixtureCollection(server.platform.db, storeId, {
      handle: 'picks',
      title: 'Picks',
      productIds: order,
    });
    const r = await eventually(
      () => get(`/store/v1/products?collection=${collection}`),
      (x) => x.body.data?.length === 3,
    );
    expect(r.body.data.map((p: { id: string }) => p.id)).toEqual(order);
    expect(r.body.data[0].price).toEqual({ currency: 'USD', min: 1002, max: 1002 });
  });

  it('refuses bad input', async () => {
    expect((await get('/store/v1/products?limit=1000')).status).toBe(400);
    expect((await get('/store/v1/products?sort=relevance')).status).toBe(400);
    expect((await get('/store/v1/products?cursor=%%%')).status).toBe(400);
  });
});
