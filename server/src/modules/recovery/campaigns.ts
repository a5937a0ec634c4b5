import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Platform } from '../../platform/context.ts';
import { withStore, withStoreSnapshot, type Tx } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { emitEvent } from '../../platform/events/outbox.ts';
import { decodeCursor, PageQuery, toPage, type Page } from '../../platform/http/pagination.ts';
import { newId } from '../../platform/ids.ts';
import { parseInput } from '../../platform/validation.ts';
import { auditAs, type Actor } from '../audit/service.ts';
import { getTemplate } from '../messaging/service.ts';
import {
  CampaignInput,
  CampaignPatch,
  RUN_STATUSES,
  type CampaignExit,
  type CampaignRunView,
  type CampaignStatus,
  type CampaignStep,
  type CampaignTrigger,
  type CampaignView,
  type RunExitReason,
  type RunStatus,
  type RunStepView,
} from './campaign-model.ts';
import { nextCampaignStatus, type CampaignAction } from './campaign-states.ts';

/**
 * Campaigns: staff create them as drafts, activate and pause them; the highest-priority active
 * campaign whose trigger matches an abandoned cart runs for it (`campaign-runs.ts`). Every change
 * is audited and emits `campaign.created|updated|activated|paused|deleted` on aggregate
 * `recovery_campaign`. A run keeps the steps it started with, so editing a campaign never
 * disturbs carts already in it.
 */

export interface CampaignRow {
  [k: string]: unknown;
  id: string;
  store_id: string;
  name: string;
  status: CampaignStatus;
  priority: number;
  trigger: CampaignTrigger;
  steps: CampaignStep[];
  exit: CampaignExit;
  is_default: boolean;
  version: number;
  activated_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

export const campaignView = (r: CampaignRow): CampaignView => ({
  id: r.id,
  name: r.name,
  status: r.status,
  priority: r.priority,
  trigger: r.trigger,
  steps: r.steps,
  exit: r.exit,
  is_default: r.is_default,
  version: r.version,
  activated_at: iso(r.activated_at),
  created_at: iso(r.created_at)!,
  updated_at: iso(r.updated_at)!,
});

export type CampaignEventType =
  'campaign.created' | 'campaign.updated' | 'campaign.activated' | 'campaign.paused' | 'campaign.deleted';

export async function emitCampaignEvent(
  tx: Tx,
  storeId: string,
  type: CampaignEventType,
  row: CampaignRow,
  extra: Record<string, unknown> = {},
): Promise<void> {
  await emitEvent(tx, {
    storeId,
    type,
    aggregateType: 'recovery_campaign',
    aggregateId: row.id,
    payload: {
      campaignId: row.id,
      name: row.name,
      status: row.status,
      priority: row.priority,
      version: row.version,
      isDefault: row.is_default,
      ...extra,
    },
  });
}

/**
 * Every template a step names by id must be one of the store's, of the step's channel and of
 * purpose `recovery` (a handle is resolved when the message is sent, in the shopper's language).
 */
async function assertTemplatesFit(platform: Platform, storeId: string, steps: CampaignStep[]): Promise<void> {
  const errors: { path: string; message: string }[] = [];
  for (const [i, s] of steps.entries()) {
    const refs = [
      { path: `body.steps.${i}.template_id`, id: s.template_id },
      ...(s.variants ?? []).map((v, j) => ({
        path: `body.steps.${i}.variants.${j}.template_id`,
        id: v.template_id,
      })),
    ];
    for (const ref of refs) {
      if (!ref.id) continue;
      const t = await getTemplate(platform, { storeId, templateId: ref.id }).catch(() => null);
      if (!t) errors.push({ path: ref.path, message: 'no such template in this store' });
      else if (t.channel !== s.channel || t.purpose !== 'recovery')
        errors.push({ path: ref.path, message: `not a recovery ${s.channel} template` });
    }
  }
  if (errors.length)
    throw new AppError('UNPROCESSABLE', 'A step names a template that does not fit it.', { errors });
}

async function readCampaign(tx: Tx, storeId: string, campaignId: string, lock = false): Promise<CampaignRow> {
  const { rows } = await tx.execute<CampaignRow>(sql`
    SELECT * FROM recovery_campaigns WHERE store_id = ${storeId} AND id = ${campaignId}
    ${lock ? sql`FOR UPDATE` : sql``}`);
  if (!rows[0]) throw new AppError('NOT_FOUND', 'No such campaign.');
  return rows[0];
}

/** Insert a campaign (the default one too) in the caller's transaction; emits `campaign.created`. */
export async function insertCampaignInTx(
  tx: Tx,
  storeId: string,
  c: z.output<typeof CampaignInput> & { status?: CampaignStatus; isDefault?: boolean },
): Promise<CampaignRow | null> {
  const status = c.status ?? 'draft';
  const { rows } = await tx.execute<CampaignRow>(sql`
    INSERT INTO recovery_campaigns (id, store_id, name, status, priority, trigger, steps, exit, is_default, activated_at)
    VALUES (${newId('rcmp')}, ${storeId}, ${c.name}, ${status}, ${c.priority}, ${JSON.stringify(c.trigger)}::jsonb,
            ${JSON.stringify(c.steps)}::jsonb, ${JSON.stringify(c.exit)}::jsonb, ${c.isDefault ?? false},
            ${status === 'active' ? sql`now()` : null})
    ON CONFLICT DO NOTHING
    RETURNING *`);
  if (!rows[0]) return null;
  await emitCampaignEvent(tx, storeId, 'campaign.created', rows[0]);
  return rows[0];
}

/** A new campaign, as a draft. Bad input is 400/422 and records nothing. */
export async function createCampaign(
  platform: Platform,
  o: { storeId: string; input: CampaignInput; actor?: Actor },
): Promise<CampaignView> {
  const input = parseInput(CampaignInput, o.input);
  await assertTemplatesFit(platform, o.storeId, input.steps);
  return withStore(platform.db, o.storeId, async (tx) => {
    const row = (await insertCampaignInTx(tx, o.storeId, input))!;
    await auditAs(tx, o.actor, {
      storeId: o.storeId,
      action: 'campaign.created',
      entityType: 'recovery_campaign',
      entityId: row.id,
      after: campaignView(row),
    });
    return campaignView(row);
  });
}

export async function getCampaign(
  platform: Pick<Platform, 'db'>,
  o: { storeId: string; campaignId: string },
): Promise<CampaignView> {
  return withStore(platform.db, o.storeId, async (tx) =>
    campaignView(await readCampaign(tx, o.storeId, o.campaignId)),
  );
}

export const CampaignListQuery = PageQuery.extend({
  status: z.enum(['draft', 'active', 'paused']).optional(),
});
export type CampaignListQuery = z.input<typeof CampaignListQuery>;

/** The store's campaigns, newest first. */
export async function listCampaigns(
  platform: Platform,
  o: { storeId: string; query: z.output<typeof CampaignListQuery> },
): Promise<Page<CampaignView>> {
  const q = o.query;
  const cursor = decodeCursor<{ id: string }>(q.cursor);
  if (cursor && typeof cursor.id !== 'string')
    throw new AppError('VALIDATION_FAILED', 'The cursor is not one this API issued.', {
      errors: [{ path: 'querystring.cursor', message: 'invalid cursor' }],
    });
  const rows = await withStore(platform.db, o.storeId, async (tx) => {
    const { rows } = await tx.execute<CampaignRow>(sql`
      SELECT * FROM recovery_campaigns WHERE store_id = ${o.storeId}
        ${q.status ? sql`AND status = ${q.status}` : sql``}
        ${cursor ? sql`AND id < ${cursor.id}` : sql``}
      ORDER BY id DESC LIMIT ${q.limit + 1}`);
    return rows;
  });
  const page = toPage(rows, q.limit, (r) => ({ id: r.id }));
  return { data: page.data.map(campaignView), next_cursor: page.next_cursor };
}

/** Change a campaign (fields left out stay); runs already started keep their steps. */
export async function updateCampaign(
  platform: Platform,
  o: { storeId: string; campaignId: string; input: CampaignPatch; actor?: Actor },
): Promise<CampaignView> {
  const input = parseInput(CampaignPatch, o.input);
  if (input.steps) await assertTemplatesFit(platform, o.storeId, input.steps);
  return withStore(platform.db, o.storeId, async (tx) => {
    const before = await readCampaign(tx, o.storeId, o.campaignId, true);
    const fields = Object.keys(input);
    const { rows } = await tx.execute<CampaignRow>(sql`
      UPDATE recovery_campaigns SET
        name = ${input.name ?? before.name},
        priority = ${input.priority ?? before.priority},
        trigger = ${JSON.stringify(input.trigger ?? before.trigger)}::jsonb,
        steps = ${JSON.stringify(input.steps ?? before.steps)}::jsonb,
        exit = ${JSON.stringify(input.exit ?? before.exit)}::jsonb,
        version = version + 1, updated_at = now()
      WHERE store_id = ${o.storeId} AND id = ${o.campaignId}
      RETURNING *`);
    const after = rows[0]!;
    await emitCampaignEvent(tx, o.storeId, 'campaign.updated', after, { fields });
    await auditAs(tx, o.actor, {
      storeId: o.storeId,
      action: 'campaign.updated',
      entityType: 'recovery_campaign',
      entityId: after.id,
      before: campaignView(before),
      after: campaignView(after),
    });
    return campaignView(after);
  });
}

/** Delete a draft (a campaign that ever ran keeps its runs and figures: pause it instead). */
export async function deleteCampaign(
  platform: Pick<Platform, 'db'>,
  o: { storeId: string; campaignId: string; actor?: Actor },
): Promise<void> {
  await withStore(platform.db, o.storeId, async (tx) => {
    const row = await readCampaign(tx, o.storeId, o.campaignId, true);
    if (row.status !== 'draft') {
      throw new AppError(
        'INVALID_STATE_TRANSITION',
        `Campaign ${row.id} is ${row.status}; only a draft can be deleted (pause it instead).`,
      );
    }
    await tx.execute(sql`DELETE FROM recovery_campaigns WHERE store_id = ${o.storeId} AND id = ${row.id}`);
    await emitCampaignEvent(tx, o.storeId, 'campaign.deleted', row);
    await auditAs(tx, o.actor, {
      storeId: o.storeId,
      action: 'campaign.deleted',
      entityType: 'recovery_campaign',
      entityId: row.id,
      before: campaignView(row),
    });
  });
}

async function transition(
  platform: Pick<Platform, 'db'>,
  o: { storeId: string; campaignId: string; actor?: Actor },
  action: CampaignAction,
): Promise<CampaignView> {
  return withStore(platform.db, o.storeId, async (tx) => {
    const before = await readCampaign(tx, o.storeId, o.campaignId, true);
    const status = nextCampaignStatus(before.status, action, before.id);
    const { rows } = await tx.execute<CampaignRow>(sql`
      UPDATE recovery_campaigns SET status = ${status},
        activated_at = ${status === 'active' ? sql`now()` : sql`activated_at`}, updated_at = now()
      WHERE store_id = ${o.storeId} AND id = ${before.id}
      RETURNING *`);
    const after = rows[0]!;
    const type = action === 'activate' ? 'campaign.activated' : 'campaign.paused';
    await emitCampaignEvent(tx, o.storeId, type, after);
    await auditAs(tx, o.actor, {
      storeId: o.storeId,
      action: type,
      entityType: 'recovery_campaign',
      entityId: after.id,
      before: { status: before.status },
      after: { status: after.status },
    });
    return campaignView(after);
  });
}

/** Start a draft or a paused campaign: abandoned carts may enter it from now on. */
export const activateCampaign = (
  platform: Pick<Platform, 'db'>,
  o: { storeId: string; campaignId: string; actor?: Actor },
) => transition(platform, o, 'activate');

/** Pause a campaign: no cart enters it, and its running runs end before their next step. */
export const pauseCampaign = (
  platform: Pick<Platform, 'db'>,
  o: { storeId: string; campaignId: string; actor?: Actor },
) => transition(platform, o, 'pause');

// --- runs, for staff -----------------------------------------------------------------------------

export const CampaignRunListQuery = PageQuery.extend({
  status: z.enum(RUN_STATUSES).optional(),
});
export type CampaignRunListQuery = z.input<typeof CampaignRunListQuery>;

export interface RunRow {
  [k: string]: unknown;
  id: string;
  store_id: string;
  campaign_id: string;
  tracked_cart_id: string;
  status: RunStatus;
  exit_reason: RunExitReason | null;
  steps: CampaignStep[];
  exit_on_click: boolean;
  abandoned_at: Date;
  next_step: number;
  next_due_at: Date | null;
  claimed_until: Date | null;
  steps_taken: number;
  clicked_at: Date | null;
  ended_at: Date | null;
  created_at: Date;
}

export interface RunStepRow {
  [k: string]: unknown;
  run_id: string;
  step: number;
  channel: RunStepView['channel'];
  variant: string | null;
  outcome: RunStepView['outcome'];
  detail: string | null;
  message_id: string | null;
  coupon_code: string | null;
  due_at: Date;
  handed_at: Date | null;
}

export const runView = (r: RunRow, steps: RunStepRow[]): CampaignRunView => ({
  id: r.id,
  campaign_id: r.campaign_id,
  tracked_cart_id: r.tracked_cart_id,
  status: r.status,
  exit_reason: r.exit_reason,
  step_reached: r.steps_taken,
  next_step: r.status === 'running' ? r.next_step : null,
  next_due_at: r.status === 'running' ? iso(r.next_due_at) : null,
  abandoned_at: iso(r.abandoned_at)!,
  clicked_at: iso(r.clicked_at),
  ended_at: iso(r.ended_at),
  created_at: iso(r.created_at)!,
  steps: steps.map((s) => ({
    step: s.step,
    channel: s.channel,
    variant: s.variant,
    outcome: s.outcome,
    detail: s.detail,
    message_id: s.message_id,
    coupon_code: s.coupon_code,
    due_at: iso(s.due_at)!,
    handed_at: iso(s.handed_at),
  })),
});

/** A campaign's runs, newest first, each with the steps it took. 404 for a campaign not in the store. */
export async function listCampaignRuns(
  platform: Pick<Platform, 'db'>,
  o: { storeId: string; campaignId: string; query: z.output<typeof CampaignRunListQuery> },
): Promise<Page<CampaignRunView>> {
  const q = o.query;
  const cursor = decodeCursor<{ id: string }>(q.cursor);
  if (cursor && typeof cursor.id !== 'string')
    throw new AppError('VALIDATION_FAILED', 'The cursor is not one this API issued.', {
      errors: [{ path: 'querystring.cursor', message: 'invalid cursor' }],
    });
  // The runs and their steps in one snapshot: a step finished between the two reads must not show
  // beside its run as it was before that step.
  return withStoreSnapshot(platform.db, o.storeId, async (tx) => {
    await readCampaign(tx, o.storeId, o.campaignId);
    const { rows } = await tx.execute<RunRow>(sql`
      SELECT * FROM recovery_campaign_runs WHERE store_id = ${o.storeId} AND campaign_id = ${o.campaignId}
        ${q.status ? sql`AND status = ${q.status}` : sql``}
        ${cursor ? sql`AND id < ${cursor.id}` : sql``}
      ORDER BY id DESC LIMIT ${q.limit + 1}`);
    const page = toPage(rows, q.limit, (r) => ({ id: r.id }));
    const ids = page.data.map((r) => r.id);
    const { rows: steps } = ids.length
      ? await tx.execute<RunStepRow>(sql`
          SELECT * FROM recovery_campaign_run_steps
          WHERE store_id = ${o.storeId} AND run_id = ANY(${sql.param(ids)}::text[]) ORDER BY run_id, step`)
      : { rows: [] as RunStepRow[] };
    return {
      data: page.data.map((r) =>
        runView(
          r,
          steps.filter((s) => s.run_id === r.id),
        ),
      ),
      next_cursor: page.next_cursor,
    };
  });
}
