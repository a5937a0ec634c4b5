import type { SQL } from 'drizzle-orm';
import { PgDialect, PgTransaction } from 'drizzle-orm/pg-core';
import { readInStore, withStore, type Db, type DbOrTx, type Tx } from './database.ts';
import { sentAheadAnswer } from './read-ahead.ts';

/**
 * Services take either the Db (they open their own store-scoped transaction) or the caller's
 * transaction (their work commits with the caller's). These two pick the right one.
 */

/** Run `work` in the caller's transaction, or in a new one scoped to the store (row-level security). */
export function inStore<T>(db: DbOrTx, storeId: string, work: (tx: Tx) => Promise<T>): Promise<T> {
  return db instanceof PgTransaction ? work(db as Tx) : withStore(db as Db, storeId, work);
}

const dialect = new PgDialect();

/**
 * Rows of one read in the store's scope: in the caller's transaction, or else in one round trip
 * (`readInStore`: scope and query in one message) — for reads on hot paths.
 */
export async function readRowsInStore<R extends Record<string, unknown>>(
  db: DbOrTx,
  storeId: string,
  query: SQL,
): Promise<R[]> {
  if (db instanceof PgTransaction) {
    return sentAheadAnswer<R>(db, query) ?? ((await (db as Tx).execute<R>(query)).rows as R[]);
  }
  const { sql: text, params } = dialect.sqlToQuery(query);
  return readInStore<R>(db as Db, storeId, text, params);
}

/** The PostgreSQL error behind `err` (drizzle wraps the driver's error in `cause`). */
export function pgErrorOf(err: unknown): { code?: string; constraint?: string; detail?: string } {
  const e = err as { code?: string; cause?: { code?: string } };
  return (e?.cause?.code ? e.cause : (e ?? {})) as { code?: string; constraint?: string; detail?: string };
}

/** A unique constraint refused the write (a name, handle or key taken, maybe concurrently). */
export const isUniqueViolation = (err: unknown): boolean => pgErrorOf(err).code === '23505';
