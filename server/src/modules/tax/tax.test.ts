import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditedIds, countOf, eventsOf, verbs } from '../../../test/records.ts';
import { startTestServer } from '../../../test/harness.ts';
import {
  createStaffSession,
  createTestApiKey,
  createTestStore,
  type StaffSession,
} from '../../../test/identity.ts';
import { parseAddress } from '../../platform/address.ts';
import { withStore } from '../../platform/db/database.ts';
import { isAppError } from '../../platform/errors.ts';
import {
  calculateTax,
  createTaxRate,
  registerTaxProvider,
  updateTaxSettings,
  type TaxRateInput,
  type TaxRequest,
} from './service.ts';

let server: Awaited<ReturnType<typeof startTestServer>>;
let owner: StaffSession;
let other: StaffSession;
let storeId: string;
let h: Record<string, string>;

beforeAll(async () => {
  server = await startTestServer();
  owner = await createStaffSession(server, { role: 'owner' });
  other = await createStaffSession(server, { role: 'owner' });
  storeId = owner.storeId!;
  h = owner.headers;
});
afterAll(async () => {
  await server?.close();
});

const { get, post, patch, del } = verbs(
  () => server,
  () => h,
);
const count = (table: string, store = storeId) => countOf(server.platform.db, table, store);
const events = (type: string, store = storeId) => eventsOf(server.platform.db, store, type);
const audits = (action: string, store = storeId) => auditedIds(server.platform.db, store, action);

/** A fresh store with these rates (and settings), made through the service. */
async function storeWith(rates: TaxRateInput[], settings: { prices_include_tax?: boolean } = {}) {
  const id = (await createTestStore(server)).id;
  for (const input of rates) await createTaxRate(server.platform.db, { storeId: id, input });
  if (Object.keys(settings).length)
    await updateTaxSettings(server.platform.db, { storeId: id, patch: settings });
  return id;
}

const at = (address: Record<string, string>) =>
  parseAddress({ line1: '1 Main St', city: 'Somewhere', ...address }, 'address');

function doc(
  store: string,
  lines: TaxRequest['lines'],
  shipping = 0,
  address: Record<string, string> = { country: 'US', region: 'NY', postal_code: '10001' },
): TaxRequest {
  return { storeId: store, currency: 'USD', address: at(address), lines, shipping };
}

async function errorOf(work: Promise<unknown>): Promise<{ code: string; status: number; message: string }> {
  try {
    await work;
  } catch (err) {
    if (isAppError(err)) return { code: err.code, status: err.status, message: err.message };
    throw err;
  }
  throw new Error('expected an error');
}

describe('tax settings', () => {
  it('defaults to prices without tax and the table provider; changes are audited and emitted', async () => {
    const first = await get('/admin/v1/tax/settings');
    expect(first.status).toBe(200);
    expect(first.body).toEqual({
      prices_include_tax: false,
      provider: 'table',
      providers: ['table'],
      updated_at: null,
    });
    const res = await patch('/admin/v1/tax/settings', { prices_include_tax: true });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ prices_include_tax: true, provider: 'table' });
    expect(res.body.updated_at).toEqual(expect.any(String));
    expect(await audits('tax_settings.updated')).toEqual([storeId]);
    expect(await events('tax_settings.updated')).toEqual([
      expect.objectContaining({ prices_include_tax: true }),
    ]);
  });

  it('refuses an unknown provider or a wrong type, changing nothing', async () => {
    const evts = await count('events');
    for (const body of [{ provider: 'avalara' }, { prices_include_tax: 'yes' }, { rounding: 'up' }]) {
      const res = await patch('/admin/v1/tax/settings', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
    }
    expect((await get('/admin/v1/tax/settings')).body.prices_include_tax).toBe(true);
    expect(await count('events')).toBe(evts);
  });

  it('concurrent first changes queue: one row, every change recorded', async () => {
    const store = (await createTestStore(server)).id;
    await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        updateTaxSettings(server.platform.db, { storeId: store, patch: { prices_include_tax: i % 2 === 0 } }),
      ),
    );
    expect(await count('tax_settings', store)).toBe(1);
    expect(await events('tax_settings.updated', store)).toHaveLength(10);
  });

  it('a read-only key reads but cannot change; staff cannot change tax either', async () => {
    const readOnly = await createTestApiKey(server, { storeId, role: 'read_only' });
    expect((await get('/admin/v1/tax/settings', readOnly.headers)).status).toBe(200);
    expect(
      (await patch('/admin/v1/tax/settings', { prices_include_tax: false }, readOnly.headers)).status,
    ).toBe(403);
    const staff = await createTestApiKey(server, { storeId, role: 'staff' });
    expect(
      (await post('/admin/v1/tax/rates', { name: 'X', country: 'US', percent: '1' }, staff.headers)).status,
    ).toBe(403);
    await patch('/admin/v1/tax/settings', { prices_include_tax: false });
  });
});

describe('tax rates over HTTP', () => {
  let nyId: string;

  it('creates rates as a percent or basis points, stored exactly in parts per million', async () => {
    const ny = await post('/admin/v1/tax/rates', {
      name: 'New York',
      country: 'us',
      region: 'NY',
      percent: '8.875',
    });
    expect(ny.status).toBe(201);
    expect(ny.body).toMatchObject({
      country: 'US',
      region: 'NY',
      postcode_pattern: null,
      tax_class: 'standard',
      percent: '8.875',
      basis_points: 887.5,
      rate_ppm: 88_750,
      shipping_taxable: true,
    });
    nyId = ny.body.id;
    expect(nyId).toMatch(/^txr_/);
    const uk = await post('/admin/v1/tax/rates', {
      name: 'UK reduced',
      country: 'GB',
      tax_class: 'reduced',
      basis_points: 500,
    });
    expect(uk.body).toMatchObject({ percent: '5', basis_points: 500, rate_ppm: 50_000 });
    const zip = await post('/admin/v1/tax/rates', {
      name: 'Zip',
      country: 'US',
      postcode_pattern: '100*',
      percent: 9,
    });
    expect(zip.body).toMatchObject({ postcode_pattern: '100*', percent: '9' });
    expect(await audits('tax_rate.created')).toHaveLength(3);
    expect(await events('tax_rate.created')).toHaveLength(3);
    const list = await get('/admin/v1/tax/rates?country=US');
    expect(list.body.data.map((r: { name: string }) => r.name)).toEqual(['New York', 'Zip']);
    expect((await get('/admin/v1/tax/rates?tax_class=reduced')).body.data).toHaveLength(1);
  });

  it('refuses bad rates with a 400 naming the field, and writes nothing', async () => {
    const rates = await count('tax_rates');
    const evts = await count('events');
    const bad: [unknown, string][] = [
      [{ name: 'X', country: 'XX', percent: '5' }, 'body.country'],
      [{ name: 'X', country: 'US', percent: '-5' }, 'body.percent'],
      [{ name: 'X', country: 'US', percent: '8.87501' }, 'body.percent'],
      [{ name: 'X', country: 'US', percent: '101' }, 'body.percent'],
      [{ name: 'X', country: 'US', basis_points: -1 }, 'body.basis_points'],
      [{ name: 'X', country: 'US', basis_points: 12.5 }, 'body.basis_points'],
      [{ name: 'X', country: 'US', percent: '5', basis_points: 500 }, 'body.basis_points'],
      [{ name: 'X', country: 'US' }, 'body.percent'],
      [{ name: 'X', country: 'US', percent: '5', tax_class: 'Reduced!' }, 'body.tax_class'],
      [{ name: 'X', country: 'US', percent: '5', postcode_pattern: '10[0-9]' }, 'body.postcode_pattern'],
      [{ name: 'X', country: 'US', percent: '5', postcode_pattern: '19999-10000' }, 'body.postcode_pattern'],
      [{ name: '', country: 'US', percent: '5' }, 'body.name'],
    ];
    for (const [body, path] of bad) {
      const res = await post('/admin/v1/tax/rates', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(res.body.errors.map((e: { path: string }) => e.path).join(' '), JSON.stringify(body)).toContain(
        path,
      );
    }
    // The same place and class twice (regions compare case-insensitively): 409.
    const dup = await post('/admin/v1/tax/rates', {
      name: 'Again',
      country: 'US',
      region: 'ny',
      percent: '4',
    });
    expect(dup.status).toBe(409);
    expect(dup.body.code).toBe('ALREADY_EXISTS');
    expect(await count('tax_rates')).toBe(rates);
    expect(await count('events')).toBe(evts);
  });

  it('concurrent creates of one place and class: one rate, the others 409', async () => {
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        post('/admin/v1/tax/rates', {
          name: `Ohio ${i}`,
          country: 'US',
          region: i % 2 ? 'oh' : 'OH',
          percent: '5.75',
        }),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409, 409]);
    const created = results.find((r) => r.status === 201)!.body.id;
    expect(
      (await events('tax_rate.created')).filter((e) => e.region?.toString().toUpperCase() === 'OH'),
    ).toHaveLength(1);
    expect((await del(`/admin/v1/tax/rates/${created}`)).status).toBe(204);
  });

  it('patches (a new rate replaces the old) and deletes', async () => {
    const res = await patch(`/admin/v1/tax/rates/${nyId}`, { basis_points: 400, shipping_taxable: false });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ percent: '4', rate_ppm: 40_000, shipping_taxable: false, region: 'NY' });
    expect((await patch(`/admin/v1/tax/rates/${nyId}`, { percent: '4', basis_points: 400 })).status).toBe(
      400,
    );
    expect((await get(`/admin/v1/tax/rates/${nyId}`)).body.rate_ppm).toBe(40_000);
    expect(await audits('tax_rate.updated')).toEqual([nyId]);
    expect((await del(`/admin/v1/tax/rates/${nyId}`)).status).toBe(204);
    expect((await get(`/admin/v1/tax/rates/${nyId}`)).status).toBe(404);
    expect((await del(`/admin/v1/tax/rates/${nyId}`)).status).toBe(404);
    expect((await events('tax_rate.deleted')).filter((e) => e.id === nyId)).toHaveLength(1);
  });
});

describe('calculating tax (through PostgreSQL)', () => {
  const ten = (extra: Partial<TaxRateInput> = {}): TaxRateInput => ({
    name: 'Ten',
    country: 'US',
    percent: '10',
    ...extra,
  });

  it('prices without tax: three lines of 333 at 10 % sum exactly to the document tax', async () => {
    const store = await storeWith([ten({ shipping_taxable: false })]);
    const lines = ['a', 'b', 'c'].map((id) => ({ id, amount: 333 }));
    const result = await calculateTax(server.platform.db, doc(store, lines, 500));
    expect(result).toEqual({
      inclusive: false,
      lines: [
        { id: 'a', tax: 34, rate: 1000 },
        { id: 'b', tax: 33, rate: 1000 },
        { id: 'c', tax: 33, rate: 1000 },
      ],
      shippingTax: 0,
      shippingRate: 0,
      total: 100,
      provider: 'table',
    });
  });

  it('shipping taxed or not, by the standard rate that applies', async () => {
    const store = await storeWith([
      ten({ name: 'US' }),
      { name: 'Oregon', country: 'US', region: 'OR', percent: '0', shipping_taxable: false },
      { name: 'Texas', country: 'US', region: 'TX', percent: '6.25', shipping_taxable: false },
    ]);
    const lines = [{ id: 'a', amount: 1000 }];
    const ny = await calculateTax(server.platform.db, doc(store, lines, 599));
    expect(ny).toMatchObject({
      lines: [{ id: 'a', tax: 100 }],
      shippingTax: 60,
      shippingRate: 1000,
      total: 160,
    });
    const tx = await calculateTax(
      server.platform.db,
      doc(store, lines, 599, { country: 'US', region: 'TX', postal_code: '73301' }),
    );
    expect(tx).toMatchObject({ lines: [{ id: 'a', tax: 63, rate: 625 }], shippingTax: 0, total: 63 }); // 62.5 → 63
    const or = await calculateTax(
      server.platform.db,
      doc(store, lines, 599, { country: 'US', region: 'OR', postal_code: '97201' }),
    );
    expect(or.total).toBe(0);
    const abroad = await calculateTax(
      server.platform.db,
      doc(store, lines, 599, { country: 'DE', postal_code: '10115' }),
    );
    expect(abroad).toMatchObject({ lines: [{ id: 'a', tax: 0, rate: 0 }], shippingTax: 0, total: 0 });
  });

  it('prices with tax: the tax is extracted from gross amounts, lines and shipping summing to the total', async () => {
    const store = await storeWith(
      [
        { name: 'UK VAT', country: 'GB', percent: '20' },
        { name: 'UK VAT reduced', country: 'GB', tax_class: 'reduced', percent: '5' },
        { name: 'UK zero', country: 'GB', tax_class: 'zero', percent: '0' },
      ],
      { prices_include_tax: true },
    );
    const london = { country: 'GB', postal_code: 'SW1A 1AA' };
    const result = await calculateTax(
      server.platform.db,
      doc(
        store,
        [
          { id: 'shirt', amount: 1200 },
          { id: 'book', amount: 1050, taxClass: 'reduced' },
          { id: 'bread', amount: 300, taxClass: 'zero' },
          { id: 'gift', amount: 999, taxClass: 'luxury' }, // no such class: standard
        ],
        499,
        london,
      ),
    );
    // Exact: 200 + 50 + 0 + 166.5 + 83.1666… = 499.666… → 500.
    expect(result.inclusive).toBe(true);
    expect(result.total).toBe(500);
    expect(result.lines.map((l) => [l.id, l.tax, l.rate])).toEqual([
      ['shirt', 200, 2000],
      ['book', 50, 500],
      ['bread', 0, 0],
      ['gift', 167, 2000],
    ]);
    expect(result.shippingTax).toBe(83);
    expect(result.lines.reduce((s, l) => s + l.tax, result.shippingTax)).toBe(result.total);

    // A tax-exempt buyer: no tax; the same tax, inside the prices, is what comes off them.
    const exempt = await calculateTax(server.platform.db, {
      ...doc(
        store,
        [
          { id: 'shirt', amount: 1200 },
          { id: 'gift', amount: 999, taxClass: 'luxury' },
        ],
        499,
        london,
      ),
      exempt: true,
    });
    expect(exempt).toMatchObject({ inclusive: true, exempt: true, total: 0, shippingTax: 0 });
    expect(exempt.lines.map((l) => l.tax)).toEqual([0, 0]);
    // Exact: 200 + 166.5 + 83.1666… = 449.666… → 450, allocated as for a taxed buyer.
    expect(exempt.exemption).toEqual({
      lines: [
        { id: 'shirt', amount: 200 },
        { id: 'gift', amount: 167 },
      ],
      shipping: 83,
      total: 450,
    });
  });

  it('the most specific rate applies: postcode, then region, then country', async () => {
    const store = await storeWith([
      ten({ name: 'US' }),
      { name: 'NY state', country: 'US', region: 'NY', percent: '4' },
      { name: 'NYC', country: 'US', region: 'NY', postcode_pattern: '10000-10299', percent: '8.875' },
    ]);
    const rate = async (address: Record<string, string>) =>
      (await calculateTax(server.platform.db, doc(store, [{ id: 'a', amount: 10_000 }], 0, address)))
        .lines[0]!;
    expect(await rate({ country: 'US', region: 'NY', postal_code: '10001' })).toEqual({
      id: 'a',
      tax: 888,
      rate: 887.5,
    });
    expect(await rate({ country: 'US', region: 'NY', postal_code: '12207' })).toEqual({
      id: 'a',
      tax: 400,
      rate: 400,
    });
    expect(await rate({ country: 'US', region: 'CA', postal_code: '94105' })).toEqual({
      id: 'a',
      tax: 1000,
      rate: 1000,
    });
  });

  it('refuses a malformed document (negative amounts, repeated lines, bad class or address)', async () => {
    const store = await storeWith([ten()]);
    const base = doc(store, [{ id: 'a', amount: 100 }]);
    for (const bad of [
      { lines: [{ id: 'a', amount: -1 }] },
      { lines: [{ id: 'a', amount: 1.5 }] },
      { shipping: -10 },
      {
        lines: [
          { id: 'a', amount: 1 },
          { id: 'a', amount: 2 },
        ],
      },
      { lines: [{ id: 'a', amount: 1, taxClass: 'NOT A CLASS' }] },
      { currency: 'EURO' },
      { address: { line1: 'x', city: 'y', country: 'US', postal_code: 'nope' } },
    ]) {
      const err = await errorOf(calculateTax(server.platform.db, { ...base, ...bad } as TaxRequest));
      expect(err, JSON.stringify(bad)).toMatchObject({ code: 'VALIDATION_FAILED', status: 400 });
    }
  });

  it('works inside the caller’s store transaction (as checkout calls it)', async () => {
    const store = await storeWith([ten()]);
    const result = await withStore(server.platform.db, store, (tx) =>
      calculateTax(tx, doc(store, [{ id: 'a', amount: 1000 }], 100)),
    );
    expect(result.total).toBe(110);
  });

  it('over HTTP: the admin preview answers as checkout would calculate', async () => {
    const res = await post('/admin/v1/tax/calculate', {
      currency: 'USD',
      address: { line1: '1 Main St', city: 'New York', region: 'NY', postal_code: '10001', country: 'US' },
      lines: [
        { id: 'l1', amount: 333 },
        { id: 'l2', amount: 333 },
        { id: 'l3', amount: 333 },
      ],
      shipping: 0,
    });
    expect(res.status).toBe(200);
    // The owner store has the "Zip" rate (9 %, 100*) left from the rate tests.
    expect(res.body).toEqual({
      inclusive: false,
      provider: 'table',
      lines: [
        { id: 'l1', tax: 30, rate: 900 },
        { id: 'l2', tax: 30, rate: 900 },
        { id: 'l3', tax: 30, rate: 900 },
      ],
      shipping_tax: 0,
      shipping_rate: 900,
      total: 90, // 89.91
      exempt: false,
      exemption: null,
    });
    // A tax-exempt buyer in this store (prices without tax): nothing added, nothing to take off.
    const exempt = await post('/admin/v1/tax/calculate', {
      currency: 'USD',
      address: { line1: '1 Main St', city: 'New York', region: 'NY', postal_code: '10001', country: 'US' },
      lines: [{ id: 'l1', amount: 333 }],
      exempt: true,
    });
    expect(exempt.body).toMatchObject({
      total: 0,
      exempt: true,
      lines: [{ id: 'l1', tax: 0 }],
      exemption: { lines: [{ id: 'l1', amount: 0 }], shipping: 0, total: 0 },
    });
    const bad = await post('/admin/v1/tax/calculate', {
      currency: 'USD',
      address: { line1: '1', city: 'x', country: 'US', postal_code: '10001' },
      lines: [{ id: 'l1', amount: -333 }],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toBe('body.lines.0.amount');
  });
});

describe('tax providers', () => {
  it("a store's provider calculates; a failing, slow or inconsistent one is 503, never a guess", async () => {
    let behaviour: 'ok' | 'throw' | 'hang' | 'short' | 'fraction' = 'ok';
    const unregister = registerTaxProvider({
      code: 'test_tax',
      timeoutMs: 200,
      async calculate(request) {
        if (behaviour === 'throw') throw new Error('provider down');
        if (behaviour === 'hang') await new Promise((r) => setTimeout(r, 2000));
        const lines = request.lines.map((l) => ({
          id: l.id,
          tax: behaviour === 'fraction' ? 0.5 : 7,
          rate: 123,
        }));
        return { lines: behaviour === 'short' ? lines.slice(1) : lines, shippingTax: 3 };
      },
    });
    try {
      const store = await storeWith([]);
      await updateTaxSettings(server.platform.db, { storeId: store, patch: { provider: 'test_tax' } });
      const document = doc(
        store,
        [
          { id: 'a', amount: 100 },
          { id: 'b', amount: 200 },
        ],
        50,
      );
      expect(await calculateTax(server.platform.db, document)).toMatchObject({
        provider: 'test_tax',
        lines: [
          { id: 'a', tax: 7, rate: 123 },
          { id: 'b', tax: 7, rate: 123 },
        ],
        shippingTax: 3,
        total: 17,
      });
      for (const failure of ['throw', 'hang', 'short', 'fraction'] as const) {
        behaviour = failure;
        expect(await errorOf(calculateTax(server.platform.db, document)), failure).toMatchObject({
          code: 'UNAVAILABLE',
          status: 503,
        });
      }
      unregister();
      const gone = await errorOf(calculateTax(server.platform.db, document));
      expect(gone).toMatchObject({ code: 'UNAVAILABLE' });
      expect(gone.message).toMatch(/not installed/);
    } finally {
      unregister();
    }
  });
});

describe('row-level security', () => {
  it("another store's rates and settings are invisible and untouchable", async () => {
    const mine = (await get('/admin/v1/tax/rates')).body.data as { id: string }[];
    expect(mine.length).toBeGreaterThan(0);
    const oh = other.headers;
    expect((await get('/admin/v1/tax/rates', oh)).body.data).toEqual([]);
    expect((await get(`/admin/v1/tax/rates/${mine[0]!.id}`, oh)).status).toBe(404);
    expect((await patch(`/admin/v1/tax/rates/${mine[0]!.id}`, { percent: '1' }, oh)).status).toBe(404);
    expect((await del(`/admin/v1/tax/rates/${mine[0]!.id}`, oh)).status).toBe(404);
    expect((await get('/admin/v1/tax/settings', oh)).body.updated_at).toBeNull();
    const theirs = await calculateTax(
      server.platform.db,
      doc(other.storeId!, [{ id: 'a', amount: 1000 }], 100),
    );
    expect(theirs.total).toBe(0);
    const seen = await withStore(server.platform.db, other.storeId!, async (tx) => ({
      rates: (await tx.execute(sql`SELECT id FROM tax_rates`)).rows.length,
      settings: (await tx.execute(sql`SELECT store_id FROM tax_settings`)).rows.length,
    }));
    expect(seen).toEqual({ rates: 0, settings: 0 });
  });
});
