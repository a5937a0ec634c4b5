import type { SQL } from 'drizzle-orm';
import { PgTransaction } from 'drizzle-orm/pg-core';
import type pg from 'pg';
import { hotStatementOf, sqlText, type DbOrTx } from './database.ts';

/**
 * Reads sent ahead. A hot transaction that knows which reads its work will make (a cart change:
 * the product it adds, the stock, the tax rates of a new address) sends them with its `BEGIN` —
 * one message instead of a round trip each — and keeps their answers here (`keepAnswers`). The
 * module that owns a read asks for a kept answer first (`sentAheadAnswer`, by the read's text) and
 * reads from PostgreSQL only when there is none. So the work's code is unchanged, and a read
 * planned wrongly (the cart's locale changed in between, say) costs one round trip, never a wrong
 * answer. An answer is taken once: a second read of the same thing in the transaction asks
 * PostgreSQL.
 *
 * Writes whose answer the work reads (`RETURNING`) can be sent ahead the same way (`writeAhead`),
 * in a transaction that rolls everything back when its work does not take each of them — the
 * checkout's order placement does (`transaction`'s `ahead`, platform/workflows).
 */
export interface ReadAhead {
  /** The read's text, literals inlined (`sqlText`): what its owner looks the answer up by. */
  key: string;
  /** The statement sent (an `EXECUTE carton_h_…(…)` of a statement prepared once per connection). */
  text: string;
}

const answers = new WeakMap<object, Map<string, Record<string, unknown>[]>>();

/**
 * Reads of one shape (built by one function from its arguments) as reads to send ahead, sent as a
 * statement prepared once per connection (`hotStatementOf` `name`) rather than planned on every
 * call. `shape` is the read built from any arguments.
 */
export function preparedReadAhead(name: string, shape: SQL): (query: SQL) => ReadAhead {
  const statement = hotStatementOf(name, shape);
  return (query) => ({ key: sqlText(query), text: statement(query) });
}

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

/**
 * A statement sent ahead under a key of its own (a write: its text may carry fresh ids, so its
 * owner looks it up by what it does, not by its text). Without `key` the text is the key.
 */
export function writeAhead(text: string, key: string = text): ReadAhead {
  return { key, text };
}

/** The rows answered to the statement sent ahead under `key` in this transaction (once); undefined if none. */
export function sentAheadRows<R = Record<string, unknown>>(db: DbOrTx, key: string): R[] | undefined {
  if (!(db instanceof PgTransaction)) return undefined;
  const kept = answers.get(db);
  const rows = kept?.get(key);
  if (rows) kept!.delete(key);
  return rows as R[] | undefined;
}

/** How many answers kept for `tx` its work has not taken. */
export function untakenAnswers(tx: DbOrTx): number {
  return answers.get(tx)?.size ?? 0;
}

/** The rows of `query` if it was sent ahead in this transaction (once); undefined if it was not. */
export function sentAheadAnswer<R = Record<string, unknown>>(db: DbOrTx, query: SQL): R[] | undefined {
  if (!(db instanceof PgTransaction)) return undefined;
  const kept = answers.get(db);
  if (!kept?.size) return undefined; // no key to work out: nothing was sent ahead
  const key = sqlText(query);
  const rows = kept.get(key);
  if (rows) kept.delete(key);
  return rows as R[] | undefined;
}
