import { withStore, type Db, type Tx } from '../../platform/db/database.ts';
import { inStore, pgErrorOf, readRowsInStore } from '../../platform/db/scope.ts';
import { AppError } from '../../platform/errors.ts';

// Who acts, and the audit entry recorded only when someone does (shared with every module).
import { auditAs as audit, type Actor } from '../audit/service.ts';
export { audit, type Actor };

export { inStore, readRowsInStore as readRows };

/** A name taken by a concurrent writer is a 409, never a 500. */
export function translateDbError(err: unknown): unknown {
  if (err instanceof AppError) return err;
  const { code, constraint } = pgErrorOf(err);
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
