import type { Tx } from '../../platform/db/database.ts';
import { defineEventTypes } from '../../platform/events/catalog.ts';
import { sql } from 'drizzle-orm';
import { announceAfterCommit } from '../../platform/events/outbox.ts';
import { newId } from '../../platform/ids.ts';

/**
 * Events the recovery module emits, in the transaction of the change. Aggregate `tracked_cart`
 * (the tracked cart's id, `tcart_…`) for everything about one cart, so its events arrive in order;
 * `recovery_contact` for erasures; `recovery_settings` (the store id) for settings. Payloads carry
 * ids, amounts and items — never an e-mail address or phone number (campaigns read the contact
 * with `getRecoveryContact`).
 *
 * - `tracked_cart.created` / `tracked_cart.updated`: `TrackedCartEventPayload`.
 * - `cart.abandoned`: the payload plus `abandonedAt` and `recoveryUrl` (a signed, expiring link
 *   that restores the cart on any device). Exactly once per tracked cart.
 * - `cart.recovered`: the payload plus `orderId`, `recoveredAt`, `recoveredValue`,
 *   `recoveredCurrency`, `attribution` (`{ messageId, campaignId, kind }` or null). Campaigns stop
 *   every pending message of the cart on it.
 * - `tracked_cart.purchased`: bought before it was ever abandoned (no recovery): `orderId`.
 * - `recovery_link.clicked`: `{ trackedCartId, messageId, outcome, restoredCartId }`.
 * - `recovery_touch.recorded`: `{ trackedCartId, messageId, campaignId, kind, occurredAt }`.
 * - `recovery_contact.erased`: `{ contactId, carts }` (GDPR erasure).
 * - `recovery_settings.updated`: `{ fields }`.
 */
export const RECOVERY_EVENT_TYPES = {
  'tracked_cart.created': 'A cart was seen for the first time (Carton, the tracking snippet or a platform).',
  'tracked_cart.updated':
    "A tracked cart's items, value or contact changed, or its shopper began checkout or showed exit intent (activity alone is not announced).",
  'tracked_cart.purchased': 'A tracked cart was bought before it was abandoned.',
  'cart.abandoned': 'A cart with an identified contact saw no purchase within the store’s delay.',
  'cart.recovered': 'An abandoned cart was bought (by any route): pending recovery messages stop.',
  'recovery_link.clicked': 'A shopper opened a recovery link; the cart was restored or they were redirected.',
  'recovery_touch.recorded': 'A recovery message was sent, delivered, opened or clicked for a tracked cart.',
  'recovery_contact.erased': "A recovery contact's personal data was erased (GDPR).",
  'recovery_settings.updated': "The store's recovery settings changed.",
} as const;

export type RecoveryEventType = keyof typeof RECOVERY_EVENT_TYPES;

defineEventTypes(RECOVERY_EVENT_TYPES);

/** Emit one event on a tracked cart's aggregate (the same statement as a batch of one). */
export async function emitTrackedCartEvent(
  tx: Tx,
  storeId: string,
  trackedCartId: string,
  type: RecoveryEventType,
  payload: Record<string, unknown>,
): Promise<void> {
  await emitTrackedCartEvents(tx, storeId, [{ type, trackedCartId, payload }]);
}

/**
 * Emit many events of one store in ONE statement (the outbox function once per row, inside
 * PostgreSQL), announced after commit. For batch paths: detection, the fold.
 */
export async function emitTrackedCartEvents(
  tx: Tx,
  storeId: string,
  events: readonly { type: RecoveryEventType; trackedCartId: string; payload: Record<string, unknown> }[],
): Promise<void> {
  if (!events.length) return;
  const rows = events.map((e) => ({
    id: newId('evt'),
    type: e.type,
    aggregate_id: e.trackedCartId,
    payload: e.payload,
  }));
  await tx.execute(sql`
    SELECT e.sequence
    FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS x(id text, type text, aggregate_id text, payload jsonb)
    CROSS JOIN LATERAL carton_emit_event(x.id, ${storeId}, x.type, 'tracked_cart', x.aggregate_id, x.payload) e`);
  // Inside a savepoint nothing can be deferred: the dispatcher's safety-net poll finds them.
  announceAfterCommit(tx, ...rows.map((r) => `${storeId}:${r.id}`));
}
