import { sql } from 'drizzle-orm';
import { subscribe } from '../../platform/events/subscribers.ts';
import { cancelMessages } from '../messaging/service.ts';
import { endRunInTx, startCampaignRunInTx } from './campaign-runs.ts';
import { recoveryPlatform } from './runtime.ts';
import { recordRecoveryTouchInTx, type TouchKind } from './touches.ts';

/**
 * What campaigns react to. Each handler runs in the dispatcher's store-scoped transaction, so a
 * redelivered event changes nothing twice; cancelling messages (messaging's own transaction) is
 * idempotent, and repeated on a redelivery.
 */

/** An abandoned cart enters its campaign (one run per cart, whatever the deliveries). */
export const campaignStarter = subscribe({
  name: 'recovery.campaign-runs',
  types: ['cart.abandoned'],
  async handle(event, { tx }) {
    const p = event.payload as unknown as Parameters<typeof startCampaignRunInTx>[3];
    if (!p.trackedCartId || !p.abandonedAt) return;
    await startCampaignRunInTx(recoveryPlatform(), tx, event.storeId, p);
  },
});

/**
 * A bought cart's run ends at once and its waiting messages (deferred SMS, retries) are
 * cancelled. A step being sent at this very moment still goes; its next step never does.
 */
export const campaignStopper = subscribe({
  name: 'recovery.campaign-exits',
  types: ['cart.recovered'],
  async handle(event, { tx }) {
    const trackedCartId = event.payload.trackedCartId;
    if (typeof trackedCartId !== 'string') return;
    const { rows } = await tx.execute<{ id: string }>(sql`
      SELECT id FROM recovery_campaign_runs WHERE store_id = ${event.storeId} AND tracked_cart_id = ${trackedCartId}`);
    const run = rows[0];
    if (!run) return;
    await endRunInTx(tx, event.storeId, run.id, 'recovered');
    await cancelMessages(recoveryPlatform(), { storeId: event.storeId, campaignRef: run.id });
  },
});

const TOUCHES: Record<string, TouchKind> = {
  'message.sent': 'sent',
  'message.delivered': 'delivered',
  'message.opened': 'opened',
  'message.clicked': 'clicked',
};

/**
 * What became of a campaign's messages, as touches of its cart (attribution, per-campaign
 * figures); a click also marks the run, whose next step then stops if the campaign says so.
 */
export const campaignMessageFollower = subscribe({
  name: 'recovery.campaign-messages',
  types: Object.keys(TOUCHES),
  async handle(event, { tx }) {
    const ref = event.payload.campaignRef;
    const messageId = event.payload.messageId;
    if (typeof ref !== 'string' || !ref.startsWith('crun_') || typeof messageId !== 'string') return;
    const { rows } = await tx.execute<{
      tracked_cart_id: string;
      campaign_id: string;
      outcome: string | null;
    }>(sql`
      SELECT r.tracked_cart_id, r.campaign_id, s.outcome FROM recovery_campaign_runs r
      LEFT JOIN recovery_campaign_run_steps s ON s.store_id = r.store_id AND s.run_id = r.id AND s.message_id = ${messageId}
      WHERE r.store_id = ${event.storeId} AND r.id = ${ref}`);
    const run = rows[0];
    if (!run) return;
    const kind = TOUCHES[event.type]!;
    // The step recorded its own send; a message sent later (deferred, retried) is recorded here.
    if (kind === 'sent' && run.outcome === 'sent') return;
    if (kind === 'clicked') {
      await tx.execute(sql`
        UPDATE recovery_campaign_runs SET clicked_at = coalesce(clicked_at, ${event.occurredAt}), updated_at = now()
        WHERE store_id = ${event.storeId} AND id = ${ref}`);
    }
    await recordRecoveryTouchInTx(tx, {
      storeId: event.storeId,
      trackedCartId: run.tracked_cart_id,
      messageId,
      kind,
      at: event.occurredAt,
      campaignId: run.campaign_id,
    });
  },
});
