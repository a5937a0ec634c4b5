import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../../../test/harness.ts';
import {
  call,
  createStaffSession,
  createTestApiKey,
  createTestStore,
  type StaffSession,
} from '../../../test/identity.ts';
import { releaseExpiredReservations } from './service.ts';
import { insertTestVariants, setTestBackorderPolicy } from './testing.ts';

let server: Awaited<ReturnType<typeof startTestServer>>;
let owner: StaffSession;
let storeId: string;
let h: Record<string, string>;
let v1: string, v2: string, v3: string;
let east: string, west: string;

beforeAll(async () => {
  server = await startTestServer();
  owner = await createStaffSession(server, { role: 'owner' });
  storeId = owner.storeId!;
  h = owner.headers;
  [v1, v2, v3] = (await insertTestVariants(server.platform.db, storeId, 3)) as [string, string, string];
});
afterAll(async () => {
  await server?.close();
});

const get = (path: string, headers = h) => call(server, 'GET', path, { headers });
const post = (path: string, body?: unknown, headers = h) => call(server, 'POST', path, { headers, body });
const put = (path: string, body: unknown) => call(server, 'PUT', path, { headers: h, body });

async function count(table: string): Promise<number> {
  const { rows } = await server.platform.db.execute<{ n: number }>(
    sql`SELECT count(*)::int AS n FROM ${sql.identifier(table)} WHERE store_id = ${storeId}`,
  );
  return rows[0]!.n;
}
async function events(type: string) {
  const { rows } = await server.platform.db.execute<{ payload: Record<string, unknown> }>(
    sql`SELECT payload FROM events WHERE store_id = ${storeId} AND type = ${type} ORDER BY sequence`,
  );
  return rows.map((r) => r.payload);
}
async function level(variantId: string, locationId: string) {
  const res = await get(`/admin/v1/inventory-levels?variant_ids=${variantId}&location_id=${locationId}`);
  expect(res.status).toBe(200);
  return res.body.data[0];
}

describe('stock locations', () => {
  it('creates, lists in priority order, updates; refuses duplicates and bad input', async () => {
    const a = await post('/admin/v1/stock-locations', {
      name: 'East warehouse',
      code: 'east',
      priority: 1,
      address: { city: 'Hanoi', country: 'VN' },
    });
    expect(a.status).toBe(201);
    east = a.body.id;
    const b = await post('/admin/v1/stock-locations', { name: 'West warehouse', code: 'west', priority: 2 });
    expect(b.status).toBe(201);
    west = b.body.id;

    const dup = await post('/admin/v1/stock-locations', { name: 'Again', code: 'east' });
    expect(dup.status).toBe(409);
    expect(dup.body.code).toBe('ALREADY_EXISTS');
    const bad = await post('/admin/v1/stock-locations', { name: '', code: 'has space', priority: -1 });
    expect(bad.status).toBe(400);
    expect(await count('stock_locations')).toBe(2);

    const list = await get('/admin/v1/stock-locations');
    expect(list.body.data.map((l: { code: string }) => l.code)).toEqual(['east', 'west']);
    const patched = await call(server, 'PATCH', `/admin/v1/stock-locations/${west}`, {
      headers: h,
      body: { name: 'West (main)' },
    });
    expect(patched.status).toBe(200);
    expect(patched.body.name).toBe('West (main)');
    expect((await get('/admin/v1/stock-locations/sloc_nope')).status).toBe(404);
  });
});

describe('levels, adjustments, transfers', () => {
  it('sets a level and adjusts it for reasons, each in the ledger, the audit log and the events', async () => {
    const set = await put('/admin/v1/inventory-levels', { variant_id: v1, location_id: east, on_hand: 10 });
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({ on_hand: 10, reserved: 0, damaged: 0, available: 10 });

    const received = await post('/admin/v1/inventory/adjustments', {
      variant_id: v1,
      location_id: east,
      reason: 'received',
      quantity: 5,
      note: 'PO 1234',
    });
    expect(received.status).toBe(201);
    expect(received.body.level).toMatchObject({ on_hand: 15, available: 15 });
    const damaged = await post('/admin/v1/inventory/adjustments', {
      variant_id: v1,
      location_id: east,
      reason: 'damaged',
      quantity: 2,
    });
    expect(damaged.body.level).toMatchObject({ on_hand: 15, damaged: 2, available: 13 });
    const shrink = await post('/admin/v1/inventory/adjustments', {
      variant_id: v1,
      location_id: east,
      reason: 'correction',
      quantity: -3,
    });
    expect(shrink.body.level).toMatchObject({ on_hand: 12, available: 10 });

    const ledger = await get(`/admin/v1/inventory/movements?variant_id=${v1}`);
    expect(ledger.body.data.map((m: { reason: string }) => m.reason)).toEqual([
      'correction',
      'damaged',
      'received',
      'correction',
    ]);
    expect(ledger.body.data[2]).toMatchObject({ on_hand_delta: 5, note: 'PO 1234', actor_type: 'staff' });
    expect((await events('inventory.adjusted')).length).toBe(4);
    const audit = await get('/admin/v1/audit-log?action=inventory.*');
    if (audit.status === 200) expect(audit.body.data.length).toBeGreaterThanOrEqual(3);
  });

  it('refuses bad adjustments with a 4xx and writes nothing', async () => {
    const movements = await count('inventory_movements');
    const base = { variant_id: v1, location_id: east };
    for (const body of [
      { ...base, reason: 'received', quantity: -1 },
      { ...base, reason: 'received', quantity: 1.5 },
      { ...base, reason: 'received', quantity: 0 },
      { ...base, reason: 'stolen', quantity: 1 },
    ]) {
      const res = await post('/admin/v1/inventory/adjustments', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
    }
    const tooMany = await post('/admin/v1/inventory/adjustments', {
      ...base,
      reason: 'shrinkage',
      quantity: 11,
    });
    expect(tooMany.status).toBe(409);
    expect(tooMany.body.code).toBe('INSUFFICIENT_STOCK');
    const unknownVariant = await post('/admin/v1/inventory/adjustments', {
      ...base,
      variant_id: 'var_unknown',
      reason: 'received',
      quantity: 1,
    });
    expect(unknownVariant.status).toBe(404);
    const unknownLocation = await post('/admin/v1/inventory/adjustments', {
      ...base,
      location_id: 'sloc_unknown',
      reason: 'received',
      quantity: 1,
    });
    expect(unknownLocation.status).toBe(404);

    // Another store's variant and location are unknown here.
    const other = await createTestStore(server.platform);
    const [foreignVariant] = await insertTestVariants(server.platform.db, other.id, 1);
    const foreign = await post('/admin/v1/inventory/adjustments', {
      ...base,
      variant_id: foreignVariant,
      reason: 'received',
      quantity: 1,
    });
    expect(foreign.status).toBe(404);
    expect(await count('inventory_movements')).toBe(movements);
    expect((await level(v1, east)).on_hand).toBe(12);
  });

  it('transfers between locations in one transaction, and refuses bad transfers', async () => {
    const res = await post('/admin/v1/inventory/transfers', {
      variant_id: v1,
      from_location_id: east,
      to_location_id: west,
      quantity: 4,
    });
    expect(res.status).toBe(201);
    expect(res.body.from).toMatchObject({ on_hand: 8, available: 6 });
    expect(res.body.to).toMatchObject({ on_hand: 4, available: 4 });
    const ledger = await get(`/admin/v1/inventory/movements?reference=${res.body.transfer_id}`);
    expect(
      ledger.body.data.map((m: { kind: string; on_hand_delta: number }) => [m.kind, m.on_hand_delta]),
    ).toEqual(
      expect.arrayContaining([
        ['transfer_out', -4],
        ['transfer_in', 4],
      ]),
    );

    const movements = await count('inventory_movements');
    const same = await post('/admin/v1/inventory/transfers', {
      variant_id: v1,
      from_location_id: east,
      to_location_id: east,
      quantity: 1,
    });
    expect(same.status).toBe(400);
    const tooMany = await post('/admin/v1/inventory/transfers', {
      variant_id: v1,
      from_location_id: east,
      to_location_id: west,
      quantity: 7, // 8 on hand, 2 damaged: 6 available
    });
    expect(tooMany.status).toBe(409);
    const unknown = await post('/admin/v1/inventory/transfers', {
      variant_id: v1,
      from_location_id: east,
      to_location_id: 'sloc_unknown',
      quantity: 1,
    });
    expect(unknown.status).toBe(404);
    expect(await count('inventory_movements')).toBe(movements);
    expect((await level(v1, east)).on_hand).toBe(8);
  });

  it('emits inventory.low_stock once per crossing below the reorder point', async () => {
    await put('/admin/v1/inventory-levels', {
      variant_id: v2,
      location_id: east,
      on_hand: 10,
      reorder_point: 5,
    });
    const sell = async (q: number) => {
      const r = await post('/admin/v1/inventory/reservations', {
        owner_ref: 'cart_low',
        lines: [{ variant_id: v2, quantity: q }],
      });
      expect(r.status).toBe(201);
      return r.body.id as string;
    };
    await sell(5); // available 5: not below
    expect(await events('inventory.low_stock')).toHaveLength(0);
    const r2 = await sell(1); // 4: crossed
    await sell(1); // 3: still below, no new event
    expect(await events('inventory.low_stock')).toHaveLength(1);
    expect((await level(v2, east)).low_stock).toBe(true);
    await post(`/admin/v1/inventory/reservations/${r2}/release`); // 4
    await post('/admin/v1/inventory/adjustments', {
      variant_id: v2,
      location_id: east,
      reason: 'received',
      quantity: 5,
    });
    expect((await level(v2, east)).low_stock).toBe(false); // 9: back above
    await sell(6); // 3: crossed again
    const low = await events('inventory.low_stock');
    expect(low).toHaveLength(2);
    expect(low[1]).toMatchObject({ variantId: v2, locationId: east, available: 3, reorderPoint: 5 });
  });
});

describe('reservations', () => {
  it('allocates by priority across locations, is idempotent by key, and commits', async () => {
    await put('/admin/v1/inventory-levels', { variant_id: v3, location_id: east, on_hand: 3 });
    await put('/admin/v1/inventory-levels', { variant_id: v3, location_id: west, on_hand: 5 });
    const body = { key: 'chk_A', owner_ref: 'chk_A', lines: [{ variant_id: v3, quantity: 5 }] };
    const res = await post('/admin/v1/inventory/reservations', body);
    expect(res.status).toBe(201);
    expect(res.body.status).toBe('active');
    expect(res.body.lines).toEqual(
      expect.arrayContaining([
        { variant_id: v3, location_id: east, quantity: 3 },
        { variant_id: v3, location_id: west, quantity: 2 },
      ]),
    );
    const again = await post('/admin/v1/inventory/reservations', body);
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(res.body.id);
    const reused = await post('/admin/v1/inventory/reservations', {
      ...body,
      lines: [{ variant_id: v3, quantity: 1 }],
    });
    expect(reused.status).toBe(409);
    expect((await level(v3, west)).reserved).toBe(2);

    const committed = await post(`/admin/v1/inventory/reservations/${res.body.id}/commit`, {
      order_ref: 'ord_1',
    });
    expect(committed.status).toBe(200);
    expect(committed.body).toMatchObject({ status: 'committed', order_ref: 'ord_1' });
    expect(await level(v3, east)).toMatchObject({ on_hand: 0, reserved: 0, available: 0 });
    expect(await level(v3, west)).toMatchObject({ on_hand: 3, reserved: 0, available: 3 });
    const ledger = await get(`/admin/v1/inventory/movements?kind=committed&reference=ord_1`);
    expect(ledger.body.data).toHaveLength(2);
    expect(await events('inventory.committed')).toHaveLength(1);
    expect((await post(`/admin/v1/inventory/reservations/${res.body.id}/release`)).status).toBe(409);
  });

  it('reserves at a requested location only, and refuses what is not there (nothing held)', async () => {
    const before = await count('inventory_reservations');
    const short = await post('/admin/v1/inventory/reservations', {
      owner_ref: 'cart_B',
      lines: [{ variant_id: v3, quantity: 1, location_id: east }],
    });
    expect(short.status).toBe(409);
    expect(short.body.code).toBe('INSUFFICIENT_STOCK');
    expect(short.body.errors[0].path).toBe('body.lines.0.quantity');
    const allOrNothing = await post('/admin/v1/inventory/reservations', {
      owner_ref: 'cart_B',
      lines: [
        { variant_id: v1, quantity: 1 },
        { variant_id: v3, quantity: 4 },
      ],
    });
    expect(allOrNothing.status).toBe(409);
    expect(await count('inventory_reservations')).toBe(before);
    expect((await level(v1, east)).reserved).toBe(0);

    for (const lines of [[{ variant_id: v3, quantity: -1 }], [{ variant_id: v3, quantity: 0.5 }], []]) {
      expect((await post('/admin/v1/inventory/reservations', { owner_ref: 'cart_B', lines })).status).toBe(
        400,
      );
    }
    expect(
      (
        await post('/admin/v1/inventory/reservations', {
          owner_ref: 'cart_B',
          lines: [{ variant_id: 'var_x', quantity: 1 }],
        })
      ).status,
    ).toBe(404);
    expect(await count('inventory_reservations')).toBe(before);

    const atWest = await post('/admin/v1/inventory/reservations', {
      owner_ref: 'cart_B',
      lines: [{ variant_id: v3, quantity: 2, location_id: west }],
    });
    expect(atWest.status).toBe(201);
    const released = await post(`/admin/v1/inventory/reservations/${atWest.body.id}/release`);
    expect(released.body.status).toBe('released');
    expect((await post(`/admin/v1/inventory/reservations/${atWest.body.id}/release`)).status).toBe(200);
    const commitReleased = await post(`/admin/v1/inventory/reservations/${atWest.body.id}/commit`);
    expect(commitReleased.status).toBe(409);
    expect(commitReleased.body.code).toBe('INVALID_STATE_TRANSITION');
    expect((await level(v3, west)).reserved).toBe(0);
    const list = await get('/admin/v1/inventory/reservations?owner_ref=cart_B');
    expect(list.body.data.map((r: { status: string }) => r.status)).toEqual(['released']);
  });

  it('expires: an expired reservation cannot be committed, and the sweep releases it', async () => {
    const res = await post('/admin/v1/inventory/reservations', {
      owner_ref: 'cart_C',
      lines: [{ variant_id: v3, quantity: 1 }],
    });
    await server.platform.db.execute(
      sql`UPDATE inventory_reservations SET expires_at = now() - interval '1 second' WHERE id = ${res.body.id as string}`,
    );
    const commit = await post(`/admin/v1/inventory/reservations/${res.body.id}/commit`);
    expect(commit.status).toBe(409);
    expect(commit.body.detail ?? commit.body.title).toMatch(/expired/);
    expect((await level(v3, west)).reserved).toBe(1);

    expect(await releaseExpiredReservations(server.platform.db)).toBe(1);
    expect((await get(`/admin/v1/inventory/reservations/${res.body.id}`)).body.status).toBe('expired');
    expect((await level(v3, west)).reserved).toBe(0);
    const released = await events('inventory.released');
    expect(released.at(-1)).toMatchObject({ reservationId: res.body.id, reason: 'expired' });
    expect(await releaseExpiredReservations(server.platform.db)).toBe(0);
  });

  it('reserves beyond stock when the variant allows backorders', async () => {
    const [v] = await insertTestVariants(server.platform.db, storeId, 1);
    await setTestBackorderPolicy(server.platform.db, v!, 'allow');
    const res = await post('/admin/v1/inventory/reservations', {
      owner_ref: 'cart_D',
      lines: [{ variant_id: v, quantity: 3 }],
    });
    expect(res.status).toBe(201);
    expect(await level(v!, east)).toMatchObject({ on_hand: 0, reserved: 3, available: -3 });
    const avail = await get(`/admin/v1/inventory-levels?variant_ids=${v}`);
    expect(avail.body.data).toHaveLength(1);
  });
});

describe('permissions and the storefront', () => {
  it('needs inventory.manage to change stock', async () => {
    const reader = await createTestApiKey(server.platform, { storeId, kind: 'secret', role: 'read_only' });
    expect((await get('/admin/v1/inventory-levels', reader.headers)).status).toBe(200);
    const res = await post(
      '/admin/v1/inventory/adjustments',
      { variant_id: v1, location_id: east, reason: 'received', quantity: 1 },
      reader.headers,
    );
    expect(res.status).toBe(403);
    expect((await call(server, 'GET', '/admin/v1/inventory-levels')).status).toBe(401);
  });

  it('shows shoppers availability summed over active locations', async () => {
    const pk = await createTestApiKey(server.platform, { storeId, kind: 'publishable' });
    const res = await get(`/store/v1/availability?variant_ids=${v1},${v3},var_unknown`, pk.headers);
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual([
      { variant_id: v1, available: 10, in_stock: true, backorder_policy: 'deny' },
      { variant_id: v3, available: 3, in_stock: true, backorder_policy: 'deny' },
      { variant_id: 'var_unknown', available: 0, in_stock: false, backorder_policy: 'deny' },
    ]);
    expect(res.body.data[0].locations).toBeUndefined();

    // An inactive warehouse's stock is not for sale.
    await call(server, 'PATCH', `/admin/v1/stock-locations/${west}`, { headers: h, body: { active: false } });
    const after = await get(`/store/v1/availability?variant_ids=${v1}`, pk.headers);
    expect(after.body.data[0].available).toBe(6);
    await call(server, 'PATCH', `/admin/v1/stock-locations/${west}`, { headers: h, body: { active: true } });

    expect((await get('/store/v1/availability?variant_ids=', pk.headers)).status).toBe(400);
    expect((await call(server, 'GET', `/store/v1/availability?variant_ids=${v1}`)).status).toBe(401);
  });
});
