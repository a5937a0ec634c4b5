import { sql } from 'drizzle-orm';
import type { Platform } from '../../platform/context.ts';
import { withStore, type Tx } from '../../platform/db/database.ts';
import { emitTrackedCartEvents } from './events.ts';
import { recoveryLinkFor } from './link-tokens.ts';
import { markRollupsStale } from './rollup-marks.ts';
import { trackedCartEventPayload, type TrackedCartRow } from './tracked-carts.ts';

/**
 * Abandonment detection: an active cart whose contact is known and whose `abandon_due_at` (last
 * activity + the store's delay) has passed becomes `abandoned` and emits `cart.abandoned` — once.
 * Each batch claims its carts with `FOR UPDATE SKIP LOCKED` and flips them in one statement, so
 * any number of workers (or overlapping ticks) share the due carts and never double one: a cart
 * is claimed by exactly one transaction, and once it is `abandoned` no scan matches it again.
 */

export interface DetectionResult {
  abandoned: number;
  stores: number;
}

/**
 * Mark due carts abandoned, every store, in batches of `batchSize` (one transaction each: the
 * flip, the events in one statement, the rollup mark). Returns how many carts it marked.
 */
export async function detectAbandonedCarts(
  platform: Platform,
  options: { batchSize?: number; now?: Date } = {},
): Promise<DetectionResult> {
  const batchSize = options.batchSize ?? 1000;
  const { rows: stores } = await platform.db.execute<{ store_id: string }>(sql`
    SELECT DISTINCT store_id FROM recovery_carts
    WHERE status = 'active' AND abandon_due_at <= ${options.now ?? sql`now()`}`);
  let abandoned = 0;
  for (const { store_id: storeId } of stores) {
    for (;;) {
      const n = await withStore(platform.db, storeId, (tx) =>
        abandonDueCartsOfStore(tx, platform, storeId, batchSize, options.now),
      );
      abandoned += n;
      if (n < batchSize) break;
    }
  }
  return { abandoned, stores: stores.length };
}

async function abandonDueCartsOfStore(
  tx: Tx,
  platform: Platform,
  storeId: string,
  limit: number,
  now: Date | undefined,
): Promise<number> {
  const at = now ?? sql`now()`;
  const { rows } = await tx.execute<TrackedCartRow>(sql`
    UPDATE recovery_carts c SET status = 'abandoned', abandoned_at = ${at}, abandon_due_at = NULL,
      version = c.version + 1, updated_at = now()
    FROM (
      SELECT id FROM recovery_carts
      WHERE store_id = ${storeId} AND status = 'active' AND abandon_due_at <= ${at} AND contact_id IS NOT NULL
      ORDER BY abandon_due_at
      LIMIT ${limit}
      FOR UPDATE SKIP LOCKED
    ) due
    WHERE c.id = due.id
    RETURNING c.*`);
  if (!rows.length) return 0;
  await emitTrackedCartEvents(
    tx,
    storeId,
    rows.map((row) => ({
      type: 'cart.abandoned',
      trackedCartId: row.id,
      payload: {
        ...trackedCartEventPayload(row),
        abandonedAt: new Date(row.abandoned_at!).toISOString(),
        recoveryUrl: recoveryLinkFor(platform.config, { storeId, trackedCartId: row.id }).url,
      },
    })),
  );
  const earliest = rows.reduce((m, r) => Math.min(m, new Date(r.abandoned_at!).getTime()), Infinity);
  await markRollupsStale(tx, storeId, new Date(earliest));
  return rows.length;
}
