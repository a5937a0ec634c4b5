import type { SQL } from 'drizzle-orm';
import { PgDialect, PgTransaction } from 'drizzle-orm/pg-core';
import { readInStore, withStore, type Db, type DbOrTx, type Tx } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';

// Who acts, and the audit entry recorded only when someone does (shared with every module).
import { auditAs as audit, type Actor } from '../audit/service.ts';
export { audit, type Actor };

function pgError(err: unknown): { code?: string } {
  const e = err as { code?: string; cause?: { code?: string } };
  return e.cause?.code ? e.cause : e;
}

/** A tax write: in the store's transaction; a rate taken by a concurrent writer is a 409, never a 500. */
export async function taxWrite<T>(db: Db, storeId: string, work: (tx: Tx) => Promise<T>): Promise<T> {
  try {
    return await withStore(db, storeId, work);
  } catch (err) {
    if (err instanceof AppError || pgError(err).code !== '23505') throw err;
    throw new AppError('ALREADY_EXISTS', 'A tax rate for this place and tax class already exists.', {
      errors: [
        { path: 'body', message: 'same country, region, postcode pattern and tax class as another rate' },
      ],
    });
  }
}

const dialect = new PgDialect();

/** Rows of one read in the store's scope: in the caller's transaction, or else in one round trip. */
export async function readRows<R extends Record<string, unknown>>(
  db: DbOrTx,
  storeId: string,
  query: SQL,
): Promise<R[]> {
  if (db instanceof PgTransaction) return (await (db as Tx).execute<R>(query)).rows as R[];
  const { sql: text, params } = dialect.sqlToQuery(query);
  return readInStore<R>(db as Db, storeId, text, params);
}
