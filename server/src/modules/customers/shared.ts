import { PgTransaction } from 'drizzle-orm/pg-core';
import { withStore, type Db, type DbOrTx, type Tx } from '../../platform/db/database.ts';
import { emitEvent } from '../../platform/events/outbox.ts';
import { recordAudit, type AuditContext } from '../audit/service.ts';

/** Who acts, for the audit log (`auditContext(req)` in routes; absent for system work). */
export type Actor = AuditContext | undefined;

/** Record an audit entry when someone (not the system) acts. Never put personal data in before/after. */
export async function audit(
  tx: Tx,
  actor: Actor,
  entry: { storeId: string; action: string; entityType: string; entityId: string; after?: unknown },
): Promise<void> {
  if (!actor) return;
  await recordAudit(tx, { ...actor, ...entry });
}

/**
 * Emit a `customer.*` event on the shopper's aggregate, so one shopper's events keep their order.
 * Payloads carry ids and facts, not addresses or names.
 */
export async function emitCustomerEvent(
  tx: Tx,
  storeId: string,
  customerId: string,
  type: string,
  payload: Record<string, unknown>,
): Promise<void> {
  await emitEvent(tx, {
    storeId,
    type,
    aggregateType: 'customer',
    aggregateId: customerId,
    payload: { customerId, ...payload },
  });
}

/** Run `work` in the caller's transaction, or in a new store-scoped one when given the Db. */
export function inStore<T>(db: DbOrTx, storeId: string, work: (tx: Tx) => Promise<T>): Promise<T> {
  return db instanceof PgTransaction ? work(db as Tx) : withStore(db as Db, storeId, work);
}

export const isUniqueViolation = (err: unknown): boolean =>
  (err as { code?: string }).code === '23505' ||
  (err as { cause?: { code?: string } }).cause?.code === '23505';
