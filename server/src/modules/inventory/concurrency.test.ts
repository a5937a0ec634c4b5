import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../../../test/harness.ts';
import { createTestStore } from '../../../test/identity.ts';
import { openDatabase, type Database } from '../../platform/db/database.ts';
import { isAppError } from '../../platform/errors.ts';
import {
  commitReservation,
  createStockLocation,
  releaseReservation,
  reserveStock,
  setInventoryLevel,
  transferInventory,
} from './service.ts';
import { insertTestVariants } from './testing.ts';

// Real concurrent transactions: a pool as large as the crowd, so every buyer has its own connection.
let platform: TestPlatform;
let wide: Database;
let storeId: string;

beforeAll(async () => {
  platform = await createTestPlatform();
  wide = openDatabase(platform.url, { poolSize: 55 });
  storeId = (await createTestStore(platform)).id;
});
afterAll(async () => {
  await wide?.close();
  await platform?.close();
});

async function levelsOf(variantId: string) {
  const { rows } = await platform.db.execute<{ on_hand: number; reserved: number; available: number }>(
    sql`SELECT on_hand, reserved, available FROM inventory_levels WHERE variant_id = ${variantId} ORDER BY location_id`,
  );
  return rows;
}

describe('concurrent buyers', () => {
  it('50 buyers of the last 10 units (over two warehouses): exactly 10 succeed, none oversold', async () => {
    const [variantId] = await insertTestVariants(platform.db, storeId, 1);
    const a = await createStockLocation(platform.db, {
      storeId,
      input: { name: 'A', code: 'a', priority: 1 },
    });
    const b = await createStockLocation(platform.db, {
      storeId,
      input: { name: 'B', code: 'b', priority: 2 },
    });
    await setInventoryLevel(platform.db, {
      storeId,
      input: { variant_id: variantId!, location_id: a.id, on_hand: 6 },
    });
    await setInventoryLevel(platform.db, {
      storeId,
      input: { variant_id: variantId!, location_id: b.id, on_hand: 4 },
    });

    const outcomes = await Promise.allSettled(
      Array.from({ length: 50 }, (_, i) =>
        reserveStock(wide.db, {
          storeId,
          input: { owner_ref: `cart_${i}`, lines: [{ variant_id: variantId!, quantity: 1 }] },
        }),
      ),
    );
    const won = outcomes.filter((o) => o.status === 'fulfilled');
    const lost = outcomes.filter((o) => o.status === 'rejected');
    expect(won).toHaveLength(10);
    expect(lost).toHaveLength(40);
    for (const o of lost) {
      expect(isAppError(o.reason) && o.reason.code).toBe('INSUFFICIENT_STOCK');
    }
    const levels = await levelsOf(variantId!);
    expect(levels.map((l) => l.reserved)).toEqual([6, 4]);
    for (const l of levels) expect(l.reserved).toBeLessThanOrEqual(l.on_hand);
    const { rows } = await platform.db.execute<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM inventory_reservations WHERE store_id = ${storeId} AND status = 'active'`,
    );
    expect(rows[0]!.n).toBe(10);
  });

  it('buyers of several units, releases, commits and transfers racing: never oversold, books balance', async () => {
    const [variantId] = await insertTestVariants(platform.db, storeId, 1);
    const c = await createStockLocation(platform.db, {
      storeId,
      input: { name: 'C', code: 'c', priority: 1 },
    });
    const d = await createStockLocation(platform.db, {
      storeId,
      input: { name: 'D', code: 'd', priority: 2 },
    });
    await setInventoryLevel(platform.db, {
      storeId,
      input: { variant_id: variantId!, location_id: c.id, on_hand: 20 },
    });
    await setInventoryLevel(platform.db, {
      storeId,
      input: { variant_id: variantId!, location_id: d.id, on_hand: 20 },
    });

    const work = Array.from({ length: 48 }, async (_, i) => {
      try {
        if (i % 12 === 0) {
          await transferInventory(wide.db, {
            storeId,
            input: { variant_id: variantId!, from_location_id: c.id, to_location_id: d.id, quantity: 2 },
          });
          return;
        }
        const { reservation } = await reserveStock(wide.db, {
          storeId,
          input: { owner_ref: `cart_x${i}`, lines: [{ variant_id: variantId!, quantity: 1 + (i % 3) }] },
        });
        if (i % 3 === 0) await releaseReservation(wide.db, { storeId, reservationId: reservation.id });
        else if (i % 3 === 1) await commitReservation(wide.db, { storeId, reservationId: reservation.id });
      } catch (err) {
        if (!isAppError(err) || err.code !== 'INSUFFICIENT_STOCK') throw err;
      }
    });
    await Promise.all(work);

    const levels = await levelsOf(variantId!);
    for (const l of levels) {
      expect(l.reserved).toBeLessThanOrEqual(l.on_hand);
      expect(l.available).toBeGreaterThanOrEqual(0);
    }
    // Books balance: on hand = 40 − committed units; reserved = units of active reservations.
    const { rows } = await platform.db.execute<{ committed: number; held: number }>(sql`
      SELECT
        COALESCE(sum(l.quantity) FILTER (WHERE r.status = 'committed'), 0)::int AS committed,
        COALESCE(sum(l.quantity) FILTER (WHERE r.status = 'active'), 0)::int AS held
      FROM inventory_reservations r JOIN inventory_reservation_lines l ON l.reservation_id = r.id
      WHERE l.variant_id = ${variantId}`);
    const total = levels.reduce(
      (s, l) => ({ on_hand: s.on_hand + l.on_hand, reserved: s.reserved + l.reserved }),
      {
        on_hand: 0,
        reserved: 0,
      },
    );
    expect(total.on_hand).toBe(40 - rows[0]!.committed);
    expect(total.reserved).toBe(rows[0]!.held);
  });

  it('the same reservation key sent 20 times at once reserves once', async () => {
    const [variantId] = await insertTestVariants(platform.db, storeId, 1);
    const e = await createStockLocation(platform.db, { storeId, input: { name: 'E', code: 'e' } });
    await setInventoryLevel(platform.db, {
      storeId,
      input: { variant_id: variantId!, location_id: e.id, on_hand: 100 },
    });
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        reserveStock(wide.db, {
          storeId,
          input: { key: 'chk_retry_1', owner_ref: 'chk_1', lines: [{ variant_id: variantId!, quantity: 3 }] },
        }),
      ),
    );
    expect(new Set(results.map((r) => r.reservation.id)).size).toBe(1);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect((await levelsOf(variantId!))[0]!.reserved).toBe(3);
  });
});
