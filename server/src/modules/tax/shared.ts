import { withStore, type Db, type Tx } from '../../platform/db/database.ts';
import { isUniqueViolation, readRowsInStore } from '../../platform/db/scope.ts';
import { AppError } from '../../platform/errors.ts';

// Who acts, and the audit entry recorded only when someone does (shared with every module).
import { auditAs as audit, type Actor } from '../audit/service.ts';
export { audit, type Actor };

export { readRowsInStore as readRows };

/** A tax write: in the store's transaction; a rate taken by a concurrent writer is a 409, never a 500. */
export async function taxWrite<T>(db: Db, storeId: string, work: (tx: Tx) => Promise<T>): Promise<T> {
  try {
    return await withStore(db, storeId, work);
  } catch (err) {
    if (err instanceof AppError || !isUniqueViolation(err)) throw err;
    throw new AppError('ALREADY_EXISTS', 'A tax rate for this place and tax class already exists.', {
      errors: [
        { path: 'body', message: 'same country, region, postcode pattern and tax class as another rate' },
      ],
    });
  }
}
