import type { SQL } from 'drizzle-orm';
import { PgDialect, PgTransaction } from 'drizzle-orm/pg-core';
import { readInStore, withStore, type Db, type DbOrTx, type Tx } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';

// Who acts, and the audit entry recorded only when someone does (shared with every module).
import { auditAs as audit, type Actor } from '../audit/service.ts';
export { audit, type Actor };

/** Run `work` in the caller's transaction, or in a new one scoped to the store (row-level security). */
export function inStore<T>(db: DbOrTx, storeId: string, work: (tx: Tx) => Promise<T>): Promise<T> {
  return db instanceof PgTransaction ? work(db as Tx) : withStore(db as Db, storeId, work);
}

function pgError(err: unknown): { code?: string; constraint?: string } {
  const e = err as { code?: string; constraint?: string; cause?: { code?: string; constraint?: string } };
  return e.cause?.code ? e.cause : e;
}

/** A name taken by a concurrent writer is a 409, never a 500. */
export function translateDbError(err: unknown): unknown {
  if (err instanceof AppError) return err;
  const { code, constraint } = pgError(err);
  if (code === '23505') {
    return constraint?.startsWith('shipping_methods')
      ? new AppError('ALREADY_EXISTS', 'This zone already has a method with this name.', {
          errors: [{ path: 'body.name', message: 'already used by another method of the zone' }],
        })
      : new AppError('ALREADY_EXISTS', 'A shipping zone with this name already exists.', {
          errors: [{ path: 'body.name', message: 'already used by another zone' }],
        });
  }
  if (code === '23503') return new AppError('NOT_FOUND', 'The shipping zone does not exist.');
  return err;
}

/** A shipping write: in the store's transaction, database refusals translated. */
export async function shippingWrite<T>(db: Db, storeId: string, work: (tx: Tx) => Promise<T>): Promise<T> {
  try {
    return await withStore(db, storeId, work);
  } catch (err) {
    throw translateDbError(err);
  }
}

const dialect = new PgDialect();

/**
 * Rows of one read in the store's scope: in the caller's transaction, or else in one round trip
 * (`readInStore`: scope and query in one message) — the quote path runs on every checkout.
 */
export async function readRows<R extends Record<string, unknown>>(
  db: DbOrTx,
  storeId: string,
  query: SQL,
): Promise<R[]> {
  if (db instanceof PgTransaction) return (await (db as Tx).execute<R>(query)).rows as R[];
  const { sql: text, params } = dialect.sqlToQuery(query);
  return readInStore<R>(db as Db, storeId, text, params);
}
