import { sql } from 'drizzle-orm';
import type { Platform } from '../../platform/context.ts';
import type { Tx } from '../../platform/db/database.ts';
import { emitEvent } from '../../platform/events/outbox.ts';
import { newId } from '../../platform/ids.ts';
import { getCategory, getProduct } from '../catalog/service.ts';
import { getStore } from '../tenancy/service.ts';
import { ensureDefaultCampaignInTx } from './campaign-defaults.ts';
import type { CampaignStep, RunExitReason } from './campaign-model.ts';
import { pickCampaign, type AbandonedCartFacts } from './campaign-triggers.ts';
import type { CampaignRow, RunRow } from './campaigns.ts';

/**
 * Runs: an abandoned cart enters the highest-priority active campaign whose trigger it meets —
 * one run per cart (`UNIQUE (store_id, tracked_cart_id)`: a redelivered `cart.abandoned`, or 20
 * at once, start one). The run keeps its next step's due time (abandoned at + the step's delay);
 * workers take due steps (`campaign-scheduler.ts`). A purchase ends it at once.
 */

export const CAMPAIGN_RUNS_CHANNEL = 'recovery_campaign_runs';

/** When step `index` of a run falls due (a "minute" is RECOVERY_CAMPAIGN_MINUTE_MS). */
export function stepDueAt(
  abandonedAt: Date,
  steps: readonly CampaignStep[],
  index: number,
  minuteMs: number,
): Date {
  return new Date(abandonedAt.getTime() + steps[index]!.delay_minutes * minuteMs);
}

export async function emitRunEvent(
  tx: Tx,
  run: Pick<RunRow, 'id' | 'store_id' | 'campaign_id' | 'tracked_cart_id'>,
  type: 'campaign_run.started' | 'campaign_run.step_taken' | 'campaign_run.ended',
  extra: Record<string, unknown>,
): Promise<void> {
  await emitEvent(tx, {
    storeId: run.store_id,
    type,
    aggregateType: 'campaign_run',
    aggregateId: run.id,
    payload: { runId: run.id, campaignId: run.campaign_id, trackedCartId: run.tracked_cart_id, ...extra },
  });
}

interface AbandonedPayload {
  trackedCartId: string;
  source: string;
  contactId: string | null;
  currency: string;
  value: number;
  items: { productId: string | null }[];
  abandonedAt: string;
}

/** The cart's categories, only when some campaign asks (a catalog read per product). */
async function categoryPathsOf(tx: Tx, storeId: string, productIds: readonly string[]): Promise<string[]> {
  const paths: string[] = [];
  for (const id of productIds.slice(0, 50)) {
    const product = await getProduct(tx, storeId, id).catch(() => null);
    for (const categoryId of product?.categoryIds ?? []) {
      const category = await getCategory(tx, storeId, categoryId).catch(() => null);
      if (category) paths.push(category.path);
    }
  }
  return paths;
}

/**
 * Start the run of an abandoned cart (the `cart.abandoned` subscriber, in the dispatcher's
 * transaction). Returns the run's id, or null when no campaign matches or the cart has one.
 */
export async function startCampaignRunInTx(
  platform: Platform,
  tx: Tx,
  storeId: string,
  p: AbandonedPayload,
): Promise<string | null> {
  const { rows: existing } = await tx.execute(sql`
    SELECT 1 FROM recovery_campaign_runs WHERE store_id = ${storeId} AND tracked_cart_id = ${p.trackedCartId}`);
  if (existing.length) return null;
  await ensureDefaultCampaignInTx(platform, tx, storeId);
  const { rows: campaigns } = await tx.execute<CampaignRow>(sql`
    SELECT * FROM recovery_campaigns WHERE store_id = ${storeId} AND status = 'active'
    ORDER BY priority DESC, id`);
  if (!campaigns.length) return null;

  const productIds = [...new Set(p.items.map((i) => i.productId).filter((id): id is string => !!id))];
  const needs = (k: 'customer' | 'category_ids') =>
    campaigns.some((c) =>
      k === 'customer' ? c.trigger.customer !== 'any' : c.trigger.category_ids.length > 0,
    );
  let returning = false;
  if (needs('customer') && p.contactId) {
    const { rows } = await tx.execute(sql`
      SELECT 1 FROM recovery_carts WHERE store_id = ${storeId} AND contact_id = ${p.contactId}
        AND status IN ('purchased', 'recovered') LIMIT 1`);
    returning = rows.length > 0;
  }
  const facts: AbandonedCartFacts = {
    source: p.source,
    currency: p.currency,
    value: p.value,
    productIds,
    categoryPaths: needs('category_ids') ? await categoryPathsOf(tx, storeId, productIds) : [],
    returning,
  };
  const store = await getStore(tx, storeId);
  const campaign = pickCampaign(campaigns, facts, store.currency);
  if (!campaign) return null;

  const abandonedAt = new Date(p.abandonedAt);
  const firstDue = stepDueAt(abandonedAt, campaign.steps, 0, platform.config.RECOVERY_CAMPAIGN_MINUTE_MS);
  const { rows } = await tx.execute<RunRow>(sql`
    INSERT INTO recovery_campaign_runs (id, store_id, campaign_id, tracked_cart_id, steps, exit_on_click, abandoned_at, next_due_at)
    VALUES (${newId('crun')}, ${storeId}, ${campaign.id}, ${p.trackedCartId}, ${JSON.stringify(campaign.steps)}::jsonb,
            ${campaign.exit.on_click}, ${abandonedAt}, ${firstDue})
    ON CONFLICT (store_id, tracked_cart_id) DO NOTHING
    RETURNING *`);
  const run = rows[0];
  if (!run) return null;
  await emitRunEvent(tx, run, 'campaign_run.started', {
    abandonedAt: abandonedAt.toISOString(),
    firstDueAt: firstDue.toISOString(),
  });
  // Wake the workers' scheduler: this step may fall due before its next look.
  await tx.execute(sql`SELECT pg_notify(${CAMPAIGN_RUNS_CHANNEL}, '')`);
  return run.id;
}

/** End a running run (a purchase, a click, a paused campaign); false if it had ended. */
export async function endRunInTx(
  tx: Tx,
  storeId: string,
  runId: string,
  reason: RunExitReason | null,
): Promise<boolean> {
  const { rows } = await tx.execute<RunRow>(sql`
    UPDATE recovery_campaign_runs SET status = ${reason ? 'exited' : 'completed'}, exit_reason = ${reason},
      next_due_at = NULL, claimed_until = NULL, ended_at = now(), updated_at = now()
    WHERE store_id = ${storeId} AND id = ${runId} AND status = 'running'
    RETURNING *`);
  const run = rows[0];
  if (!run) return false;
  await emitRunEvent(tx, run, 'campaign_run.ended', {
    status: run.status,
    exitReason: reason,
    stepsTaken: run.steps_taken,
  });
  return true;
}
