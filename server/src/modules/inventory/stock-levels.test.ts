import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../../../test/harness.ts';
import { call, createStaffSession, createTestApiKey, type StaffSession } from '../../../test/identity.ts';
import { withStore } from '../../platform/db/database.ts';
import {
  defaultStockLocation,
  onHandAtDefaultLocation,
  setStockLevels,
  setStockLevelsInTx,
} from './service.ts';
import { insertTestVariants } from './testing.ts';
import { sentQueries } from '../../../test/sent-queries.ts';

let server: Awaited<ReturnType<typeof startTestServer>>;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

/** A fresh store (no stock locations) with an owner session and `n` variants. */
async function freshStore(n: number) {
  const owner = await createStaffSession(server, { role: 'owner' });
  const variants = await insertTestVariants(server.platform.db, owner.storeId!, n);
  return { owner, storeId: owner.storeId!, variants };
}

const batch = (owner: StaffSession, body: unknown, headers: Record<string, string> = {}) =>
  call(server, 'POST', '/admin/v1/inventory-levels/batch', {
    headers: { ...owner.headers, ...headers },
    body,
  });

async function count(storeId: string, table: string, where = sql``): Promise<number> {
  const { rows } = await server.platform.db.execute<{ n: number }>(
    sql`SELECT count(*)::int AS n FROM ${sql.identifier(table)} WHERE store_id = ${storeId} ${where}`,
  );
  return rows[0]!.n;
}

async function onHand(storeId: string): Promise<Record<string, number>> {
  const { rows } = await server.platform.db.execute<{ variant_id: string; on_hand: number }>(
    sql`SELECT variant_id, on_hand FROM inventory_levels WHERE store_id = ${storeId}`,
  );
  return Object.fromEntries(rows.map((r) => [r.variant_id, r.on_hand]));
}

describe('setting many stock levels at once', () => {
  it('creates the default location and the levels, with a ledger row per change, events and one audit entry', async () => {
    const { owner, storeId, variants } = await freshStore(3);
    const [a, b, c] = variants as [string, string, string];
    const res = await batch(owner, {
      reason: 'import',
      levels: [
        { variant_id: a, on_hand: 10 },
        { variant_id: b, on_hand: 0 },
        { variant_id: c, on_hand: 4, reorder_point: 5 },
      ],
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ location_created: true, levels_created: 3, levels_changed: 2 });
    expect(res.body.reference).toMatch(/^stkset_/);
    expect(res.body.levels[2]).toMatchObject({
      variant_id: c,
      on_hand: 4,
      reorder_point: 5,
      low_stock: true,
    });

    const locations = await call(server, 'GET', '/admin/v1/stock-locations', { headers: owner.headers });
    expect(locations.body.data).toEqual([
      expect.objectContaining({
        id: res.body.location_id,
        name: 'Default warehouse',
        code: 'default',
        active: true,
      }),
    ]);
    expect(await onHand(storeId)).toEqual({ [a]: 10, [b]: 0, [c]: 4 });

    const ledger = await call(
      server,
      'GET',
      `/admin/v1/inventory/movements?reference=${res.body.reference}`,
      {
        headers: owner.headers,
      },
    );
    expect(
      ledger.body.data
        .map(
          (m: {
            variant_id: string;
            on_hand_delta: number;
            reason: string;
            kind: string;
            actor_type: string;
          }) => [m.variant_id, m.on_hand_delta, m.reason, m.kind, m.actor_type],
        )
        .sort(),
    ).toEqual(
      [
        [a, 10, 'import', 'adjustment', 'staff'],
        [c, 4, 'import', 'adjustment', 'staff'],
      ].sort(),
    );
    const { rows: events } = await server.platform.db.execute<{ type: string; n: number }>(sql`
      SELECT type, count(*)::int AS n FROM events WHERE store_id = ${storeId} GROUP BY type ORDER BY type`);
    expect(events).toEqual([
      { type: 'inventory.adjusted', n: 2 },
      { type: 'inventory.low_stock', n: 1 },
    ]);
    expect(await count(storeId, 'audit_log', sql`AND action = 'inventory_levels.set'`)).toBe(1);
    expect(await count(storeId, 'audit_log', sql`AND action = 'stock_location.created'`)).toBe(1);

    // Again, with one quantity changed: the same location, one ledger row, nothing else.
    const again = await batch(owner, {
      levels: [
        { variant_id: a, on_hand: 7 },
        { variant_id: b, on_hand: 0 },
      ],
    });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({
      location_id: res.body.location_id,
      location_created: false,
      levels_created: 0,
      levels_changed: 1,
    });
    expect(await count(storeId, 'inventory_movements')).toBe(3);
    const last = await call(
      server,
      'GET',
      `/admin/v1/inventory/movements?reference=${again.body.reference}`,
      {
        headers: owner.headers,
      },
    );
    expect(last.body.data).toEqual([
      expect.objectContaining({ variant_id: a, on_hand_delta: -3, reason: 'correction' }),
    ]);
    expect(await count(storeId, 'stock_locations')).toBe(1);
  });

  it('uses the active location with the lowest priority, or the one named', async () => {
    const { owner, storeId, variants } = await freshStore(1);
    const mk = async (code: string, priority: number, active = true) =>
      (
        await call(server, 'POST', '/admin/v1/stock-locations', {
          headers: owner.headers,
          body: { name: code, code, priority, active },
        })
      ).body.id as string;
    await mk('closed', 0, false);
    const second = await mk('second', 5);
    const first = await mk('first', 2);
    const res = await batch(owner, { levels: [{ variant_id: variants[0], on_hand: 3 }] });
    expect(res.body).toMatchObject({ location_id: first, location_created: false });
    const named = await batch(owner, {
      location_id: second,
      levels: [{ variant_id: variants[0], on_hand: 8 }],
    });
    expect(named.body.location_id).toBe(second);
    expect(await count(storeId, 'stock_locations')).toBe(3);
    expect(await onHandAtDefaultLocation(server.platform.db, storeId, variants)).toEqual(
      new Map([[variants[0], 3]]),
    );
  });

  it('is all or nothing: an unknown variant, a bad quantity or stock below reservations writes nothing', async () => {
    const { owner, storeId, variants } = await freshStore(2);
    const [a, b] = variants as [string, string];
    const unknown = await batch(owner, {
      levels: [
        { variant_id: a, on_hand: 5 },
        { variant_id: 'var_nope', on_hand: 1 },
      ],
    });
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(unknown.body.code).toBe('NOT_FOUND');
    expect(unknown.body.errors).toEqual([expect.objectContaining({ path: 'body.levels.1.variant_id' })]);
    // Not even the default location it would have created.
    for (const table of ['stock_locations', 'inventory_levels', 'inventory_movements', 'events'])
      expect(await count(storeId, table), table).toBe(0);

    for (const levels of [
      [{ variant_id: a, on_hand: -1 }],
      [{ variant_id: a, on_hand: 1.5 }],
      [
        { variant_id: a, on_hand: 1 },
        { variant_id: a, on_hand: 2 },
      ],
      [],
    ]) {
      const res = await batch(owner, { levels });
      expect(res.status, JSON.stringify(levels)).toBe(400);
    }
    expect((await batch(owner, { reason: 'theft', levels: [{ variant_id: a, on_hand: 1 }] })).status).toBe(
      400,
    );
    expect(
      (await batch(owner, { location_id: 'sloc_nope', levels: [{ variant_id: a, on_hand: 1 }] })).status,
    ).toBe(404);
    expect(await count(storeId, 'inventory_levels')).toBe(0);

    // 5 of b, 3 reserved: setting 2 would take reserved units — refused, a too.
    await batch(owner, { levels: [{ variant_id: b, on_hand: 5 }] });
    const reserved = await call(server, 'POST', '/admin/v1/inventory/reservations', {
      headers: owner.headers,
      body: { owner_ref: 'cart_1', lines: [{ variant_id: b, quantity: 3 }] },
    });
    expect(reserved.status).toBe(201);
    const movements = await count(storeId, 'inventory_movements');
    const below = await batch(owner, {
      levels: [
        { variant_id: a, on_hand: 9 },
        { variant_id: b, on_hand: 2 },
      ],
    });
    expect(below.status).toBe(409);
    expect(below.body.code).toBe('INSUFFICIENT_STOCK');
    expect(below.body.errors).toEqual([expect.objectContaining({ path: 'body.levels.1.on_hand' })]);
    expect(await count(storeId, 'inventory_movements')).toBe(movements);
    expect(await onHand(storeId)).toEqual({ [b]: 5 });
  });

  it('refuses to pick a location when all of the store’s are inactive', async () => {
    const { owner, storeId, variants } = await freshStore(1);
    await call(server, 'POST', '/admin/v1/stock-locations', {
      headers: owner.headers,
      body: { name: 'Closed', code: 'closed', active: false },
    });
    const res = await batch(owner, { levels: [{ variant_id: variants[0], on_hand: 1 }] });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('CONFLICT');
    expect(await count(storeId, 'stock_locations')).toBe(1);
    expect(await defaultStockLocation(server.platform.db, { storeId })).toBeNull();
  });

  it('honours Idempotency-Key and needs inventory.manage', async () => {
    const { owner, storeId, variants } = await freshStore(1);
    const body = { levels: [{ variant_id: variants[0], on_hand: 6 }] };
    const first = await batch(owner, body, { 'idempotency-key': 'stock-count-1' });
    const replay = await batch(owner, body, { 'idempotency-key': 'stock-count-1' });
    expect(replay.status).toBe(200);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.body.reference).toBe(first.body.reference);
    expect(await count(storeId, 'inventory_movements')).toBe(1);

    const reader = await createTestApiKey(server.platform, { storeId, kind: 'secret', role: 'read_only' });
    expect(
      (
        await call(server, 'POST', '/admin/v1/inventory-levels/batch', {
          headers: reader.headers,
          body,
        })
      ).status,
    ).toBe(403);
  });

  it('sets 5,000 levels in a fixed number of statements (plus one per event when events are on)', async () => {
    const { storeId } = await freshStore(0);
    const variants = await insertTestVariants(server.platform.db, storeId, 5000);
    const quiet = await sentQueries(() =>
      withStore(server.platform.db, storeId, (tx) =>
        setStockLevelsInTx(tx, {
          storeId,
          input: {
            reason: 'import',
            levels: variants.map((variant_id, i) => ({ variant_id, on_hand: i % 50 })),
          },
          emitEvents: false,
        }),
      ),
    );
    // BEGIN, store scope, default location (select + create), variants, insert levels, lock,
    // update, ledger, COMMIT.
    expect(quiet.length).toBeLessThanOrEqual(10);
    expect(await count(storeId, 'inventory_movements')).toBe(4900); // i % 50 === 0 stays at 0
    expect(await count(storeId, 'events')).toBe(0);

    const started = Date.now();
    const result = await setStockLevels(server.platform.db, {
      storeId,
      input: { levels: variants.map((variant_id, i) => ({ variant_id, on_hand: (i % 50) + 1 })) },
    });
    const ms = Date.now() - started;
    expect(result).toMatchObject({ levels_created: 0, levels_changed: 5000 });
    expect(await count(storeId, 'events')).toBe(5000);
    expect(ms).toBeLessThan(30_000);
  }, 60_000);
});
