import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../../../test/harness.ts';
import { call, createStaffSession, createTestApiKey, createTestStore } from '../../../test/identity.ts';
import { createStockLocation } from '../inventory/locations.ts';
import { setInventoryLevel } from '../inventory/levels.ts';
import { releaseReservation, reserveStock } from '../inventory/reservations.ts';
import { createFixtureCategory, createFixtureProduct, updateFixtureProduct } from './test-fixtures.ts';

let server: Awaited<ReturnType<typeof startTestServer>>;
let storeId: string;
let key: Record<string, string>;
let otherKey: Record<string, string>;
const ids = {} as Record<'tee' | 'jeans' | 'ao' | 'shoes' | 'draft' | 'case' | 'otherShirt', string>;
const cats = {} as Record<'apparel' | 'shirts' | 'pants' | 'shoes', string>;
/** Variants to put in stock (every one but the running shoes'). */
const stocked: string[] = [];

const idOf = (p: { id: string }) => p.id;

function stock(p: { id: string; variantIds: string[] }): string {
  stocked.push(...p.variantIds);
  return p.id;
}

async function search(query: string, headers = key) {
  return call(server, 'GET', `/store/v1/search${query}`, { headers });
}

/** Poll until `check` passes (the index is updated by the event subscriber). */
async function eventually<T>(fn: () => Promise<T>, check: (v: T) => boolean, timeoutMs = 5000): Promise<T> {
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
  storeId = (await createTestStore(server)).id;
  key = (await createTestApiKey(server, { storeId, kind: 'publishable' })).headers;

  cats.apparel = await createFixtureCategory(db, storeId, { name: 'Apparel', handle: 'apparel' });
  cats.shirts = await createFixtureCategory(db, storeId, {
    name: 'Shirts',
    handle: 'shirts',
    parentId: cats.apparel,
  });
  cats.pants = await createFixtureCategory(db, storeId, {
    name: 'Pants',
    handle: 'pants',
    parentId: cats.apparel,
  });
  cats.shoes = await createFixtureCategory(db, storeId, { name: 'Shoes', handle: 'shoes' });

  const sizes = { name: 'Size', values: ['M', 'L'] };
  ids.tee = stock(
    await createFixtureProduct(db, storeId, {
      handle: 'red-cotton-tee',
      title: 'Red Cotton T-Shirt',
      description: 'Soft everyday tee.',
      brand: 'Acme',
      tags: ['summer'],
      categoryIds: [cats.shirts],
      options: [sizes],
      variants: [
        { sku: 'TS-RED-M', optionValues: { Size: 'M' }, prices: { USD: 1999, EUR: 1899 } },
        { sku: 'TS-RED-L', optionValues: { Size: 'L' }, prices: { USD: 2199, EUR: 2099 } },
      ],
      createdAt: '2026-01-01T00:00:00Z',
    }),
  );
  ids.jeans = stock(
    await createFixtureProduct(db, storeId, {
      handle: 'blue-jeans',
      title: 'Blue Denim Jeans',
      brand: 'Levi',
      categoryIds: [cats.pants],
      options: [{ name: 'Size', values: ['32', '34'] }],
      variants: [{ sku: 'JE-BLU-32', optionValues: { Size: '32' }, prices: { USD: 4999 } }],
      createdAt: '2026-02-01T00:00:00Z',
    }),
  );
  ids.ao = stock(
    await createFixtureProduct(db, storeId, {
      handle: 'ao-so-mi-do',
      title: 'Áo sơ mi đỏ',
      description: 'Áo sơ mi cotton màu đỏ.',
      brand: 'Acme',
      categoryIds: [cats.shirts],
      options: [sizes],
      variants: [{ sku: 'AO-DO-M', optionValues: { Size: 'M' }, prices: { USD: 2999 } }],
      createdAt: '2026-03-01T00:00:00Z',
    }),
  );
  const shoes = await createFixtureProduct(db, storeId, {
    handle: 'running-shoes',
    title: 'Running Shoes',
    description: 'Pairs well with a shirt.',
    brand: 'Nike',
    categoryIds: [cats.shoes],
    variants: [{ sku: 'SH-RUN-42', prices: { USD: 8999 } }],
    createdAt: '2026-04-01T00:00:00Z',
  });
  ids.shoes = shoes.id;
  ids.draft = idOf(
    await createFixtureProduct(db, storeId, {
      handle: 'secret-shirt',
      title: 'Secret Shirt',
      status: 'draft',
      variants: [{ sku: 'SECRET-1', prices: { USD: 100 } }],
    }),
  );
  ids.case = stock(
    await createFixtureProduct(db, storeId, {
      handle: 'iphone-case',
      title: 'iPhone Case',
      brand: 'Acme',
      variants: [{ sku: 'IP-CASE', prices: { USD: 999 } }],
      createdAt: '2026-05-01T00:00:00Z',
    }),
  );

  const location = await createStockLocation(db, { storeId, input: { name: 'Main', code: 'MAIN' } });
  for (const variantId of stocked) {
    await setInventoryLevel(db, {
      storeId,
      input: { variant_id: variantId, location_id: location.id, on_hand: 10 },
    });
  }

  // Another store with a shirt of its own.
  const other = await createTestStore(server);
  otherKey = (await createTestApiKey(server, { storeId: other.id, kind: 'publishable' })).headers;
  ids.otherShirt = idOf(
    await createFixtureProduct(db, other.id, {
      handle: 'other-shirt',
      title: 'Other Store Shirt',
      variants: [{ sku: 'TS-RED-M', prices: { USD: 500 } }],
    }),
  );

  // Indexed, and the stock events applied (every product but the shoes in stock).
  await eventually(
    () => search('?in_stock=true'),
    (r) => r.body?.total === 4,
  );
}, 60_000);

afterAll(async () => {
  await server?.close();
});

describe('GET /store/v1/search', () => {
  it('ranks title matches above description matches and hides drafts', async () => {
    const r = await search('?q=shirt');
    expect(r.status).toBe(200);
    const got = r.body.data.map((h: { id: string }) => h.id);
    expect(got[0]).toBe(ids.tee);
    expect(got).toContain(ids.shoes); // description mentions "shirt"
    expect(got.indexOf(ids.shoes)).toBeGreaterThan(got.indexOf(ids.tee));
    expect(got).not.toContain(ids.draft);
    expect(r.body.search_id).toMatch(/^srch_/);
  });

  it('puts an exact SKU match first', async () => {
    const r = await search('?q=JE-BLU-32');
    expect(r.body.data[0].id).toBe(ids.jeans);
  });

  it('matches Vietnamese text with or without diacritics', async () => {
    for (const q of ['áo sơ mi', 'ao so mi do']) {
      const r = await search(`?q=${encodeURIComponent(q)}`);
      expect(r.body.data.map((h: { id: string }) => h.id)).toContain(ids.ao);
    }
  });

  it('stems English words', async () => {
    const r = await search('?q=shoe');
    expect(r.body.data.map((h: { id: string }) => h.id)).toContain(ids.shoes);
  });

  it('filters by category including descendants', async () => {
    const r = await search(`?category=${cats.apparel}`);
    expect(new Set(r.body.data.map((h: { id: string }) => h.id))).toEqual(
      new Set([ids.tee, ids.jeans, ids.ao]),
    );
    const shirts = await search(`?category=${cats.shirts}`);
    expect(new Set(shirts.body.data.map((h: { id: string }) => h.id))).toEqual(new Set([ids.tee, ids.ao]));
  });

  it('filters by brand, price, option and stock', async () => {
    const brand = await search('?brand=Acme&brand=Levi');
    expect(brand.body.total).toBe(4);
    const price = await search('?price=2000-5000');
    expect(new Set(price.body.data.map((h: { id: string }) => h.id))).toEqual(new Set([ids.jeans, ids.ao]));
    const eur = await search('?price=-1900&currency=EUR');
    expect(eur.body.data.map((h: { id: string }) => h.id)).toEqual([ids.tee]);
    expect(eur.body.data[0].price).toEqual({ currency: 'EUR', min: 1899, max: 2099 });
    const option = await search('?option=Size:L');
    expect(option.body.data.map((h: { id: string }) => h.id)).toEqual([ids.tee]);
    const stock = await search('?in_stock=true&brand=Nike');
    expect(stock.body.total).toBe(0);
    const all = await search('?brand=Nike');
    expect(all.body.data[0].in_stock).toBe(false);
  });

  it('counts facets over the filtered set, each ignoring its own filter', async () => {
    const r = await search('?brand=Acme');
    const f = r.body.facets;
    const brands = Object.fromEntries(
      f.brands.map((b: { value: string; count: number }) => [b.value, b.count]),
    );
    // The brand facet ignores the brand filter: every brand still shows.
    expect(brands).toEqual({ Acme: 3, Levi: 1, Nike: 1 });
    // The other facets apply it.
    const categories = Object.fromEntries(
      f.categories.map((c: { value: string; count: number }) => [c.value, c.count]),
    );
    expect(categories).toEqual({ [cats.apparel]: 2, [cats.shirts]: 2 });
    expect(f.categories.find((c: { value: string }) => c.value === cats.shirts).name).toBe('Shirts');
    const size = f.options.find((o: { name: string }) => o.name === 'Size');
    expect(
      Object.fromEntries(size.values.map((v: { value: string; count: number }) => [v.value, v.count])),
    ).toEqual({
      M: 2,
      L: 1,
    });
    expect(f.in_stock).toEqual({ in_stock: 3, out_of_stock: 0 });
    // 999 (iPhone case) in 0–999, 1999 and 2999 in 1000–2499 / 2500–4999.
    expect(f.prices).toEqual([
      { min: 0, max: 999, count: 1 },
      { min: 1000, max: 2499, count: 1 },
      { min: 2500, max: 4999, count: 1 },
    ]);
    const withOption = await search('?option=Size:L');
    const sizes = withOption.body.facets.options.find((o: { name: string }) => o.name === 'Size');
    expect(sizes.values.map((v: { value: string }) => v.value).sort()).toEqual(['32', 'L', 'M']);
  });

  it('sorts by price, newest and title', async () => {
    const order = async (sort: string) =>
      (await search(`?sort=${sort}`)).body.data.map((h: { handle: string }) => h.handle);
    expect(await order('price_asc')).toEqual([
      'iphone-case',
      'red-cotton-tee',
      'ao-so-mi-do',
      'blue-jeans',
      'running-shoes',
    ]);
    expect(await order('price_desc')).toEqual([
      'running-shoes',
      'blue-jeans',
      'ao-so-mi-do',
      'red-cotton-tee',
      'iphone-case',
    ]);
    expect(await order('newest')).toEqual([
      'iphone-case',
      'running-shoes',
      'ao-so-mi-do',
      'blue-jeans',
      'red-cotton-tee',
    ]);
    expect(await order('title')).toEqual([
      'ao-so-mi-do',
      'blue-jeans',
      'iphone-case',
      'red-cotton-tee',
      'running-shoes',
    ]);
  });

  it('pages with a cursor, every product once, in every sort', async () => {
    for (const sort of ['relevance', 'price_asc', 'price_desc', 'newest', 'title']) {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const r: { body: { data: { id: string }[]; next_cursor: string | null } } = await search(
          `?sort=${sort}&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        );
        seen.push(...r.body.data.map((h) => h.id));
        cursor = r.body.next_cursor;
      } while (cursor);
      expect(seen.length).toBe(5);
      expect(new Set(seen).size).toBe(5);
    }
    // Relevance pagination with a query.
    const first = await search('?q=shirt&limit=1');
    const second = await search(`?q=shirt&limit=1&cursor=${first.body.next_cursor}`);
    expect(second.body.data[0].id).not.toBe(first.body.data[0].id);
  });

  it('refuses bad input with 4xx', async () => {
    for (const q of [
      '?sort=popular',
      '?price=abc',
      '?price=5000-1000',
      '?price=1.5-2',
      '?limit=100000',
      '?limit=0',
      '?currency=XYZ',
      '?option=Size',
      '?cursor=not-a-cursor',
      `?q=${'x'.repeat(500)}`,
    ]) {
      const r = await search(q);
      expect(r.status, q).toBe(400);
      expect(r.headers.get('content-type')).toContain('application/problem+json');
    }
    expect((await search('?q=shirt', {})).status).toBe(401);
  });

  it("never finds another store's products", async () => {
    const mine = await search('?q=TS-RED-M');
    expect(mine.body.data.map((h: { id: string }) => h.id)).not.toContain(ids.otherShirt);
    const theirs = await search('?q=shirt', otherKey);
    expect(theirs.body.data.map((h: { id: string }) => h.id)).toEqual([ids.otherShirt]);
    const suggest = await call(server, 'GET', '/store/v1/search/autocomplete?q=red', { headers: otherKey });
    expect(suggest.body.data).toEqual([]);
  });

  it('reflects a product change within one second', async () => {
    const t0 = Date.now();
    await updateFixtureProduct(server.platform.db, storeId, ids.jeans, { title: 'Blue Denim Overalls' });
    const r = await eventually(
      () => search('?q=overalls'),
      (x) => x.body.data.length === 1,
      3000,
    );
    expect(r.body.data[0].id).toBe(ids.jeans);
    expect(Date.now() - t0).toBeLessThan(1000);
    await updateFixtureProduct(server.platform.db, storeId, ids.jeans, { status: 'archived' });
    const gone = await eventually(
      () => search('?q=overalls'),
      (x) => x.body.data.length === 0,
      3000,
    );
    expect(gone.body.data).toEqual([]);
    await updateFixtureProduct(server.platform.db, storeId, ids.jeans, {
      title: 'Blue Denim Jeans',
      status: 'active',
    });
    await eventually(
      () => search('?q=jeans'),
      (x) => x.body.data.length === 1,
    );
  });
});

describe('cached answers', () => {
  it('serves a repeated search from the cache, and a changed product fresh within one second', async () => {
    const metric = async () => {
      const text = (await call(server, 'GET', '/metrics')).body as string;
      return Number(
        /carton_search_answers_total\{kind="search",source="cached"\} (\d+)/.exec(text)?.[1] ?? 0,
      );
    };
    const first = await search('?q=blue&sort=title');
    const cachedBefore = await metric();
    const again = await search('?q=blue&sort=title');
    expect(await metric()).toBe(cachedBefore + 1);
    expect(again.body.data).toEqual(first.body.data);
    expect(again.body.search_id).not.toBe(first.body.search_id); // one per search, for click attribution

    const t0 = Date.now();
    await updateFixtureProduct(server.platform.db, storeId, ids.jeans, { title: 'Blue Denim Jeans Mk II' });
    const fresh = await eventually(
      () => search('?q=blue&sort=title'),
      (r) => r.body.data.some((h: { title: string }) => h.title === 'Blue Denim Jeans Mk II'),
      3000,
    );
    expect(fresh.body.data.map((h: { title: string }) => h.title)).toContain('Blue Denim Jeans Mk II');
    expect(Date.now() - t0).toBeLessThan(1000);
    await updateFixtureProduct(server.platform.db, storeId, ids.jeans, { title: 'Blue Denim Jeans' });
    await eventually(
      () => search('?q=blue&sort=title'),
      (r) => r.body.data.some((h: { title: string }) => h.title === 'Blue Denim Jeans'),
    );
  });
});

describe('freshness through the catalog admin API', () => {
  it('finds a product created and renamed over HTTP within one second of each change', async () => {
    const owner = await createStaffSession(server, { role: 'owner', storeId });
    const created = await call(server, 'POST', '/admin/v1/products', {
      headers: owner.headers,
      body: {
        title: 'Gossamer Parasol',
        status: 'active',
        variants: [{ sku: 'GP-1', backorder_policy: 'allow' }],
      },
    });
    expect(created.status).toBe(201);
    let t0 = Date.now();
    const found = await eventually(
      () => search('?q=gossamer'),
      (r) => r.body.data.length === 1,
      3000,
    );
    expect(found.body.data[0].id).toBe(created.body.id);
    expect(Date.now() - t0).toBeLessThan(1000);

    const renamed = await call(server, 'PATCH', `/admin/v1/products/${created.body.id}`, {
      headers: owner.headers,
      body: { title: 'Diaphanous Umbrella' },
    });
    expect(renamed.status).toBe(200);
    t0 = Date.now();
    const after = await eventually(
      () => search('?q=umbrella'),
      (r) => r.body.data.length === 1,
      3000,
    );
    expect(after.body.data[0].id).toBe(created.body.id);
    expect(Date.now() - t0).toBeLessThan(1000);
    expect((await search('?q=gossamer')).body.data).toEqual([]);

    const archived = await call(server, 'PATCH', `/admin/v1/products/${created.body.id}`, {
      headers: owner.headers,
      body: { status: 'archived' },
    });
    expect(archived.status).toBe(200);
    const gone = await eventually(
      () => search('?q=umbrella'),
      (r) => r.body.data.length === 0,
      3000,
    );
    expect(gone.body.data).toEqual([]);
  });
});

describe('GET /store/v1/search/autocomplete', () => {
  const suggest = (q: string) =>
    call(server, 'GET', `/store/v1/search/autocomplete?q=${encodeURIComponent(q)}`, { headers: key });

  it('suggests by prefix and tolerates typos', async () => {
    const prefix = await suggest('iph');
    expect(prefix.body.data[0]).toMatchObject({ type: 'product', id: ids.case, title: 'iPhone Case' });
    const typo = await suggest('iphnoe');
    expect(typo.body.data.map((s: { id: string }) => s.id)).toContain(ids.case);
    const typo2 = await suggest('runing sho');
    expect(typo2.body.data.map((s: { id: string }) => s.id)).toContain(ids.shoes);
  });

  it('suggests categories', async () => {
    const r = await suggest('shirs');
    expect(r.body.data).toContainEqual({
      type: 'category',
      id: cats.shirts,
      handle: 'shirts',
      title: 'Shirts',
    });
  });

  it('refuses an empty or huge query', async () => {
    expect((await suggest('')).status).toBe(400);
    expect((await suggest('x'.repeat(101))).status).toBe(400);
  });
});

describe('POST /admin/v1/search/reindex', () => {
  it('rebuilds the index for staff who manage the catalog, and keeps results', async () => {
    const owner = await createStaffSession(server, { role: 'owner', storeId });
    const r = await call(server, 'POST', '/admin/v1/search/reindex', { headers: owner.headers });
    expect(r.status).toBe(200);
    expect(r.body.indexed).toBeGreaterThanOrEqual(6);
    expect((await search('?q=shirt')).body.data[0].id).toBe(ids.tee);
    expect((await call(server, 'POST', '/admin/v1/search/reindex', { headers: key })).status).toBe(403);
  });
});

describe('search analytics', () => {
  it('records queries, zero-result queries and clicks', async () => {
    const first = await search('?q=Denim');
    await search('?q=%20denim');
    await search('?q=unicorn%20saddle');
    const click = await call(server, 'POST', '/store/v1/search/clicks', {
      headers: key,
      body: { search_id: first.body.search_id, product_id: ids.jeans, position: 0 },
    });
    expect(click.status).toBe(202);
    const bad = await call(server, 'POST', '/store/v1/search/clicks', {
      headers: key,
      body: { search_id: 'nope', product_id: ids.jeans },
    });
    expect(bad.status).toBe(400);

    const owner = await createStaffSession(server, { role: 'owner', storeId });
    const r = await call(server, 'GET', '/admin/v1/search/analytics', { headers: owner.headers });
    expect(r.status).toBe(200);
    const jeans = r.body.top_queries.find((q: { query: string }) => q.query === 'denim');
    expect(jeans).toMatchObject({ searches: 2, clicks: 1, click_through_rate: 0.5 });
    expect(r.body.zero_result_queries.map((q: { query: string }) => q.query)).toContain('unicorn saddle');
    expect(r.body.searches).toBeGreaterThanOrEqual(3);

    const noKey = await call(server, 'GET', '/admin/v1/search/analytics', { headers: key });
    expect(noKey.status).toBe(403); // a publishable key never reads admin routes
  });
});

describe('the in-stock flag and reservations', () => {
  it('a reservation leaving units changes nothing; the last unit taken is out of stock; released, back in', async () => {
    const db = server.platform.db;
    const lamp = await createFixtureProduct(db, storeId, {
      handle: 'last-lamp',
      title: 'Brass Lamp',
      variants: [{ sku: 'LAMP-1', prices: { USD: 4000 } }],
    });
    const variantId = lamp.variantIds[0]!;
    const location = await createStockLocation(db, { storeId, input: { name: 'Lamps', code: 'LAMPS' } });
    await setInventoryLevel(db, {
      storeId,
      input: { variant_id: variantId, location_id: location.id, on_hand: 3 },
    });
    const lampInStock = async () =>
      (await search('?q=brass%20lamp&in_stock=true')).body.data.some((h: { id: string }) => h.id === lamp.id);
    await eventually(lampInStock, (v) => v === true);

    // Two of three: the event says one is left, so the index has nothing to look at.
    const some = await reserveStock(db, {
      storeId,
      input: { owner_ref: 'lamp-test', lines: [{ variant_id: variantId, quantity: 2 }] },
    });
    const event = await db.execute<{ payload: { lines: { variantAvailable: number }[] } }>(
      sql`SELECT payload FROM events WHERE aggregate_id = ${some.reservation.id} AND type = 'inventory.reserved'`,
    );
    expect(event.rows[0]!.payload.lines).toEqual([
      expect.objectContaining({ variantId, quantity: 2, variantAvailable: 1 }),
    ]);
    expect(await lampInStock()).toBe(true);

    // The last one: out of stock in search; given back: in stock again.
    const last = await reserveStock(db, {
      storeId,
      input: { owner_ref: 'lamp-test', lines: [{ variant_id: variantId, quantity: 1 }] },
    });
    await eventually(lampInStock, (v) => v === false);
    // Fanned out, the first got no delivery for the index at all (nothing to write, claim or
    // acknowledge); the last one did.
    const fanOut = async (reservationId: string) =>
      (
        await db.execute<{ queued: number; deliveries: number }>(sql`
          SELECT (SELECT count(*)::int FROM events_undispatched u WHERE u.id = e.id) AS queued,
                 (SELECT count(*)::int FROM event_deliveries d WHERE d.event_id = e.id AND d.subscriber = 'search.index') AS deliveries
          FROM events e WHERE e.aggregate_id = ${reservationId} AND e.type = 'inventory.reserved'`)
      ).rows[0];
    expect(await fanOut(some.reservation.id)).toEqual({ queued: 0, deliveries: 0 });
    expect(await fanOut(last.reservation.id)).toEqual({ queued: 0, deliveries: 1 });
    await releaseReservation(db, { storeId, reservationId: last.reservation.id });
    await eventually(lampInStock, (v) => v === true);
  });
});
