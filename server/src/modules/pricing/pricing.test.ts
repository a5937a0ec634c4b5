import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../../../test/harness.ts';
import { call, createStaffSession, type StaffSession } from '../../../test/identity.ts';
import { withStore } from '../../platform/db/database.ts';
import { createCategory, createProduct } from '../catalog/service.ts';
import { priceFor, pricesFor, pricingCacheStats } from './price-for.ts';

let server: Awaited<ReturnType<typeof startTestServer>>;
let owner: StaffSession;
let reader: StaffSession;
let foreign: StaffSession;
let storeId: string;
const v: Record<string, string> = {};
const cat: Record<string, string> = {};
let foreignVariant: string;

/** Catalog data through the catalog's service: pricing reads variants, brand, tags and category paths. */
async function insertProduct(
  store: string,
  p: { brand?: string; tags?: string[]; categoryIds?: string[]; variants: string[] },
): Promise<string[]> {
  const product = await withStore(server.platform.db, store, (tx) =>
    createProduct(tx, store, {
      title: 'Tee',
      status: 'active',
      brand: p.brand ?? null,
      tags: p.tags ?? [],
      categoryIds: p.categoryIds ?? [],
      options: [{ name: 'Size', values: p.variants }],
      variants: p.variants.map((sku) => ({ sku, optionValues: { Size: sku } })),
    }),
  );
  return product.variants.map((variant) => variant.id);
}

async function insertCategory(store: string, name: string, parentId?: string): Promise<string> {
  const row = await withStore(server.platform.db, store, (tx) =>
    createCategory(tx, store, { name, parentId: parentId ?? null }),
  );
  return row.id;
}

const api = (method: string, path: string, body?: unknown, session: StaffSession = owner) =>
  call(server, method, path, { headers: session.headers, body });

const quote = (query: Record<string, string | number>) =>
  api(
    'GET',
    `/admin/v1/prices/quote?${new URLSearchParams(Object.fromEntries(Object.entries(query).map(([k, x]) => [k, String(x)])))}`,
  );

async function countRows(table: string): Promise<number> {
  const r = await server.platform.db.execute(
    sql`SELECT count(*)::int AS n FROM ${sql.identifier(table)} WHERE store_id = ${storeId}`,
  );
  return r.rows[0]!.n as number;
}

beforeAll(async () => {
  server = await startTestServer();
  owner = await createStaffSession(server, { role: 'owner' });
  storeId = owner.storeId!;
  reader = await createStaffSession(server, { role: 'read_only', storeId });
  foreign = await createStaffSession(server, { role: 'owner' });
  cat.root = await insertCategory(storeId, 'clothing');
  cat.child = await insertCategory(storeId, 'tees', cat.root);
  const tees = await insertProduct(storeId, {
    brand: 'Acme',
    tags: ['Summer'],
    categoryIds: [cat.child],
    variants: ['TEE-M', 'TEE-L'],
  });
  v.tee = tees[0]!;
  v.teeL = tees[1]!;
  v.mug = (await insertProduct(storeId, { brand: 'Other', variants: ['MUG'] }))[0]!;
  foreignVariant = (await insertProduct(foreign.storeId!, { variants: ['X'] }))[0]!;
});

afterAll(async () => {
  await server?.close();
});

describe('prices', () => {
  it('sets a price, lists it, and quotes it as the base price', async () => {
    const set = await api('POST', '/admin/v1/prices', {
      variant_id: v.tee,
      currency: 'USD',
      amount: 1999,
      compare_at_amount: 2499,
    });
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({
      variant_id: v.tee,
      currency: 'USD',
      amount: 1999,
      compare_at_amount: 2499,
    });
    expect((set.body as { id: string }).id).toMatch(/^price_/);

    const list = await api('GET', `/admin/v1/prices?variant_id=${v.tee}`, undefined, reader);
    expect(list.status).toBe(200);
    expect((list.body as { data: unknown[] }).data).toHaveLength(1);

    const q = await quote({ variant_id: v.tee!, currency: 'USD' });
    expect(q.status).toBe(200);
    expect(q.body).toMatchObject({
      amount: 1999,
      currency: 'USD',
      compare_at_amount: 2499,
      source: { kind: 'base', name: 'base price' },
    });
  });

  it('shows a change on this node right after it commits, though the price was cached', async () => {
    const first = await priceFor(server.platform, { storeId, variantId: v.tee!, currency: 'USD' });
    expect(first?.amount).toBe(1999);
    const loads = pricingCacheStats().loads;
    expect((await priceFor(server.platform, { storeId, variantId: v.tee!, currency: 'USD' }))?.amount).toBe(
      1999,
    );
    expect(pricingCacheStats().loads).toBe(loads); // served from the cache

    const changed = await api('POST', '/admin/v1/prices', {
      variant_id: v.tee,
      currency: 'USD',
      amount: 1799,
      compare_at_amount: 2499,
    });
    expect(changed.status).toBe(200);
    const after = await priceFor(server.platform, { storeId, variantId: v.tee!, currency: 'USD' });
    expect(after?.amount).toBe(1799);
    expect(pricingCacheStats().loads).toBe(loads + 1);
  });

  it('drops a price cached on this node when another node announces a change (NOTIFY carton_pricing)', async () => {
    const price = () => priceFor(server.platform, { storeId, variantId: v.tee!, currency: 'USD' });
    expect((await price())?.amount).toBe(1799);
    // Another node's write: this node's cache does not know of it until the notification arrives.
    await server.platform.db.execute(
      sql`UPDATE prices SET amount = 1801 WHERE variant_id = ${v.tee} AND currency = 'USD'`,
    );
    expect((await price())?.amount).toBe(1799);
    await server.platform.db.execute(sql`SELECT pg_notify('carton_pricing', ${storeId})`);
    const deadline = Date.now() + 2000;
    while ((await price())?.amount !== 1801 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 10));
    expect((await price())?.amount).toBe(1801);
    await server.platform.db.execute(
      sql`UPDATE prices SET amount = 1799 WHERE variant_id = ${v.tee} AND currency = 'USD'`,
    );
    await server.platform.db.execute(sql`SELECT pg_notify('carton_pricing', ${storeId})`);
    const again = Date.now() + 2000;
    while ((await price())?.amount !== 1799 && Date.now() < again)
      await new Promise((r) => setTimeout(r, 10));
    expect((await price())?.amount).toBe(1799);
  });

  it('audits the change and emits price.changed with the previous price', async () => {
    const events = await server.platform.db.execute(
      sql`SELECT payload FROM events WHERE store_id = ${storeId} AND type = 'price.changed' ORDER BY sequence`,
    );
    expect(events.rows.length).toBe(2);
    expect(events.rows[1]!.payload).toMatchObject({ amount: 1799, previous: { amount: 1999 } });
    const audit = await server.platform.db.execute(
      sql`SELECT count(*)::int AS n FROM audit_log WHERE store_id = ${storeId} AND action = 'price.changed'`,
    );
    expect(audit.rows[0]!.n).toBe(2);
  });

  it('prices a whole product in one query, and unknown or unpriced variants as null', async () => {
    await api('POST', '/admin/v1/prices/batch', {
      prices: [
        { variant_id: v.teeL, currency: 'USD', amount: 2099 },
        { variant_id: v.mug, currency: 'USD', amount: 1000 },
      ],
    });
    const loads = pricingCacheStats().loads;
    const prices = await pricesFor(server.platform.db, {
      storeId,
      currency: 'USD',
      variantIds: [v.tee!, v.teeL!, v.mug!, foreignVariant, 'var_missing'],
    });
    expect(pricingCacheStats().loads).toBe(loads + 1);
    expect(prices.get(v.teeL!)?.amount).toBe(2099);
    expect(prices.get(v.mug!)?.amount).toBe(1000);
    expect(prices.get(foreignVariant)).toBeNull();
    expect(prices.get('var_missing')).toBeNull();
  });

  it('refuses bad prices with a clear 4xx and writes nothing', async () => {
    const before = await countRows('prices');
    const cases: [unknown, string][] = [
      [{ variant_id: v.mug, currency: 'USD', amount: -1 }, 'body.amount'],
      [{ variant_id: v.mug, currency: 'USD', amount: 10.5 }, 'body.amount'],
      [{ variant_id: v.mug, currency: 'USD', amount: '1000' }, 'body.amount'],
      [{ variant_id: v.mug, currency: 'XYZ', amount: 1000 }, 'body.currency'],
      [{ variant_id: v.mug, currency: 'usd', amount: 1000 }, 'body.currency'],
      [{ variant_id: v.mug, currency: 'USD', amount: 1000, compare_at_amount: -5 }, 'body.compare_at_amount'],
    ];
    for (const [body, path] of cases) {
      const res = await api('POST', '/admin/v1/prices', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(JSON.stringify(res.body)).toContain(path);
    }
    const unknown = await api('POST', '/admin/v1/prices', {
      variant_id: 'var_nope',
      currency: 'USD',
      amount: 1,
    });
    expect(unknown.status).toBe(422);
    const theirs = await api('POST', '/admin/v1/prices', {
      variant_id: foreignVariant,
      currency: 'USD',
      amount: 1,
    });
    expect(theirs.status).toBe(422);
    expect(JSON.stringify(theirs.body)).toContain('no variant');
    // One bad row in a batch: nothing of the batch is written.
    const batch = await api('POST', '/admin/v1/prices/batch', {
      prices: [
        { variant_id: v.mug, currency: 'EUR', amount: 900 },
        { variant_id: foreignVariant, currency: 'EUR', amount: 900 },
      ],
    });
    expect(batch.status).toBe(422);
    expect(JSON.stringify(batch.body)).toContain('body.prices.1.variant_id');
    expect(await countRows('prices')).toBe(before);
  });

  it('needs pricing.manage to change prices and keeps stores apart', async () => {
    const res = await api(
      'POST',
      '/admin/v1/prices',
      { variant_id: v.mug, currency: 'USD', amount: 1 },
      reader,
    );
    expect(res.status).toBe(403);
    const other = await call(server, 'GET', `/admin/v1/prices?variant_id=${v.tee}`, {
      headers: foreign.headers,
    });
    expect((other.body as { data: unknown[] }).data).toHaveLength(0);
    const q = await call(server, 'GET', `/admin/v1/prices/quote?variant_id=${v.tee}&currency=USD`, {
      headers: foreign.headers,
    });
    expect(q.status).toBe(404);
  });
});

describe('price lists', () => {
  let vipId: string;

  it('applies a list to its customer group, by quantity tier and by location', async () => {
    const created = await api('POST', '/admin/v1/price-lists', {
      name: 'VIP',
      priority: 10,
      customer_group_ids: ['vip'],
    });
    expect(created.status).toBe(201);
    vipId = (created.body as { id: string }).id;
    const entries = await api('POST', `/admin/v1/price-lists/${vipId}/entries`, {
      entries: [
        { variant_id: v.tee, currency: 'USD', amount: 1500 },
        { variant_id: v.tee, currency: 'USD', amount: 1200, min_quantity: 10 },
        { variant_id: v.tee, currency: 'USD', amount: 1400, location_id: 'loc_hanoi' },
      ],
    });
    expect(entries.status).toBe(200);
    expect((entries.body as { data: unknown[] }).data).toHaveLength(3);

    expect((await quote({ variant_id: v.tee!, currency: 'USD' })).body).toMatchObject({
      amount: 1799,
      source: { kind: 'base' },
    });
    const vip = await quote({ variant_id: v.tee!, currency: 'USD', customer_group_ids: 'retail,vip' });
    expect(vip.body).toMatchObject({
      amount: 1500,
      compare_at_amount: 1799,
      source: { kind: 'price_list', id: vipId, name: 'VIP' },
    });
    expect(
      (await quote({ variant_id: v.tee!, currency: 'USD', customer_group_ids: 'vip', quantity: 10 })).body,
    ).toMatchObject({ amount: 1200 });
    expect(
      (await quote({ variant_id: v.tee!, currency: 'USD', customer_group_ids: 'vip', quantity: 9 })).body,
    ).toMatchObject({ amount: 1500 });
    expect(
      (
        await quote({
          variant_id: v.tee!,
          currency: 'USD',
          customer_group_ids: 'vip',
          location_id: 'loc_hanoi',
        })
      ).body,
    ).toMatchObject({ amount: 1400 });
  });

  it('applies a sale only inside its window, and a changed window at once', async () => {
    const sale = await api('POST', '/admin/v1/price-lists', {
      name: 'Black Friday',
      priority: 5,
      starts_at: '2030-11-27T00:00:00Z',
      ends_at: '2030-11-30T00:00:00Z',
    });
    expect(sale.status).toBe(201);
    const saleId = (sale.body as { id: string }).id;
    await api('POST', `/admin/v1/price-lists/${saleId}/entries`, {
      entries: [{ variant_id: v.mug, currency: 'USD', amount: 700 }],
    });
    expect((await quote({ variant_id: v.mug!, currency: 'USD' })).body).toMatchObject({ amount: 1000 });
    expect(
      (await quote({ variant_id: v.mug!, currency: 'USD', at: '2030-11-28T12:00:00Z' })).body,
    ).toMatchObject({
      amount: 700,
      compare_at_amount: 1000,
      source: { kind: 'price_list', name: 'Black Friday' },
    });
    expect(
      (await quote({ variant_id: v.mug!, currency: 'USD', at: '2030-11-30T00:00:00Z' })).body,
    ).toMatchObject({
      amount: 1000,
    });
    const moved = await api('PATCH', `/admin/v1/price-lists/${saleId}`, {
      starts_at: '2020-01-01T00:00:00Z',
      ends_at: null,
    });
    expect(moved.status).toBe(200);
    expect((await priceFor(server.platform, { storeId, variantId: v.mug!, currency: 'USD' }))?.amount).toBe(
      700,
    );
    await api('DELETE', `/admin/v1/price-lists/${saleId}`);
    expect((await priceFor(server.platform, { storeId, variantId: v.mug!, currency: 'USD' }))?.amount).toBe(
      1000,
    );
  });

  it('refuses windows that end before they start, bad entries and foreign variants, writing nothing', async () => {
    const lists = await countRows('price_lists');
    const entries = await countRows('price_list_entries');
    const backwards = await api('POST', '/admin/v1/price-lists', {
      name: 'Backwards',
      starts_at: '2030-01-02T00:00:00Z',
      ends_at: '2030-01-01T00:00:00Z',
    });
    expect(backwards.status).toBe(400);
    expect(JSON.stringify(backwards.body)).toContain('body.ends_at');
    const patch = await api('PATCH', `/admin/v1/price-lists/${vipId}`, {
      ends_at: '1999-01-01T00:00:00Z',
      starts_at: '2000-01-01T00:00:00Z',
    });
    expect(patch.status).toBe(400);
    const dup = await api('POST', '/admin/v1/price-lists', { name: 'VIP' });
    expect(dup.status).toBe(409);
    for (const entry of [
      { variant_id: v.tee, currency: 'USD', amount: -1 },
      { variant_id: v.tee, currency: 'USD', amount: 1.5 },
      { variant_id: v.tee, currency: 'ABC', amount: 1 },
      { variant_id: v.tee, currency: 'USD', amount: 1, min_quantity: 0 },
    ]) {
      const res = await api('POST', `/admin/v1/price-lists/${vipId}/entries`, { entries: [entry] });
      expect(res.status, JSON.stringify(entry)).toBe(400);
    }
    const foreignEntry = await api('POST', `/admin/v1/price-lists/${vipId}/entries`, {
      entries: [
        { variant_id: v.mug, currency: 'USD', amount: 1 },
        { variant_id: foreignVariant, currency: 'USD', amount: 1 },
      ],
    });
    expect(foreignEntry.status).toBe(422);
    const theirList = await call(server, 'POST', `/admin/v1/price-lists/${vipId}/entries`, {
      headers: foreign.headers,
      body: { entries: [{ variant_id: foreignVariant, currency: 'USD', amount: 1 }] },
    });
    expect(theirList.status).toBe(404);
    expect(await countRows('price_lists')).toBe(lists);
    expect(await countRows('price_list_entries')).toBe(entries);
  });
});

describe('price rules', () => {
  it('takes a percentage off a tag, and the best rule for the shopper wins', async () => {
    const summer = await api('POST', '/admin/v1/price-rules', {
      name: 'Summer 10%',
      target: { kind: 'tags', values: ['summer'] },
      adjustment: { kind: 'percentage_off', basis_points: 1000 },
    });
    expect(summer.status).toBe(201);
    const q = await quote({ variant_id: v.tee!, currency: 'USD' });
    // 1799 − 179.9 (half up: 180) = 1619; the pre-rule compare-at stays.
    expect(q.body).toMatchObject({
      amount: 1619,
      compare_at_amount: 2499,
      source: { kind: 'rule', id: (summer.body as { id: string }).id, name: 'Summer 10%' },
    });
    expect((q.body as { steps: { kind: string }[] }).steps.map((s) => s.kind)).toEqual(['base', 'rule']);
    expect((await quote({ variant_id: v.mug!, currency: 'USD' })).body).toMatchObject({
      source: { kind: 'base' },
    });

    // A category rule reaches products of its subcategories; 300 off beats 10 %.
    const clothing = await api('POST', '/admin/v1/price-rules', {
      name: 'Clothing 3 off',
      target: { kind: 'categories', values: [cat.root] },
      adjustment: { kind: 'amount_off', amount: 300, currency: 'USD' },
    });
    expect(clothing.status).toBe(201);
    expect((await quote({ variant_id: v.tee!, currency: 'USD' })).body).toMatchObject({
      amount: 1499,
      source: { name: 'Clothing 3 off' },
    });
    // Rules apply on top of a price list price.
    expect(
      (await quote({ variant_id: v.tee!, currency: 'USD', customer_group_ids: 'vip' })).body,
    ).toMatchObject({
      amount: 1200,
      compare_at_amount: 1799,
    });
    const paused = await api('PATCH', `/admin/v1/price-rules/${(clothing.body as { id: string }).id}`, {
      status: 'draft',
    });
    expect(paused.status).toBe(200);
    expect((await priceFor(server.platform, { storeId, variantId: v.tee!, currency: 'USD' }))?.amount).toBe(
      1619,
    );
  });

  it('refuses malformed rules and writes nothing', async () => {
    const before = await countRows('price_rules');
    const bad = [
      {
        name: 'a',
        target: { kind: 'tags', values: [] },
        adjustment: { kind: 'percentage_off', basis_points: 10 },
      },
      { name: 'b', target: { kind: 'all' }, adjustment: { kind: 'percentage_off', basis_points: 10001 } },
      {
        name: 'c',
        target: { kind: 'all' },
        adjustment: { kind: 'amount_off', amount: 1.5, currency: 'USD' },
      },
      {
        name: 'd',
        target: { kind: 'all' },
        adjustment: { kind: 'amount_off', amount: 100, currency: 'QQQ' },
      },
      {
        name: 'e',
        target: { kind: 'colour', values: ['red'] },
        adjustment: { kind: 'percentage_off', basis_points: 10 },
      },
      {
        name: 'f',
        target: { kind: 'all' },
        adjustment: { kind: 'percentage_off', basis_points: 10 },
        starts_at: '2030-01-02T00:00:00Z',
        ends_at: '2030-01-02T00:00:00Z',
      },
    ];
    for (const body of bad) {
      const res = await api('POST', '/admin/v1/price-rules', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
    }
    expect(await countRows('price_rules')).toBe(before);
  });
});

describe('exchange rates', () => {
  it('converts from the store currency when a variant has no price in the asked one, rounding half up', async () => {
    const set = await api('POST', '/admin/v1/exchange-rates', {
      base_currency: 'USD',
      quote_currency: 'VND',
      rate: '25000.5',
    });
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({ base_currency: 'USD', quote_currency: 'VND', rate: '25000.5' });
    // Mug: 10.00 USD × 25,000.5 = 250,005 VND (no minor unit).
    const q = await quote({ variant_id: v.mug!, currency: 'VND' });
    expect(q.body).toMatchObject({
      amount: 250005,
      currency: 'VND',
      source: { kind: 'exchange_rate', name: 'USD→VND' },
    });
    await api('POST', '/admin/v1/exchange-rates', {
      base_currency: 'USD',
      quote_currency: 'JPY',
      rate: '150.123',
    });
    expect((await quote({ variant_id: v.mug!, currency: 'JPY' })).body).toMatchObject({ amount: 1501 });
    // An explicit price wins over conversion.
    await api('POST', '/admin/v1/prices', { variant_id: v.mug, currency: 'VND', amount: 240000 });
    expect((await quote({ variant_id: v.mug!, currency: 'VND' })).body).toMatchObject({
      amount: 240000,
      source: { kind: 'base' },
    });
    // No price and no rate: a clear 404.
    const none = await quote({ variant_id: v.mug!, currency: 'GBP' });
    expect(none.status).toBe(404);
    expect(JSON.stringify(none.body)).toContain('no price in GBP');
    const list = await api('GET', '/admin/v1/exchange-rates', undefined, reader);
    expect((list.body as { data: unknown[] }).data).toHaveLength(2);
  });

  it('refuses bad rates and unknown currencies', async () => {
    const before = await countRows('exchange_rates');
    for (const body of [
      { base_currency: 'USD', quote_currency: 'USD', rate: '1' },
      { base_currency: 'USD', quote_currency: 'EUR', rate: '0' },
      { base_currency: 'USD', quote_currency: 'EUR', rate: '-1.2' },
      { base_currency: 'USD', quote_currency: 'EUR', rate: 0.92 },
      { base_currency: 'USD', quote_currency: 'ZZZ', rate: '1.1' },
    ]) {
      const res = await api('POST', '/admin/v1/exchange-rates', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
    }
    const q = await quote({ variant_id: v.mug!, currency: 'ZZZ' });
    expect(q.status).toBe(400);
    expect(await countRows('exchange_rates')).toBe(before);
  });
});
