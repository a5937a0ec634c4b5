import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { withStore, type Db, type Tx } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { parseInput } from '../../platform/validation.ts';
import { emitTrackedCartEvent } from './events.ts';
import { markRollupsStale } from './rollup-marks.ts';

/**
 * Touches: what the messaging module (or campaigns) tells recovery about a message concerning a
 * tracked cart — sent, delivered, opened, clicked. They drive attribution (the last click, else
 * the last send, within the window wins the recovered revenue) and the message counts of the
 * daily figures. One per (message, kind): a redelivered report changes nothing.
 */

export const TOUCH_KINDS = ['sent', 'delivered', 'opened', 'clicked'] as const;
export type TouchKind = (typeof TOUCH_KINDS)[number];

const Ref = z.string().trim().min(1).max(128);
export const RecoveryTouchInput = z.strictObject({
  storeId: z.string().min(1),
  trackedCartId: Ref,
  messageId: Ref,
  kind: z.enum(TOUCH_KINDS),
  at: z.union([z.date(), z.iso.datetime({ offset: true })]).transform((d) => new Date(d)),
  /** The campaign the message belongs to, for per-campaign figures. */
  campaignId: Ref.nullish(),
});
export type RecoveryTouchInput = z.input<typeof RecoveryTouchInput>;

/** `recordRecoveryTouch` in the caller's store-scoped transaction. */
export async function recordRecoveryTouchInTx(
  tx: Tx,
  raw: RecoveryTouchInput,
): Promise<{ recorded: boolean; touchId: string | null }> {
  const t = parseInput(RecoveryTouchInput, raw);
  const { rows: cart } = await tx.execute(sql`
    SELECT 1 FROM recovery_carts WHERE store_id = ${t.storeId} AND id = ${t.trackedCartId}`);
  if (!cart.length) throw new AppError('NOT_FOUND', 'No such tracked cart in this store.');
  const id = newId('rtch');
  const { rows } = await tx.execute<{ id: string }>(sql`
    INSERT INTO recovery_touches (id, store_id, tracked_cart_id, message_id, campaign_id, kind, occurred_at)
    VALUES (${id}, ${t.storeId}, ${t.trackedCartId}, ${t.messageId}, ${t.campaignId ?? null}, ${t.kind}, ${t.at})
    ON CONFLICT (store_id, message_id, kind) DO NOTHING RETURNING id`);
  if (!rows[0]) return { recorded: false, touchId: null };
  await emitTrackedCartEvent(tx, t.storeId, t.trackedCartId, 'recovery_touch.recorded', {
    trackedCartId: t.trackedCartId,
    messageId: t.messageId,
    campaignId: t.campaignId ?? null,
    kind: t.kind,
    occurredAt: t.at.toISOString(),
  });
  await markRollupsStale(tx, t.storeId, t.at);
  return { recorded: true, touchId: id };
}

/**
 * Tell recovery that a message about a tracked cart was sent, delivered, opened or clicked (the
 * messaging module and campaigns call this). Idempotent per (message, kind); 404 for a tracked
 * cart not in the store; emits `recovery_touch.recorded`.
 */
export async function recordRecoveryTouch(
  db: Db,
  input: RecoveryTouchInput,
): Promise<{ recorded: boolean; touchId: string | null }> {
  const parsed = parseInput(RecoveryTouchInput, input);
  return withStore(db, parsed.storeId, (tx) => recordRecoveryTouchInTx(tx, input));
}
