import type { Tx } from '../../platform/db/database.ts';
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

export { inStore, isUniqueViolation } from '../../platform/db/scope.ts';
