import { sql } from 'drizzle-orm';
import type { Platform } from '../../platform/context.ts';
import type { Tx } from '../../platform/db/database.ts';
import { announceAfterCommit, emitEvent } from '../../platform/events/outbox.ts';
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

export interface AbandonedPayload {
  trackedCartId: string;
  source: string;
  contactId: string | null;
  currency: string;
  value: number;
  items: { productId: string | null }[];
  abandonedAt: string;
}

/** The categories of these products (paths), only when some campaign asks: a catalog read per product. */
async function categoryPathsOf(
  tx: Tx,
  storeId: string,
  productIds: readonly string[],
): Promise<Map<string, string[]>> {
  const paths = new Map<string, string[]>();
  for (const id of productIds.slice(0, 500)) {
    const product = await getProduct(tx, storeId, id).catch(() => null);
    const mine: string[] = [];
    for (const categoryId of product?.categoryIds ?? []) {
      const category = await getCategory(tx, storeId, categoryId).catch(() => null);
      if (category) mine.push(category.path);
    }
    paths.set(id, mine);
  }
  return paths;
}

/**
 * Start the runs of abandoned carts of one store (the `cart.abandoned` subscriber, in the
 * dispatcher's transaction; a burst comes as a batch): the campaigns, the store and the facts the
 * triggers need are read once, the runs inserted and their `campaign_run.started` events written
 * in one statement each. Carts that have a run, or that no campaign takes, are skipped. Returns
 * the ids of the runs started.
 */
export async function startCampaignRunsInTx(
  platform: Platform,
  tx: Tx,
  storeId: string,
  payloads: readonly AbandonedPayload[],
): Promise<string[]> {
  const cartIds = [...new Set(payloads.map((p) => p.trackedCartId))];
  const { rows: existing } = await tx.execute<{ tracked_cart_id: string }>(sql`
    SELECT tracked_cart_id FROM recovery_campaign_runs
    WHERE store_id = ${storeId} AND tracked_cart_id = ANY(${sql.param(cartIds)}::text[])`);
  const have = new Set(existing.map((r) => r.tracked_cart_id));
  const fresh = [
    ...new Map(payloads.filter((p) => !have.has(p.trackedCartId)).map((p) => [p.trackedCartId, p])).values(),
  ];
  if (!fresh.length) return [];
  await ensureDefaultCampaignInTx(platform, tx, storeId);
  const { rows: campaigns } = await tx.execute<CampaignRow>(sql`
    SELECT * FROM recovery_campaigns WHERE store_id = ${storeId} AND status = 'active'
    ORDER BY priority DESC, id`);
  if (!campaigns.length) return [];

  const productIdsOf = (p: AbandonedPayload) => [
    ...new Set(p.items.map((i) => i.productId).filter((id): id is string => !!id)),
  ];
  const returning = new Set<string>();
  if (campaigns.some((c) => c.trigger.customer !== 'any')) {
    const contacts = [...new Set(fresh.map((p) => p.contactId).filter((id): id is string => !!id))];
    const { rows } = await tx.execute<{ contact_id: string }>(sql`
      SELECT DISTINCT contact_id FROM recovery_carts
      WHERE store_id = ${storeId} AND contact_id = ANY(${sql.param(contacts)}::text[])
        AND status IN ('purchased', 'recovered')`);
    for (const r of rows) returning.add(r.contact_id);
  }
  const categories = campaigns.some((c) => c.trigger.category_ids.length > 0)
    ? await categoryPathsOf(tx, storeId, [...new Set(fresh.flatMap(productIdsOf))])
    : new Map<string, string[]>();
  const store = await getStore(tx, storeId);
  const minuteMs = platform.config.RECOVERY_CAMPAIGN_MINUTE_MS;

  const rows = fresh.flatMap((p) => {
    const productIds = productIdsOf(p);
    const facts: AbandonedCartFacts = {
      source: p.source,
      currency: p.currency,
      value: p.value,
      productIds,
      categoryPaths: productIds.flatMap((id) => categories.get(id) ?? []),
      returning: p.contactId ? returning.has(p.contactId) : false,
    };
    const campaign = pickCampaign(campaigns, facts, store.currency);
    if (!campaign) return [];
    const abandonedAt = new Date(p.abandonedAt);
    return [
      {
        id: newId('crun'),
        campaign_id: campaign.id,
        tracked_cart_id: p.trackedCartId,
        steps: campaign.steps,
        exit_on_click: campaign.exit.on_click,
        abandoned_at: abandonedAt.toISOString(),
        next_due_at: stepDueAt(abandonedAt, campaign.steps, 0, minuteMs).toISOString(),
        event_id: newId('evt'),
      },
    ];
  });
  if (!rows.length) return [];
  // The runs and their events in one statement (the outbox function once per run, inside PostgreSQL).
  const { rows: started } = await tx.execute<{ id: string; event_id: string }>(sql`
    WITH input AS (
      SELECT * FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS x(id text, campaign_id text,
        tracked_cart_id text, steps jsonb, exit_on_click boolean, abandoned_at timestamptz, next_due_at timestamptz,
        event_id text)
    ), made AS (
      INSERT INTO recovery_campaign_runs (id, store_id, campaign_id, tracked_cart_id, steps, exit_on_click, abandoned_at, next_due_at)
      SELECT id, ${storeId}, campaign_id, tracked_cart_id, steps, exit_on_click, abandoned_at, next_due_at FROM input
      ON CONFLICT (store_id, tracked_cart_id) DO NOTHING
      RETURNING id
    )
    SELECT i.id, i.event_id FROM made JOIN input i ON i.id = made.id
    CROSS JOIN LATERAL carton_emit_event(i.event_id, ${storeId}, 'campaign_run.started', 'campaign_run', i.id,
      jsonb_build_object('runId', i.id, 'campaignId', i.campaign_id, 'trackedCartId', i.tracked_cart_id,
        'abandonedAt', to_char(i.abandoned_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
        'firstDueAt', to_char(i.next_due_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))) e`);
  if (!started.length) return [];
  announceAfterCommit(tx, ...started.map((r) => `${storeId}:${r.event_id}`));
  // Wake the workers' scheduler: these steps may fall due before its next look.
  await tx.execute(sql`SELECT pg_notify(${CAMPAIGN_RUNS_CHANNEL}, '')`);
  return started.map((r) => r.id);
}

/** One abandoned cart's run (see `startCampaignRunsInTx`); null when none started. */
export async function startCampaignRunInTx(
  platform: Platform,
  tx: Tx,
  storeId: string,
  p: AbandonedPayload,
): Promise<string | null> {
  return (await startCampaignRunsInTx(platform, tx, storeId, [p]))[0] ?? null;
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
