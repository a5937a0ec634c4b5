import type pg from 'pg';
import { PgTransaction } from 'drizzle-orm/pg-core';
import type { DbOrTx } from './database.ts';

/**
 * Reads sent ahead. A hot transaction that knows which reads its work will make (a cart change:
 * the product it adds, the stock, the tax rates of a new address) sends them with its `BEGIN` —
 * one message instead of a round trip each — and keeps their answers here (`keepAnswers`). The
 * module that owns a read asks for a kept answer first (`takeAnswer`, by the key its own
 * `…Ahead` function gave the read) and reads from PostgreSQL only when there is none. So the
 * work's code is unchanged, and a read planned wrongly (the cart's locale changed in between,
 * say) costs one round trip, never a wrong answer. An answer is taken once: a second read of the
 * same thing in the transaction asks PostgreSQL.
 */
export interface ReadAhead {
  /** What the owning module looks the answer up by (its own naming). */
  key: string;
  /** The statement, literals inlined (e.g. `EXECUTE carton_h_…(…)` of a hot statement). */
  text: string;
}

const answers = new WeakMap<object, Map<string, Record<string, unknown>[]>>();

/** Keep the answers of `reads` (one result each, in order) for the work of `tx`. */
export function keepAnswers(
  tx: DbOrTx,
  reads: readonly ReadAhead[],
  results: readonly pg.QueryResult[],
): void {
  if (reads.length === 0) return;
  let kept = answers.get(tx);
  if (!kept) answers.set(tx, (kept = new Map()));
  reads.forEach((read, i) => kept.set(read.key, results[i]!.rows));
}

/** Whether `db` is a transaction holding answers of reads sent ahead (before working out a key). */
export function hasAnswers(db: DbOrTx): boolean {
  return (answers.get(db)?.size ?? 0) > 0;
}

/** The rows of a read sent ahead in this transaction under `key`, once; undefined if there is none. */
export function takeAnswer<R = Record<string, unknown>>(db: DbOrTx, key: string): R[] | undefined {
  if (!(db instanceof PgTransaction)) return undefined;
  const kept = answers.get(db);
  const rows = kept?.get(key);
  if (rows) kept!.delete(key);
  return rows as R[] | undefined;
}
