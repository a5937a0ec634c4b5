import { defineEventTypes } from '../../platform/events/catalog.ts';

/**
 * Events of recovery campaigns and their runs, in the transaction of the change.
 *
 * - `campaign.created|updated|activated|paused|deleted` on aggregate `recovery_campaign` (its id):
 *   `{ campaignId, name, status, priority, version, isDefault }` (`fields` on updates).
 * - `campaign_run.started` on aggregate `campaign_run` (the run's id, `crun_…`, so a run's events
 *   keep their order): `{ runId, campaignId, trackedCartId, abandonedAt, firstDueAt }`.
 * - `campaign_run.step_taken`: `{ runId, campaignId, trackedCartId, step, channel, variant, outcome,
 *   messageId, couponCode }` — a step sent (or suppressed, deferred, skipped: `outcome` says).
 * - `campaign_run.ended`: `{ runId, campaignId, trackedCartId, status, exitReason, stepsTaken }`.
 *   Never an address: campaigns read the contact when they send.
 */
export const CAMPAIGN_EVENT_TYPES = {
  'campaign.created': 'A recovery campaign was created.',
  'campaign.updated': 'A recovery campaign was changed.',
  'campaign.activated': 'A recovery campaign started taking abandoned carts.',
  'campaign.paused': 'A recovery campaign was paused.',
  'campaign.deleted': 'A draft recovery campaign was deleted.',
  'campaign_run.started': 'An abandoned cart entered a recovery campaign.',
  'campaign_run.step_taken': 'A step of a campaign run was taken (its message handed over, or why not).',
  'campaign_run.ended': 'A campaign run ended: all steps taken, the cart bought, or another exit condition.',
} as const;

defineEventTypes(CAMPAIGN_EVENT_TYPES);
