import { sql } from 'drizzle-orm';
import type { Platform } from '../../platform/context.ts';
import { withStore, type Tx } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { sendMessage, type SendResult } from '../messaging/service.ts';
import { campaignCouponCode, discountDescription, mintCampaignCoupon } from './campaign-coupons.ts';
import type { RunStepView, StepDiscount } from './campaign-model.ts';
import { emitRunEvent, endRunInTx, stepDueAt } from './campaign-runs.ts';
import { resolveStep } from './campaign-triggers.ts';
import type { RunRow, RunStepRow } from './campaigns.ts';
import { readContact } from './contacts.ts';
import { recoveryLinkFor } from './link-tokens.ts';
import { recordRecoveryTouchInTx } from './touches.ts';
import type { TrackedCartRow } from './tracked-carts.ts';

/**
 * The campaigns' scheduler, set-based (docs/decisions/recovery-campaign-scheduler.md): each pass
 * claims running runs whose next step is due — across stores, oldest first, `FOR UPDATE SKIP
 * LOCKED`, a lease on each — and takes their steps, RECOVERY_CAMPAIGN_CONCURRENCY at a time.
 *
 * A step, in three short transactions around the send:
 *   1. prepare: under the run's lock, check the exits (cart bought, contact gone, campaign paused,
 *      clicked), then record the step's request once (variant, code, data) — a retried step
 *      reuses it, so its idempotency key always carries the same request;
 *   2. send through messaging (`run:<runId>:step:<n>`, campaignRef = the run's id), which enforces
 *      consent, quiet hours and caps; the code is minted just before (idempotent too);
 *   3. finish: record the outcome, a `sent` touch for attribution, and move to the next step.
 * A worker that dies anywhere leaves the claim to lapse; the next pass takes the step again and
 * messaging answers the repeat with the message already made: nothing lost, nothing doubled.
 */

export interface SchedulerPass {
  /** Steps taken (claimed and handled) in this pass. */
  taken: number;
  /** More steps were due than one batch held. */
  more: boolean;
  /** When the next known step falls due (epoch ms), for the loop's sleep. */
  nextDueAt: number | null;
}

type Claimed = { store_id: string; id: string; next_step: number };

/** Test hook: throw after the message was handed over, before the step is finished (a crash). */
export const faults: { afterSend?: (runId: string, step: number) => void } = {};

export async function takeDueCampaignSteps(
  platform: Platform,
  o: { limit?: number; concurrency?: number } = {},
): Promise<SchedulerPass> {
  const limit = o.limit ?? platform.config.RECOVERY_CAMPAIGN_BATCH;
  const lease = platform.config.RECOVERY_CAMPAIGN_LEASE_SECONDS;
  // As the owner role: the one scan that spans stores; each step then runs in its store's scope.
  const { rows: claimed } = await platform.db.execute<Claimed>(sql`
    UPDATE recovery_campaign_runs r SET claimed_until = now() + make_interval(secs => ${lease})
    FROM (
      SELECT id FROM recovery_campaign_runs
      WHERE status = 'running' AND next_due_at <= now() AND (claimed_until IS NULL OR claimed_until < now())
      ORDER BY next_due_at
      LIMIT ${limit}
      FOR UPDATE SKIP LOCKED
    ) due
    WHERE r.id = due.id
    RETURNING r.store_id, r.id, r.next_step`);
  const queue = [...claimed];
  const worker = async () => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      try {
        await takeCampaignStep(platform, { storeId: next.store_id, runId: next.id, step: next.next_step });
      } catch (err) {
        // The claim lapses and a later pass takes the step again.
        platform.log.error({ err, runId: next.id, step: next.next_step }, 'campaign step failed');
      }
    }
  };
  const n = Math.max(
    1,
    Math.min(o.concurrency ?? platform.config.RECOVERY_CAMPAIGN_CONCURRENCY, claimed.length),
  );
  await Promise.all(Array.from({ length: n }, worker));
  const { rows: next } = await platform.db.execute<{ at: Date | null }>(sql`
    SELECT min(next_due_at) AS at FROM recovery_campaign_runs WHERE status = 'running'`);
  const at = next[0]?.at;
  return {
    taken: claimed.length,
    more: claimed.length >= limit,
    nextDueAt: at ? new Date(at).getTime() : null,
  };
}

type PreparedRow = RunStepRow & {
  template_id: string | null;
  template_handle: string | null;
  data: SendData;
};
type Prepared =
  | { done: true }
  | {
      done: false;
      run: RunRow;
      row: PreparedRow;
      to: { email?: string; phone?: string };
      customerId: string | null;
      discount: StepDiscount | null;
      currency: string;
    };

interface SendData {
  [k: string]: unknown;
  cart: Record<string, unknown>;
  discount?: { code: string; description: string; expires_at: string } | null;
}

async function lockRun(tx: Tx, storeId: string, runId: string): Promise<RunRow | null> {
  const { rows } = await tx.execute<RunRow>(sql`
    SELECT * FROM recovery_campaign_runs WHERE store_id = ${storeId} AND id = ${runId} FOR UPDATE`);
  return rows[0] ?? null;
}

/** Take one step of one run (see the module comment). Safe to repeat. */
export async function takeCampaignStep(
  platform: Platform,
  o: { storeId: string; runId: string; step: number },
): Promise<void> {
  const prepared = await withStore(platform.db, o.storeId, (tx) => prepareStep(platform, tx, o));
  if (prepared.done) return;
  const { run, row } = prepared;
  let result: SendResult | { status: 'failed'; error: string; messageId: null };
  if (row.coupon_code && prepared.discount) {
    await mintCampaignCoupon(platform, {
      storeId: o.storeId,
      code: row.coupon_code,
      discount: prepared.discount,
      currency: prepared.currency,
      expiresAt: new Date(row.data.discount!.expires_at),
      runId: run.id,
    });
  }
  try {
    result = await sendMessage(platform, {
      storeId: o.storeId,
      channel: row.channel,
      to: prepared.to,
      ...(row.template_id ? { templateId: row.template_id } : { templateHandle: row.template_handle! }),
      data: row.data,
      purpose: 'recovery',
      idempotencyKey: `run:${run.id}:step:${o.step}`,
      campaignRef: run.id,
      ...(prepared.customerId ? { customerId: prepared.customerId } : {}),
    });
  } catch (err) {
    // A client mistake (no such template, data that does not fit): this step cannot be sent.
    if (!(err instanceof AppError) || err.status >= 500) throw err;
    platform.log.warn({ runId: run.id, step: o.step, code: err.code }, 'campaign step refused by messaging');
    result = { status: 'failed', error: err.code, messageId: null };
  }
  faults.afterSend?.(run.id, o.step);
  await withStore(platform.db, o.storeId, (tx) => finishStep(platform, tx, o, result));
}

async function prepareStep(
  platform: Platform,
  tx: Tx,
  o: { storeId: string; runId: string; step: number },
): Promise<Prepared> {
  const done = { done: true } as const;
  const run = await lockRun(tx, o.storeId, o.runId);
  if (!run || run.status !== 'running' || run.next_step !== o.step) return done;
  const { rows: carts } = await tx.execute<TrackedCartRow>(sql`
    SELECT * FROM recovery_carts WHERE store_id = ${o.storeId} AND id = ${run.tracked_cart_id}`);
  const cart = carts[0];
  if (!cart || cart.status === 'recovered' || cart.status === 'purchased') {
    await endRunInTx(tx, o.storeId, run.id, cart?.status === 'purchased' ? 'purchased' : 'recovered');
    return done;
  }
  if (run.exit_on_click && run.clicked_at) {
    await endRunInTx(tx, o.storeId, run.id, 'clicked');
    return done;
  }
  const { rows: campaign } = await tx.execute<{ status: string }>(sql`
    SELECT status FROM recovery_campaigns WHERE store_id = ${o.storeId} AND id = ${run.campaign_id}`);
  if (campaign[0]?.status !== 'active') {
    await endRunInTx(tx, o.storeId, run.id, 'campaign_paused');
    return done;
  }
  const contact = cart.contact_id
    ? await readContact(tx, platform.config.CARTON_SECRET, o.storeId, cart.contact_id)
    : null;
  if (!contact || contact.erasedAt) {
    await endRunInTx(tx, o.storeId, run.id, 'cart_closed');
    return done;
  }

  const spec = run.steps[o.step]!;
  const resolved = resolveStep(spec, run.tracked_cart_id, o.step);
  const currency = cart.currency.trim().toUpperCase();
  const to =
    resolved.channel === 'email' && contact.email
      ? { email: contact.email }
      : resolved.channel === 'sms' && contact.phone
        ? { phone: contact.phone }
        : null;
  const dueAt = stepDueAt(
    new Date(run.abandoned_at),
    run.steps,
    o.step,
    platform.config.RECOVERY_CAMPAIGN_MINUTE_MS,
  );

  const { rows: recorded } = await tx.execute<PreparedRow>(sql`
    SELECT * FROM recovery_campaign_run_steps WHERE store_id = ${o.storeId} AND run_id = ${run.id} AND step = ${o.step}`);
  let row = recorded[0];
  if (!row) {
    if (!to) {
      // No address on this channel (recovery knows no push subscriptions): the step is skipped.
      await recordStep(tx, run, o.step, resolved.channel, resolved.variant, dueAt, {
        outcome: 'skipped',
        detail: 'no_address',
      });
      await advance(platform, tx, run, o.step, 'skipped', resolved.variant, null, null);
      return done;
    }
    const code = resolved.discount ? campaignCouponCode(platform.config.CARTON_SECRET, run.id, o.step) : null;
    const link = recoveryLinkFor(platform.config, {
      storeId: o.storeId,
      trackedCartId: run.tracked_cart_id,
      now: dueAt,
    });
    const data: SendData = {
      customer: null,
      cart: {
        id: cart.id,
        recovery_url: link.url,
        currency,
        subtotal: Number(cart.value),
        total: Number(cart.value),
        items: cart.items.slice(0, 100).map((i) => ({
          title: i.title.slice(0, 500),
          variant_title: i.variant_title?.slice(0, 500) ?? null,
          quantity: Math.max(1, i.quantity),
          unit_price: i.unit_price,
          image_url: i.image_url,
          url: i.url,
        })),
      },
      ...(resolved.discount && code
        ? {
            discount: {
              code,
              description: discountDescription(resolved.discount, currency),
              expires_at: new Date(
                dueAt.getTime() + resolved.discount.expires_in_hours * 3_600_000,
              ).toISOString(),
            },
          }
        : {}),
    };
    const { rows: made } = await tx.execute<PreparedRow>(sql`
      INSERT INTO recovery_campaign_run_steps (store_id, run_id, step, channel, variant, template_id, template_handle,
        coupon_code, data, due_at)
      VALUES (${o.storeId}, ${run.id}, ${o.step}, ${resolved.channel}, ${resolved.variant}, ${resolved.templateId},
        ${resolved.templateHandle}, ${code}, ${JSON.stringify(data)}::jsonb, ${dueAt})
      RETURNING *`);
    row = made[0]!;
  } else if (row.outcome !== 'sending' || !to) {
    // Recorded and answered before (a crash between the answer and the move): just move on.
    if (row.outcome !== 'sending') {
      await advance(platform, tx, run, o.step, row.outcome, row.variant, row.message_id, row.coupon_code);
      return done;
    }
    await tx.execute(sql`
      UPDATE recovery_campaign_run_steps SET outcome = 'skipped', detail = 'no_address'
      WHERE store_id = ${o.storeId} AND run_id = ${run.id} AND step = ${o.step}`);
    await advance(platform, tx, run, o.step, 'skipped', row.variant, null, null);
    return done;
  }
  return {
    done: false,
    run,
    row,
    to,
    customerId: contact.customerId ?? cart.customer_id ?? null,
    discount: resolved.discount,
    currency,
  };
}

async function recordStep(
  tx: Tx,
  run: RunRow,
  step: number,
  channel: RunStepRow['channel'],
  variant: string | null,
  dueAt: Date,
  o: { outcome: RunStepView['outcome']; detail: string },
): Promise<void> {
  await tx.execute(sql`
    INSERT INTO recovery_campaign_run_steps (store_id, run_id, step, channel, variant, data, due_at, outcome, detail)
    VALUES (${run.store_id}, ${run.id}, ${step}, ${channel}, ${variant}, '{}'::jsonb, ${dueAt}, ${o.outcome}, ${o.detail})
    ON CONFLICT DO NOTHING`);
}

/** Move the run past `step`: to the next step's due time, or to its end. */
async function advance(
  platform: Platform,
  tx: Tx,
  run: RunRow,
  step: number,
  outcome: RunStepView['outcome'],
  variant: string | null,
  messageId: string | null,
  couponCode: string | null,
): Promise<void> {
  const next = step + 1;
  const last = next >= run.steps.length;
  const due = last
    ? null
    : stepDueAt(new Date(run.abandoned_at), run.steps, next, platform.config.RECOVERY_CAMPAIGN_MINUTE_MS);
  await tx.execute(sql`
    UPDATE recovery_campaign_runs SET next_step = ${next}, next_due_at = ${due}, claimed_until = NULL,
      steps_taken = steps_taken + 1, updated_at = now()
    WHERE store_id = ${run.store_id} AND id = ${run.id}`);
  await emitRunEvent(tx, run, 'campaign_run.step_taken', {
    step,
    channel: run.steps[step]!.channel,
    variant,
    outcome,
    messageId,
    couponCode,
  });
  if (last) await endRunInTx(tx, run.store_id, run.id, null);
}

const OUTCOMES: Record<SendResult['status'], RunStepView['outcome']> = {
  sent: 'sent',
  deferred: 'deferred',
  queued: 'queued',
  suppressed: 'suppressed',
  failed: 'failed',
  cancelled: 'cancelled',
};

async function finishStep(
  platform: Platform,
  tx: Tx,
  o: { storeId: string; runId: string; step: number },
  result: SendResult | { status: 'failed'; error: string; messageId: null },
): Promise<void> {
  const run = await lockRun(tx, o.storeId, o.runId);
  if (!run) return;
  const outcome = OUTCOMES[result.status];
  const detail =
    result.status === 'suppressed' ? result.reason : result.status === 'failed' ? result.error : null;
  const { rows } = await tx.execute<RunStepRow>(sql`
    UPDATE recovery_campaign_run_steps SET outcome = ${outcome}, detail = ${detail}, message_id = ${result.messageId},
      handed_at = ${outcome === 'sent' ? sql`coalesce(handed_at, clock_timestamp())` : sql`handed_at`}
    WHERE store_id = ${o.storeId} AND run_id = ${o.runId} AND step = ${o.step}
    RETURNING *`);
  const row = rows[0];
  if (outcome === 'sent' && result.messageId) {
    await recordRecoveryTouchInTx(tx, {
      storeId: o.storeId,
      trackedCartId: run.tracked_cart_id,
      messageId: result.messageId,
      kind: 'sent',
      at: new Date(),
      campaignId: run.campaign_id,
    });
  }
  // The run ended meanwhile (the cart was bought while the message went out): record, do not move.
  if (run.status !== 'running' || run.next_step !== o.step) return;
  await advance(
    platform,
    tx,
    run,
    o.step,
    outcome,
    row?.variant ?? null,
    result.messageId,
    row?.coupon_code ?? null,
  );
}
