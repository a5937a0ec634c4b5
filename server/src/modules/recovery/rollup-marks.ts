import { sql } from 'drizzle-orm';
import type { Tx } from '../../platform/db/database.ts';

/**
 * Mark a store's daily figures stale from `at` on (the day of an abandonment, a recovery or a
 * touch), in the caller's transaction: an appended row, so concurrent writers never wait on each
 * other, and the mark commits (or rolls back) with the change it announces.
 */
export async function markRollupsStale(tx: Tx, storeId: string, at: Date): Promise<void> {
  await tx.execute(sql`INSERT INTO recovery_rollup_marks (store_id, at) VALUES (${storeId}, ${at})`);
}
