import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../../../test/harness.ts';
import { createTestStore } from '../../../test/identity.ts';
import { runInStore } from '../../platform/db/database.ts';
import { isAppError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import {
  commitReservation,
  createStockLocation,
  releaseReservation,
  reserveStock,
  setInventoryLevel,
} from './service.ts';
import { insertTestVariants } from './testing.ts';
import { sentQueries } from '../../../test/sent-queries.ts';

/**
 * Query counts as a test of design: a reservation, its release and its commit each cost one round
 * trip (the store scope and a PL/pgSQL call in one message), plus the coalesced wake-up NOTIFY
 * after commit. And the functions run as the caller, under row-level security.
 */
let platform: TestPlatform;
let storeA: string;
let storeB: string;
let variant: string;
let location: string;

beforeAll(async () => {
  platform = await createTestPlatform();
  storeA = (await createTestStore(platform)).id;
  storeB = (await createTestStore(platform)).id;
  variant = (await insertTestVariants(platform.db, storeA, 1))[0]!;
  location = (await createStockLocation(platform.db, { storeId: storeA, input: { name: 'M', code: 'm' } }))
    .id;
  await setInventoryLevel(platform.db, {
    storeId: storeA,
    input: { variant_id: variant, location_id: location, on_hand: 100, reorder_point: 99 },
  });
});
afterAll(() => platform?.close());

describe('round trips', () => {
  it('reserve, release and commit are one round trip each, announced after commit', async () => {
    const listener = new pg.Client({ connectionString: platform.url });
    await listener.connect();
    const heard: string[] = [];
    listener.on('notification', (m) => heard.push(...(m.payload ?? '').split(',')));
    await listener.query('LISTEN carton_events');
    // Until every event of the store so far was announced: a reservation's coalesced NOTIFY may go
    // out a moment after it returns, and must not be counted in the next operation's messages.
    const allAnnounced = async () => {
      const deadline = Date.now() + 5000;
      for (;;) {
        const { rows } = await platform.db.execute<{ id: string }>(
          sql`SELECT id FROM events WHERE store_id = ${storeA}`,
        );
        if (rows.every((r) => heard.includes(`${storeA}:${r.id}`)) || Date.now() > deadline) return;
        await new Promise((r) => setTimeout(r, 10));
      }
    };
    try {
      for (const follow of ['release', 'commit'] as const) {
        let id = '';
        await allAnnounced();
        const reserve = await sentQueries(async () => {
          id = (
            await reserveStock(platform.db, {
              storeId: storeA,
              input: { owner_ref: 'cart_rt', lines: [{ variant_id: variant, quantity: 3 }] },
            })
          ).reservation.id;
        });
        await allAnnounced();
        const end = await sentQueries(() =>
          follow === 'release'
            ? releaseReservation(platform.db, { storeId: storeA, reservationId: id })
            : commitReservation(platform.db, { storeId: storeA, reservationId: id, orderRef: 'ord_rt' }),
        );
        for (const sent of [reserve, end]) {
          const work = sent.filter((q) => !q.includes('pg_notify'));
          expect(work).toHaveLength(1);
          expect(work[0]).toMatch(
            /^SET LOCAL ROLE carton_app; SET LOCAL app.store_id = '[^']+'; SET LOCAL plan_cache_mode = force_generic_plan; SELECT inventory_/,
          );
          // The NOTIFY goes after the work, in a statement of its own.
          expect(sent.filter((q) => q.includes('pg_notify')).length, sent.join('\n')).toBeLessThanOrEqual(1);
        }
        const { rows } = await platform.db.execute<{ id: string; type: string }>(
          sql`SELECT id, type FROM events WHERE aggregate_id = ${id} ORDER BY sequence`,
        );
        expect(rows.map((r) => r.type)).toEqual([
          'inventory.reserved',
          follow === 'release' ? 'inventory.released' : 'inventory.committed',
        ]);
        const deadline = Date.now() + 5000;
        while (!rows.every((r) => heard.includes(`${storeA}:${r.id}`)) && Date.now() < deadline) {
          await new Promise((r) => setTimeout(r, 10));
        }
        for (const r of rows) expect(heard).toContain(`${storeA}:${r.id}`);
      }
      // 100 on hand, reorder point 99: each reservation of 3 crossed below it (the release between
      // them went back above), so one event per crossing: two.
      const { rows: low } = await platform.db.execute<{ n: number }>(
        sql`SELECT count(*)::int AS n FROM events WHERE store_id = ${storeA} AND type = 'inventory.low_stock'`,
      );
      expect(low[0]!.n).toBe(2);
    } finally {
      await listener.end();
    }
  });
});

describe('row-level security inside the functions', () => {
  it('they are SECURITY INVOKER: they run as carton_app, not as their owner', async () => {
    const { rows } = await platform.db.execute<{ proname: string; prosecdef: boolean }>(
      sql`SELECT proname, prosecdef FROM pg_proc
          WHERE proname IN ('inventory_reserve', 'inventory_end_reservation', 'carton_emit_event', 'carton_new_id')`,
    );
    expect(rows).toHaveLength(4);
    for (const r of rows) expect(r.prosecdef).toBe(false);
  });

  it("another store's scope neither sees the levels nor may write a reservation for this store", async () => {
    // In store B's scope, store A's variant has no visible stock: refused, nothing held.
    const args = (storeId: string) =>
      JSON.stringify({
        id: newId('res'),
        store_id: storeId,
        key: newId('reskey'),
        owner_ref: 'cart_rls',
        expires_in_seconds: 60,
        event_id: newId('evt'),
        lines: [{ variant_id: variant, quantity: 1 }],
      });
    await expect(
      runInStore(platform.db, storeB, 'SELECT inventory_reserve($1::jsonb)', [args(storeB)]),
    ).rejects.toMatchObject({ code: 'CRTN1', message: 'UNMET' });
    // Claiming store A's id from store B's scope: the policy refuses the row itself.
    await expect(
      runInStore(platform.db, storeB, 'SELECT inventory_reserve($1::jsonb)', [args(storeA)]),
    ).rejects.toThrow(/row-level security/);
    const { rows } = await platform.db.execute<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM inventory_reservations WHERE owner_ref = 'cart_rls'`,
    );
    expect(rows[0]!.n).toBe(0);
    // Through the service: store B does not know store A's variant at all.
    const refused = await reserveStock(platform.db, {
      storeId: storeB,
      input: { owner_ref: 'cart_rls', lines: [{ variant_id: variant, quantity: 1 }] },
    }).catch((e: unknown) => e);
    expect(isAppError(refused) && refused.code).toBe('NOT_FOUND');
  });
});
