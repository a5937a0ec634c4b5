import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditedIds, countOf, eventsOf, verbs } from '../../../test/records.ts';
import { sentQueries } from '../../../test/sent-queries.ts';
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
  createShippingMethod,
  createShippingZone,
  quoteShippingRate,
  quoteShippingRates,
  registerCarrierRateProvider,
  type CarrierRateRequest,
  type ShippingMethodInput,
  type ShippingRateRequest,
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

/** A fresh store with zones and methods made through the service (no HTTP), for quote tests. */
async function storeWith(
  zones: {
    name: string;
    countries: string[];
    regions?: string[];
    postcode_patterns?: string[];
    methods: ShippingMethodInput[];
  }[],
) {
  const id = (await createTestStore(server)).id;
  const methodIds: Record<string, string> = {};
  const zoneIds: Record<string, string> = {};
  for (const { methods, ...input } of zones) {
    const z = await createShippingZone(server.platform.db, { storeId: id, input });
    zoneIds[input.name] = z.zone.id;
    for (const m of methods) {
      const method = await createShippingMethod(server.platform.db, {
        storeId: id,
        zoneId: z.zone.id,
        input: m,
      });
      methodIds[`${input.name}/${m.name}`] = method.id;
    }
  }
  return { storeId: id, methodIds, zoneIds };
}

const flat = (
  name: string,
  amount: number,
  extra: Partial<ShippingMethodInput> = {},
): ShippingMethodInput => ({
  name,
  currency: 'USD',
  rate: { type: 'flat', amount },
  ...extra,
});

function basket(
  store: string,
  address: Record<string, string>,
  extra: Partial<Omit<ShippingRateRequest, 'address'>> = {},
): ShippingRateRequest {
  return {
    storeId: store,
    currency: 'USD',
    address: parseAddress({ line1: '1 Main St', city: 'Somewhere', ...address }, 'address'),
    lines: [{ variantId: 'var_1', quantity: 2, unitPrice: 1000, weightGrams: 250 }],
    subtotal: 2000,
    ...extra,
  };
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

describe('zones over HTTP', () => {
  let zoneId: string;

  it('creates a zone, audited, with an event; lists and reads it with its methods', async () => {
    const res = await post('/admin/v1/shipping/zones', {
      name: 'Vietnam south',
      countries: ['vn'],
      regions: ['SG', 'Ho Chi Minh'],
      postcode_patterns: ['70*', ' 700000-709999 '],
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      name: 'Vietnam south',
      countries: ['VN'],
      regions: ['SG', 'Ho Chi Minh'],
      postcode_patterns: ['70*', '700000-709999'],
      methods: [],
    });
    zoneId = res.body.id;
    expect(zoneId).toMatch(/^shz_/);
    expect(await audits('shipping_zone.created')).toEqual([zoneId]);
    expect((await events('shipping_zone.created')).map((e) => e.id)).toEqual([zoneId]);

    const list = await get('/admin/v1/shipping/zones');
    expect(list.status).toBe(200);
    expect(list.body.data.map((z: { id: string }) => z.id)).toEqual([zoneId]);
    expect((await get(`/admin/v1/shipping/zones/${zoneId}`)).body.name).toBe('Vietnam south');
    expect((await get('/admin/v1/shipping/zones/shz_nope')).status).toBe(404);
  });

  it('refuses bad zones with a 400 naming the field, and writes nothing', async () => {
    const zones = await count('shipping_zones');
    const evts = await count('events');
    const bad: [unknown, string][] = [
      [{ name: 'X', countries: ['XX'] }, 'body.countries.0'],
      [{ name: 'X', countries: [] }, 'body.countries'],
      [{ name: '', countries: ['VN'] }, 'body.name'],
      [{ name: 'X', countries: ['*', 'VN'] }, 'body.countries'],
      [{ name: 'X', countries: ['*'], regions: ['CA'] }, 'body.regions'],
      [{ name: 'X', countries: ['VN'], postcode_patterns: ['70[0-9]'] }, 'body.postcode_patterns.0'],
      [{ name: 'X', countries: ['VN'], postcode_patterns: ['709999-700000'] }, 'body.postcode_patterns.0'],
      [{ name: 'X', countries: ['VN'], postcode_patterns: ['*'] }, 'body.postcode_patterns.0'],
      [{ name: 'X', countries: ['VN'], colour: 'red' }, 'body'],
    ];
    for (const [body, path] of bad) {
      const res = await post('/admin/v1/shipping/zones', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(res.headers.get('content-type')).toMatch(/problem\+json/);
      expect(res.body.errors.map((e: { path: string }) => e.path).join(' '), JSON.stringify(body)).toContain(
        path,
      );
    }
    const dup = await post('/admin/v1/shipping/zones', { name: 'Vietnam south', countries: ['VN'] });
    expect(dup.status).toBe(409);
    expect(dup.body.code).toBe('ALREADY_EXISTS');
    expect(await count('shipping_zones')).toBe(zones);
    expect(await count('events')).toBe(evts);
  });

  it('patches a zone (a list replaces the list); refuses narrowing a "*" zone', async () => {
    const res = await patch(`/admin/v1/shipping/zones/${zoneId}`, { regions: [], name: 'Vietnam' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      name: 'Vietnam',
      regions: [],
      postcode_patterns: ['70*', '700000-709999'],
    });
    const star = await patch(`/admin/v1/shipping/zones/${zoneId}`, { countries: ['*'] });
    expect(star.status).toBe(400);
    expect((await get(`/admin/v1/shipping/zones/${zoneId}`)).body.countries).toEqual(['VN']);
    expect(await audits('shipping_zone.updated')).toEqual([zoneId]);
  });

  it('an Idempotency-Key retry returns the first zone and creates nothing more', async () => {
    const headers = { ...h, 'idempotency-key': 'zone-retry-1' };
    const body = { name: 'Retried', countries: ['DE'] };
    const first = await post('/admin/v1/shipping/zones', body, headers);
    const again = await post('/admin/v1/shipping/zones', body, headers);
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body.id).toBe(first.body.id);
    const { rows } = await server.platform.db.execute(
      sql`SELECT id FROM shipping_zones WHERE store_id = ${storeId} AND name = 'Retried'`,
    );
    expect(rows).toHaveLength(1);
    expect((await events('shipping_zone.created')).filter((e) => e.name === 'Retried')).toHaveLength(1);
  });

  it('concurrent creates of one name: one zone, the others 409', async () => {
    const results = await Promise.all(
      Array.from({ length: 8 }, () => post('/admin/v1/shipping/zones', { name: 'Raced', countries: ['FR'] })),
    );
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409, 409, 409, 409]);
    expect((await events('shipping_zone.created')).filter((e) => e.name === 'Raced')).toHaveLength(1);
  });

  it('needs shipping.manage to change and shipping.read to read', async () => {
    const readOnly = await createTestApiKey(server, { storeId, role: 'read_only' });
    expect((await get('/admin/v1/shipping/zones', readOnly.headers)).status).toBe(200);
    const res = await post('/admin/v1/shipping/zones', { name: 'Nope', countries: ['VN'] }, readOnly.headers);
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('FORBIDDEN');
    expect((await get('/admin/v1/shipping/zones', {})).status).toBe(401);
  });

  it('deletes a zone with its methods (one event carrying them)', async () => {
    const z = await post('/admin/v1/shipping/zones', { name: 'Doomed', countries: ['IT'] });
    await post(`/admin/v1/shipping/zones/${z.body.id}/methods`, {
      name: 'A',
      currency: 'EUR',
      rate: { type: 'flat', amount: 1 },
    });
    expect((await del(`/admin/v1/shipping/zones/${z.body.id}`)).status).toBe(204);
    expect((await get(`/admin/v1/shipping/zones/${z.body.id}`)).status).toBe(404);
    const [gone] = (await events('shipping_zone.deleted')) as { id: string; methods: unknown[] }[];
    expect(gone).toMatchObject({ id: z.body.id });
    expect(gone!.methods).toHaveLength(1);
    expect((await del(`/admin/v1/shipping/zones/${z.body.id}`)).status).toBe(404);
  });
});

describe('methods over HTTP', () => {
  let zoneId: string;
  let methodId: string;

  beforeAll(async () => {
    zoneId = (await post('/admin/v1/shipping/zones', { name: 'Methods zone', countries: ['US'] })).body.id;
  });

  it('adds flat, weight-band and price-band methods', async () => {
    const flatRes = await post(`/admin/v1/shipping/zones/${zoneId}/methods`, {
      name: 'Standard',
      currency: 'USD',
      rate: { type: 'flat', amount: 599 },
      free_shipping_threshold: 5000,
      delivery_estimate: { min_days: 3, max_days: 5 },
    });
    expect(flatRes.status).toBe(201);
    expect(flatRes.body).toMatchObject({
      zone_id: zoneId,
      rate: { type: 'flat', amount: 599 },
      free_shipping_threshold: 5000,
      delivery_estimate: { min_days: 3, max_days: 5 },
      active: true,
      provider: 'table',
      provider_service: null,
    });
    methodId = flatRes.body.id;
    const weight = await post(`/admin/v1/shipping/zones/${zoneId}/methods`, {
      name: 'Express',
      currency: 'USD',
      rate: {
        type: 'weight_band',
        bands: [
          { from: 0, to: 1000, amount: 1499 },
          { from: 1000, amount: 2499 },
        ],
      },
    });
    expect(weight.status).toBe(201);
    expect(weight.body.rate.bands[1]).toEqual({ from: 1000, to: null, amount: 2499 });
    const price = await post(`/admin/v1/shipping/zones/${zoneId}/methods`, {
      name: 'Economy',
      currency: 'USD',
      rate: { type: 'price_band', bands: [{ from: 0, to: 10000, amount: 999 }] },
    });
    expect(price.status).toBe(201);
    const list = await get(`/admin/v1/shipping/zones/${zoneId}/methods`);
    expect(list.body.data.map((m: { name: string }) => m.name)).toEqual(['Standard', 'Express', 'Economy']);
    expect((await get(`/admin/v1/shipping/zones/${zoneId}`)).body.methods).toHaveLength(3);
    expect(await audits('shipping_method.created')).toContain(methodId);
    expect((await events('shipping_method.created')).filter((e) => e.zone_id === zoneId)).toHaveLength(3);
  });

  it('refuses bad methods (negative, fractional, unsorted, overlapping…) with a 400, writing nothing', async () => {
    const before = await count('shipping_methods');
    const evts = await count('events');
    const base = { name: 'Bad', currency: 'USD' };
    const band = (from: number, to: number | null, amount = 100) => ({ from, to, amount });
    const bad: [unknown, string][] = [
      [{ ...base, rate: { type: 'flat', amount: -1 } }, 'body.rate.amount'],
      [{ ...base, rate: { type: 'flat', amount: 5.5 } }, 'body.rate.amount'],
      [{ ...base, rate: { type: 'weight_band', bands: [] } }, 'body.rate.bands'],
      [
        { ...base, rate: { type: 'weight_band', bands: [band(1000, 2000), band(0, 1000)] } },
        'body.rate.bands.1',
      ],
      [
        { ...base, rate: { type: 'weight_band', bands: [band(0, 1500), band(1000, null)] } },
        'body.rate.bands.1',
      ],
      [
        { ...base, rate: { type: 'price_band', bands: [band(0, null), band(5000, null)] } },
        'body.rate.bands.1',
      ],
      [{ ...base, rate: { type: 'price_band', bands: [band(500, 100)] } }, 'body.rate.bands.0'],
      [{ ...base, rate: { type: 'price_band', bands: [band(-5, 100)] } }, 'body.rate.bands.0.from'],
      [{ ...base, rate: { type: 'price_band', bands: [band(0, 100, -3)] } }, 'body.rate.bands.0.amount'],
      [{ ...base, rate: { type: 'flat', amount: 1, bands: [] } }, 'body.rate'],
      [{ ...base, rate: { type: 'free', amount: 1 } }, 'body.rate'],
      [{ ...base, currency: 'XYZ', rate: { type: 'flat', amount: 1 } }, 'body.currency'],
      [
        { ...base, rate: { type: 'flat', amount: 1 }, free_shipping_threshold: -100 },
        'body.free_shipping_threshold',
      ],
      [
        { ...base, rate: { type: 'flat', amount: 1 }, delivery_estimate: { min_days: 5, max_days: 2 } },
        'body.delivery_estimate.max_days',
      ],
      [{ ...base, rate: { type: 'flat', amount: 1 }, provider: 'carrier_pigeon' }, 'body.provider'],
    ];
    for (const [body, path] of bad) {
      const res = await post(`/admin/v1/shipping/zones/${zoneId}/methods`, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.errors.map((e: { path: string }) => e.path).join(' '), JSON.stringify(body)).toContain(
        path,
      );
    }
    const dup = await post(`/admin/v1/shipping/zones/${zoneId}/methods`, {
      ...base,
      name: 'Standard',
      rate: { type: 'flat', amount: 1 },
    });
    expect(dup.status).toBe(409);
    expect(
      (
        await post('/admin/v1/shipping/zones/shz_nope/methods', {
          ...base,
          rate: { type: 'flat', amount: 1 },
        })
      ).status,
    ).toBe(404);
    expect(await count('shipping_methods')).toBe(before);
    expect(await count('events')).toBe(evts);
  });

  it('concurrent patches of different fields all land, each with its event', async () => {
    const m = await post(`/admin/v1/shipping/zones/${zoneId}/methods`, {
      name: 'Contended',
      currency: 'USD',
      rate: { type: 'flat', amount: 100 },
    });
    const patches = [
      { name: 'Contended (renamed)' },
      { free_shipping_threshold: 7500 },
      { delivery_estimate: { min_days: 2, max_days: 4 } },
      { provider_service: 'ground' },
      { rate: { type: 'flat', amount: 250 } },
      { active: false },
    ];
    const results = await Promise.all(
      patches.map((p) => patch(`/admin/v1/shipping/methods/${m.body.id}`, p)),
    );
    expect(results.map((r) => r.status)).toEqual(patches.map(() => 200));
    expect((await get(`/admin/v1/shipping/methods/${m.body.id}`)).body).toMatchObject({
      name: 'Contended (renamed)',
      free_shipping_threshold: 7500,
      delivery_estimate: { min_days: 2, max_days: 4 },
      provider_service: 'ground',
      rate: { type: 'flat', amount: 250 },
      active: false,
    });
    expect((await events('shipping_method.updated')).filter((e) => e.id === m.body.id)).toHaveLength(
      patches.length,
    );
    expect((await del(`/admin/v1/shipping/methods/${m.body.id}`)).status).toBe(204);
  });

  it('patches a method (a rate replaces the rate table) and deletes it', async () => {
    const res = await patch(`/admin/v1/shipping/methods/${methodId}`, {
      rate: {
        type: 'price_band',
        bands: [
          { from: 0, to: 2000, amount: 799 },
          { from: 2000, amount: 399 },
        ],
      },
      free_shipping_threshold: null,
      active: false,
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      rate: { type: 'price_band' },
      free_shipping_threshold: null,
      active: false,
      name: 'Standard',
    });
    const back = await patch(`/admin/v1/shipping/methods/${methodId}`, {
      rate: { type: 'flat', amount: 650 },
    });
    expect(back.body.rate).toEqual({ type: 'flat', amount: 650 });
    const bad = await patch(`/admin/v1/shipping/methods/${methodId}`, {
      rate: { type: 'weight_band', bands: [{ from: 10, to: 5, amount: 1 }] },
    });
    expect(bad.status).toBe(400);
    expect((await get(`/admin/v1/shipping/methods/${methodId}`)).body.rate).toEqual({
      type: 'flat',
      amount: 650,
    });
    expect((await audits('shipping_method.updated')).filter((id) => id === methodId)).toHaveLength(2);
    expect((await del(`/admin/v1/shipping/methods/${methodId}`)).status).toBe(204);
    expect((await get(`/admin/v1/shipping/methods/${methodId}`)).status).toBe(404);
    expect(await audits('shipping_method.deleted')).toContain(methodId);
  });
});

describe('which zone serves an address (through PostgreSQL)', () => {
  it('country, region and postcode zones; the most specific wins', async () => {
    const s = await storeWith([
      { name: 'World', countries: ['*'], methods: [flat('World post', 3000)] },
      { name: 'North America', countries: ['US', 'CA'], methods: [flat('NA ground', 1500)] },
      { name: 'USA', countries: ['US'], methods: [flat('US ground', 800), flat('US two-day', 1800)] },
      {
        name: 'California',
        countries: ['US'],
        regions: ['CA', 'California'],
        methods: [flat('CA courier', 700)],
      },
      {
        name: 'Manhattan',
        countries: ['US'],
        postcode_patterns: ['10001-10282'],
        methods: [flat('Bike', 500)],
      },
      { name: 'Saigon', countries: ['VN'], postcode_patterns: ['70*'], methods: [flat('Saigon moto', 300)] },
    ]);
    const names = async (address: Record<string, string>) =>
      (await quoteShippingRates(server.platform.db, basket(s.storeId, address))).map((r) => r.name);
    expect(await names({ country: 'US', region: 'NY', postal_code: '10001' })).toEqual(['Bike']);
    expect(await names({ country: 'US', region: 'NY', postal_code: '10282-1234' })).toEqual(['Bike']);
    expect(await names({ country: 'US', region: 'NY', postal_code: '10301' })).toEqual([
      'US ground',
      'US two-day',
    ]);
    expect(await names({ country: 'US', region: 'california', postal_code: '94105' })).toEqual([
      'CA courier',
    ]);
    expect(await names({ country: 'CA', region: 'ON', postal_code: 'M5V 2T6' })).toEqual(['NA ground']);
    expect(await names({ country: 'VN', postal_code: '700000' })).toEqual(['Saigon moto']);
    expect(await names({ country: 'VN', postal_code: '100000' })).toEqual(['World post']);
    expect(await names({ country: 'JP', postal_code: '100-0001' })).toEqual(['World post']);
  });

  it('no covering zone: an empty list, and NO_SHIPPING_TO_ADDRESS (422) for a method', async () => {
    const s = await storeWith([{ name: 'VN', countries: ['VN'], methods: [flat('Local', 300)] }]);
    expect(
      await quoteShippingRates(
        server.platform.db,
        basket(s.storeId, { country: 'US', postal_code: '10001' }),
      ),
    ).toEqual([]);
    const err = await errorOf(
      quoteShippingRate(server.platform.db, {
        ...basket(s.storeId, { country: 'US', postal_code: '10001' }),
        methodId: s.methodIds['VN/Local']!,
      }),
    );
    expect(err).toMatchObject({ code: 'NO_SHIPPING_TO_ADDRESS', status: 422 });
    expect(err.message).toContain('US');
    expect(
      await errorOf(
        quoteShippingRate(server.platform.db, {
          ...basket(s.storeId, { country: 'VN', postal_code: '700000' }),
          methodId: 'shm_nope',
        }),
      ),
    ).toMatchObject({ code: 'NOT_FOUND', status: 404 });
  });

  it('a method of a less specific zone is not offered where a more specific zone serves', async () => {
    const s = await storeWith([
      { name: 'USA', countries: ['US'], methods: [flat('Ground', 800)] },
      { name: 'NYC', countries: ['US'], postcode_patterns: ['100*'], methods: [flat('Bike', 500)] },
    ]);
    const err = await errorOf(
      quoteShippingRate(server.platform.db, {
        ...basket(s.storeId, { country: 'US', postal_code: '10001' }),
        methodId: s.methodIds['USA/Ground']!,
      }),
    );
    expect(err).toMatchObject({ code: 'SHIPPING_METHOD_UNAVAILABLE', status: 422 });
    const bike = await quoteShippingRate(server.platform.db, {
      ...basket(s.storeId, { country: 'US', postal_code: '10001' }),
      methodId: s.methodIds['NYC/Bike']!,
    });
    expect(bike).toMatchObject({ name: 'Bike', amount: 500, zoneId: s.zoneIds.NYC });
  });

  it('reads the zones once per transaction (a cart change checks its method, then re-quotes it)', async () => {
    const s = await storeWith([{ name: 'USA', countries: ['US'], methods: [flat('Ground', 800)] }]);
    const request = {
      ...basket(s.storeId, { country: 'US', postal_code: '10001' }),
      methodId: s.methodIds['USA/Ground']!,
    };
    const sent = await sentQueries(() =>
      withStore(server.platform.db, s.storeId, async (tx) => {
        await quoteShippingRate(tx, request);
        expect(await quoteShippingRate(tx, { ...request, subtotal: 5000 })).toMatchObject({ amount: 800 });
      }),
    );
    expect(sent.filter((q) => q.includes('FROM shipping_zones'))).toHaveLength(1);
    // Outside a transaction, every quote reads what is there now.
    const apart = await sentQueries(async () => {
      await quoteShippingRate(server.platform.db, request);
      await quoteShippingRate(server.platform.db, request);
    });
    expect(apart.filter((q) => q.includes('FROM shipping_zones'))).toHaveLength(2);
  });
});

describe('rates for a basket (through PostgreSQL)', () => {
  let s: Awaited<ReturnType<typeof storeWith>>;
  beforeAll(async () => {
    s = await storeWith([
      {
        name: 'USA',
        countries: ['US'],
        methods: [
          flat('Standard', 599, {
            free_shipping_threshold: 5000,
            delivery_estimate: { min_days: 3, max_days: 5 },
          }),
          {
            name: 'By weight',
            currency: 'USD',
            rate: {
              type: 'weight_band',
              bands: [
                { from: 0, to: 1000, amount: 1000 },
                { from: 1000, to: 5000, amount: 2000 },
              ],
            },
          },
          {
            name: 'By price',
            currency: 'USD',
            rate: {
              type: 'price_band',
              bands: [
                { from: 0, to: 2500, amount: 900 },
                { from: 2500, to: null, amount: 400 },
              ],
            },
          },
          flat('In euros', 100, { currency: 'EUR' }),
          flat('Retired', 1, { active: false }),
        ],
      },
    ]);
  });
  const to = { country: 'US', region: 'OR', postal_code: '97201' };
  const quote = (lines: ShippingRateRequest['lines'], subtotal: number, currency = 'USD') =>
    quoteShippingRates(server.platform.db, basket(s.storeId, to, { lines, subtotal, currency }));
  const line = (quantity: number, weightGrams: number | null, unitPrice = 500) => ({
    variantId: 'var_x',
    quantity,
    unitPrice,
    weightGrams,
  });

  it('each rate type, cheapest first, only active methods in the basket currency', async () => {
    const rates = await quote([line(2, 250)], 1000);
    expect(rates.map((r) => [r.name, r.amount])).toEqual([
      ['Standard', 599],
      ['By price', 900],
      ['By weight', 1000],
    ]);
    expect(rates[0]).toEqual({
      methodId: s.methodIds['USA/Standard'],
      name: 'Standard',
      amount: 599,
      currency: 'USD',
      provider: 'table',
      estimate: { minDays: 3, maxDays: 5 },
      freeShippingApplied: false,
      zoneId: s.zoneIds.USA,
      pickup: null,
    });
    expect((await quote([line(2, 250)], 1000, 'EUR')).map((r) => r.name)).toEqual(['In euros']);
  });

  it('weight-band edges: from inclusive, to exclusive; beyond the last band the method is not offered', async () => {
    const byWeight = async (lines: ShippingRateRequest['lines']) =>
      (await quote(lines, 1000)).find((r) => r.name === 'By weight')?.amount ?? null;
    expect(await byWeight([line(1, 999)])).toBe(1000);
    expect(await byWeight([line(4, 250)])).toBe(2000); // exactly 1000 g
    expect(await byWeight([line(1, 4999)])).toBe(2000);
    expect(await byWeight([line(5, 1000)])).toBeNull(); // exactly 5000 g: past the last band
    expect(await byWeight([line(3, null), line(1, 999)])).toBe(1000); // unknown weight counts as 0 g
  });

  it('price-band edges and the free-shipping threshold at exactly the subtotal', async () => {
    const amounts = async (subtotal: number) =>
      Object.fromEntries(
        (await quote([line(1, 100)], subtotal)).map((r) => [r.name, [r.amount, r.freeShippingApplied]]),
      );
    expect((await amounts(2499))['By price']).toEqual([900, false]);
    expect((await amounts(2500))['By price']).toEqual([400, false]);
    expect((await amounts(4999)).Standard).toEqual([599, false]);
    expect((await amounts(5000)).Standard).toEqual([0, true]);
  });

  it('one method: its rate, or a clear 422 for the wrong currency or a basket outside its bands', async () => {
    const methodId = s.methodIds['USA/By weight']!;
    const ok = await quoteShippingRate(server.platform.db, {
      ...basket(s.storeId, to, { lines: [line(1, 500)] }),
      methodId,
    });
    expect(ok).toMatchObject({ methodId, amount: 1000 });
    const heavy = await errorOf(
      quoteShippingRate(server.platform.db, {
        ...basket(s.storeId, to, { lines: [line(1, 9000)] }),
        methodId,
      }),
    );
    expect(heavy).toMatchObject({ code: 'SHIPPING_METHOD_UNAVAILABLE', status: 422 });
    const euros = await errorOf(
      quoteShippingRate(server.platform.db, { ...basket(s.storeId, to, { currency: 'EUR' }), methodId }),
    );
    expect(euros).toMatchObject({ code: 'SHIPPING_METHOD_UNAVAILABLE' });
    expect(euros.message).toMatch(/charges in USD; the basket is in EUR/);
    const retired = await errorOf(
      quoteShippingRate(server.platform.db, {
        ...basket(s.storeId, to),
        methodId: s.methodIds['USA/Retired']!,
      }),
    );
    expect(retired).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('refuses a malformed request (negative amounts, bad quantities, bad address) with VALIDATION_FAILED', async () => {
    for (const bad of [
      { subtotal: -1 },
      { lines: [line(0, 100)] },
      { lines: [line(1, -5)] },
      { lines: [line(1, 100, -1)] },
      { currency: 'usd' },
    ]) {
      const err = await errorOf(quoteShippingRates(server.platform.db, { ...basket(s.storeId, to), ...bad }));
      expect(err, JSON.stringify(bad)).toMatchObject({ code: 'VALIDATION_FAILED', status: 400 });
    }
    const badAddress = {
      ...basket(s.storeId, to),
      address: { line1: 'x', city: 'y', country: 'ZZ' },
    } as never;
    expect(await errorOf(quoteShippingRates(server.platform.db, badAddress))).toMatchObject({
      code: 'VALIDATION_FAILED',
    });
  });

  it('works inside the caller’s store transaction (as checkout calls it)', async () => {
    const rates = await withStore(server.platform.db, s.storeId, (tx) =>
      quoteShippingRates(tx, basket(s.storeId, to)),
    );
    expect(rates.map((r) => r.name)).toEqual(['Standard', 'By price', 'By weight']);
  });
});

describe('carrier-rate providers', () => {
  it('a registered carrier prices its methods; a failing or slow one falls back to the table', async () => {
    let behaviour: 'ok' | 'throw' | 'hang' | 'bogus' | 'decline' = 'ok';
    const seen: CarrierRateRequest[] = [];
    const unregister = registerCarrierRateProvider({
      code: 'test_carrier',
      timeoutMs: 200,
      async quote(request) {
        seen.push(request);
        if (behaviour === 'throw') throw new Error('carrier down');
        if (behaviour === 'hang') await new Promise((r) => setTimeout(r, 2000));
        if (behaviour === 'decline') return [];
        return request.methods.map((m) => ({
          methodId: m.id,
          amount: behaviour === 'bogus' ? 12.5 : 100 * request.weightGrams,
          currency: m.currency,
          estimate: { minDays: 1, maxDays: 1 },
        }));
      },
    });
    try {
      const s = await storeWith([
        {
          name: 'USA',
          countries: ['US'],
          methods: [
            flat('Carrier overnight', 4000, {
              provider: 'test_carrier',
              provider_service: 'overnight',
              free_shipping_threshold: 10_000,
            }),
            flat('Table', 800),
          ],
        },
      ]);
      const to = { country: 'US', postal_code: '10001' };
      const quote = (subtotal = 2000) =>
        quoteShippingRates(server.platform.db, basket(s.storeId, to, { subtotal }));

      expect((await quote()).find((r) => r.name === 'Carrier overnight')).toMatchObject({
        amount: 50_000, // 100 × 500 g
        provider: 'test_carrier',
        estimate: { minDays: 1, maxDays: 1 },
      });
      expect(seen[0]!.methods.map((m) => [m.name, m.providerService])).toEqual([
        ['Carrier overnight', 'overnight'],
      ]);
      expect(seen[0]!.weightGrams).toBe(500);
      // The free-shipping threshold applies to carrier prices too.
      expect((await quote(10_000)).find((r) => r.name === 'Carrier overnight')).toMatchObject({
        amount: 0,
        freeShippingApplied: true,
      });

      for (const failure of ['throw', 'hang', 'bogus'] as const) {
        behaviour = failure;
        const started = Date.now();
        const rate = (await quote()).find((r) => r.name === 'Carrier overnight');
        expect(rate, failure).toMatchObject({ amount: 4000, provider: 'table' });
        expect(Date.now() - started).toBeLessThan(1500);
      }
      behaviour = 'decline';
      expect((await quote()).map((r) => r.name)).toEqual(['Table']);
    } finally {
      unregister();
    }
  });
});

describe('row-level security', () => {
  it("another store's zones and methods are invisible and untouchable", async () => {
    const mine = await post('/admin/v1/shipping/zones', { name: 'Private', countries: ['NZ'] });
    const method = await post(`/admin/v1/shipping/zones/${mine.body.id}/methods`, {
      name: 'Kiwi post',
      currency: 'NZD',
      rate: { type: 'flat', amount: 900 },
    });
    const oh = other.headers;
    expect((await get('/admin/v1/shipping/zones', oh)).body.data).toEqual([]);
    expect((await get(`/admin/v1/shipping/zones/${mine.body.id}`, oh)).status).toBe(404);
    expect((await patch(`/admin/v1/shipping/zones/${mine.body.id}`, { name: 'Mine now' }, oh)).status).toBe(
      404,
    );
    expect((await del(`/admin/v1/shipping/methods/${method.body.id}`, oh)).status).toBe(404);
    expect(
      (
        await post(
          `/admin/v1/shipping/zones/${mine.body.id}/methods`,
          { name: 'X', currency: 'NZD', rate: { type: 'flat', amount: 1 } },
          oh,
        )
      ).status,
    ).toBe(404);
    const theirs = basket(other.storeId!, { country: 'NZ', postal_code: '6011' }, { currency: 'NZD' });
    expect(await quoteShippingRates(server.platform.db, theirs)).toEqual([]);
    expect(
      await errorOf(quoteShippingRate(server.platform.db, { ...theirs, methodId: method.body.id })),
    ).toMatchObject({ code: 'NOT_FOUND' });
    // Even a query that forgets its store filter sees nothing of another store under its scope.
    const seen = await withStore(server.platform.db, other.storeId!, async (tx) => ({
      zones: (await tx.execute(sql`SELECT id FROM shipping_zones`)).rows.length,
      methods: (await tx.execute(sql`SELECT id FROM shipping_methods`)).rows.length,
    }));
    expect(seen).toEqual({ zones: 0, methods: 0 });
    expect((await get(`/admin/v1/shipping/zones/${mine.body.id}`)).body.name).toBe('Private');
  });
});

describe('quotes over HTTP', () => {
  let pk: Record<string, string>;
  let light: string, heavy: string, draft: string, unpriced: string;

  beforeAll(async () => {
    pk = (await createTestApiKey(server, { storeId, kind: 'publishable' })).headers;
    const product = await post('/admin/v1/products', {
      title: 'Mug',
      status: 'active',
      options: [{ name: 'Size', values: ['S', 'L', 'XL'] }],
      variants: [
        { sku: 'MUG-S', option_values: { Size: 'S' }, weight_grams: 300 },
        { sku: 'MUG-L', option_values: { Size: 'L' }, weight_grams: 2000 },
        { sku: 'MUG-XL', option_values: { Size: 'XL' } },
      ],
    });
    expect(product.status).toBe(201);
    [light, heavy, unpriced] = product.body.variants.map((v: { id: string }) => v.id);
    const hidden = await post('/admin/v1/products', {
      title: 'Secret',
      status: 'draft',
      variants: [{ sku: 'SECRET' }],
    });
    draft = hidden.body.variants[0].id;
    const prices = await post('/admin/v1/prices/batch', {
      prices: [
        { variant_id: light, currency: 'USD', amount: 1200 },
        { variant_id: heavy, currency: 'USD', amount: 3000 },
        { variant_id: draft, currency: 'USD', amount: 100 },
      ],
    });
    expect(prices.status).toBe(200);
    // The methods zone of the methods tests covers US: Express (weight) and Economy (price) are left.
  });

  const address = { line1: '1 Main St', city: 'Portland', region: 'OR', postal_code: '97201', country: 'US' };

  it('the storefront gets rates for variants and quantities, priced and weighed by Carton', async () => {
    const res = await post(
      '/store/v1/shipping-rates',
      {
        address,
        lines: [
          { variant_id: light, quantity: 2 },
          { variant_id: heavy, quantity: 1 },
        ],
      },
      pk,
    );
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ currency: 'USD', subtotal: 5400, weight_grams: 2600 });
    expect(res.body.data.map((r: { name: string; amount: number }) => [r.name, r.amount])).toEqual([
      ['Economy', 999],
      ['Express', 2499],
    ]);
    expect(res.body.data[0]).toMatchObject({
      provider: 'table',
      estimate: null,
      free_shipping_applied: false,
    });
  });

  it('outside every zone: 422 NO_SHIPPING_TO_ADDRESS; unknown, hidden or unpriced variants: 422', async () => {
    const far = await post(
      '/store/v1/shipping-rates',
      {
        address: { ...address, country: 'AU', postal_code: '2000', region: 'NSW' },
        lines: [{ variant_id: light, quantity: 1 }],
      },
      pk,
    );
    expect(far.status).toBe(422);
    expect(far.body.code).toBe('NO_SHIPPING_TO_ADDRESS');
    expect(far.headers.get('content-type')).toMatch(/problem\+json/);
    const bad = await post(
      '/store/v1/shipping-rates',
      {
        address,
        lines: [
          { variant_id: 'var_nope', quantity: 1 },
          { variant_id: draft, quantity: 1 },
          { variant_id: unpriced, quantity: 1 },
          { variant_id: light, quantity: 1 },
        ],
      },
      pk,
    );
    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((e: { path: string }) => e.path)).toEqual([
      'body.lines.0.variant_id',
      'body.lines.1.variant_id',
      'body.lines.2.variant_id',
    ]);
    const malformed = await post(
      '/store/v1/shipping-rates',
      { address: { ...address, postal_code: 'ABCDE' }, lines: [{ variant_id: light, quantity: 0 }] },
      pk,
    );
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors.map((e: { path: string }) => e.path).sort()).toEqual([
      'body.address.postal_code',
      'body.lines.0.quantity',
    ]);
    expect(
      (await post('/store/v1/shipping-rates', { address, lines: [{ variant_id: light, quantity: 1 }] }, {}))
        .status,
    ).toBe(401);
  });

  it('the admin quote takes a basket as the cart would send it', async () => {
    const res = await post('/admin/v1/shipping/quote', {
      currency: 'USD',
      address,
      lines: [{ variant_id: 'anything', quantity: 3, unit_price: 1000, weight_grams: 400 }],
      subtotal: 3000,
    });
    expect(res.status).toBe(200);
    expect(res.body.zone_id).toMatch(/^shz_/);
    expect(res.body.data.map((r: { name: string; amount: number }) => [r.name, r.amount])).toEqual([
      ['Economy', 999],
      ['Express', 2499],
    ]);
    const nowhere = await post('/admin/v1/shipping/quote', {
      currency: 'USD',
      address: { ...address, country: 'AU', postal_code: '2000' },
      lines: [],
      subtotal: 0,
    });
    expect(nowhere.body).toEqual({ zone_id: null, data: [] });
    const negative = await post('/admin/v1/shipping/quote', {
      currency: 'USD',
      address,
      lines: [],
      subtotal: -1,
    });
    expect(negative.status).toBe(400);
    expect((await get('/admin/v1/shipping/providers')).body.data).toContainEqual({ code: 'table' });
  });
});
