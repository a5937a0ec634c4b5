import { sql } from 'drizzle-orm';
import type { Platform } from '../../platform/context.ts';
import { withStore, type Tx } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { announceAfterCommit } from '../../platform/events/outbox.ts';
import { newId } from '../../platform/ids.ts';
import { sendMessage, type PushSubscription, type SendResult } from '../messaging/service.ts';
import { campaignCouponCode, discountDescription, mintCampaignCoupon } from './campaign-coupons.ts';
import type { RunStepView, StepDiscount } from './campaign-model.ts';
import { endRunInTx, stepDueAt } from './campaign-runs.ts';
import { resolveStep } from './campaign-triggers.ts';
import type { RunRow, RunStepRow } from './campaigns.ts';
import { contactOf } from './contacts.ts';
import { recoveryLinkFor } from './link-tokens.ts';
import { pushSubscriptionForCart } from './push-subscriptions.ts';
import type { TrackedCartRow } from './tracked-carts.ts';

/**
 * The campaigns' scheduler, set-based (docs/decisions/0012-recovery-campaigns-set-based-scheduler.md): each pass
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
  push_subscription_id: string | null;
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
      to: { email?: string; phone?: string; pushSubscription?: PushSubscription };
      customerId: string | null;
      discount: StepDiscount | null;
      currency: string;
    };

interface SendData {
  [k: string]: unknown;
  cart: Record<string, unknown>;
  discount?: { code: string; description: string; expires_at: string } | null;
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
  try {
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
    // A client mistake (no such template, data or a code that does not fit): this step cannot be
    // sent, and retrying would not change that. Anything else is retried when the claim lapses.
    if (!(err instanceof AppError) || err.status >= 500) throw err;
    platform.log.warn({ runId: run.id, step: o.step, code: err.code }, 'campaign step refused');
    result = { status: 'failed', error: err.code, messageId: null };
  }
  faults.afterSend?.(run.id, o.step);
  await withStore(platform.db, o.storeId, (tx) => finishStep(platform, tx, o, run, row, result));
}

/** Everything a step needs, read in one statement under the run's lock. */
type StepContext = RunRow & {
  cart_status: TrackedCartRow['status'] | null;
  cart_source: string | null;
  cart_external_id: string | null;
  cart_anonymous_id: string | null;
  cart_contact_id: string | null;
  cart_customer_id: string | null;
  cart_currency: string | null;
  cart_value: string | number | null;
  cart_items: TrackedCartRow['items'] | null;
  campaign_status: string | null;
  c_id: string | null;
  c_store_id: string | null;
  c_email_hash: string | null;
  c_email_encrypted: string | null;
  c_phone_hash: string | null;
  c_phone_encrypted: string | null;
  c_customer_id: string | null;
  c_erased_at: Date | null;
  s_step: number | null;
  s_outcome: RunStepView['outcome'] | null;
  s_variant: string | null;
  s_template_id: string | null;
  s_template_handle: string | null;
  s_coupon_code: string | null;
  s_message_id: string | null;
  s_channel: RunStepRow['channel'] | null;
  s_data: SendData | null;
  s_push_subscription_id: string | null;
};

async function readStepContext(tx: Tx, storeId: string, runId: string): Promise<StepContext | null> {
  const { rows } = await tx.execute<StepContext>(sql`
    SELECT r.*, t.status AS cart_status, t.source AS cart_source, t.external_id AS cart_external_id,
           t.anonymous_id AS cart_anonymous_id, t.contact_id AS cart_contact_id, t.customer_id AS cart_customer_id,
           t.currency AS cart_currency, t.value AS cart_value, t.items AS cart_items, k.status AS campaign_status,
           c.id AS c_id, c.store_id AS c_store_id, c.email_hash AS c_email_hash, c.email_encrypted AS c_email_encrypted,
           c.phone_hash AS c_phone_hash, c.phone_encrypted AS c_phone_encrypted, c.customer_id AS c_customer_id,
           c.erased_at AS c_erased_at,
           s.step AS s_step, s.outcome AS s_outcome, s.variant AS s_variant, s.template_id AS s_template_id,
           s.template_handle AS s_template_handle, s.coupon_code AS s_coupon_code, s.message_id AS s_message_id,
           s.channel AS s_channel, s.data AS s_data, s.push_subscription_id AS s_push_subscription_id
    FROM recovery_campaign_runs r
    LEFT JOIN recovery_carts t ON t.store_id = r.store_id AND t.id = r.tracked_cart_id
    LEFT JOIN recovery_campaigns k ON k.store_id = r.store_id AND k.id = r.campaign_id
    LEFT JOIN recovery_contacts c ON c.store_id = r.store_id AND c.id = t.contact_id
    LEFT JOIN recovery_campaign_run_steps s ON s.store_id = r.store_id AND s.run_id = r.id AND s.step = r.next_step
    WHERE r.store_id = ${storeId} AND r.id = ${runId}
    FOR UPDATE OF r`);
  return rows[0] ?? null;
}

async function prepareStep(
  platform: Platform,
  tx: Tx,
  o: { storeId: string; runId: string; step: number },
): Promise<Prepared> {
  const done = { done: true } as const;
  const run = await readStepContext(tx, o.storeId, o.runId);
  if (!run || run.status !== 'running' || run.next_step !== o.step) return done;
  if (!run.cart_status || run.cart_status === 'recovered' || run.cart_status === 'purchased') {
    await endRunInTx(tx, o.storeId, run.id, run.cart_status === 'purchased' ? 'purchased' : 'recovered');
    return done;
  }
  if (run.exit_on_click && run.clicked_at) {
    await endRunInTx(tx, o.storeId, run.id, 'clicked');
    return done;
  }
  if (run.campaign_status !== 'active') {
    await endRunInTx(tx, o.storeId, run.id, 'campaign_paused');
    return done;
  }
  const contact = run.c_id
    ? contactOf(platform.config.CARTON_SECRET, {
        id: run.c_id,
        store_id: run.c_store_id!,
        email_hash: run.c_email_hash,
        email_encrypted: run.c_email_encrypted,
        phone_hash: run.c_phone_hash,
        phone_encrypted: run.c_phone_encrypted,
        customer_id: run.c_customer_id,
        erased_at: run.c_erased_at,
      })
    : null;
  if (!contact || contact.erasedAt) {
    await endRunInTx(tx, o.storeId, run.id, 'cart_closed');
    return done;
  }
  const cart = {
    id: run.tracked_cart_id,
    currency: run.cart_currency!,
    value: run.cart_value!,
    items: run.cart_items ?? [],
    customer_id: run.cart_customer_id,
  };

  const spec = run.steps[o.step]!;
  const resolved = resolveStep(spec, run.tracked_cart_id, o.step);
  const currency = cart.currency.trim().toUpperCase();
  // A push step goes to the newest subscription of the cart's visitor, cart or contact — or, on a
  // retry, to the one chosen first (the same request under the same idempotency key).
  const push =
    resolved.channel === 'push'
      ? await pushSubscriptionForCart(
          tx,
          platform.config.CARTON_SECRET,
          {
            storeId: o.storeId,
            source: run.cart_source!,
            externalId: run.cart_external_id!,
            anonymousId: run.cart_anonymous_id,
            contactId: run.cart_contact_id,
          },
          run.s_step === null ? undefined : run.s_push_subscription_id,
        )
      : null;
  const to =
    resolved.channel === 'email' && contact.email
      ? { email: contact.email }
      : resolved.channel === 'sms' && contact.phone
        ? { phone: contact.phone }
        : push
          ? { pushSubscription: push.subscription }
          : null;
  const dueAt = stepDueAt(
    new Date(run.abandoned_at),
    run.steps,
    o.step,
    platform.config.RECOVERY_CAMPAIGN_MINUTE_MS,
  );

  let row: PreparedRow | undefined =
    run.s_step === null
      ? undefined
      : ({
          run_id: run.id,
          step: run.s_step,
          channel: run.s_channel!,
          variant: run.s_variant,
          outcome: run.s_outcome!,
          detail: null,
          message_id: run.s_message_id,
          coupon_code: run.s_coupon_code,
          due_at: dueAt,
          handed_at: null,
          template_id: run.s_template_id,
          template_handle: run.s_template_handle,
          push_subscription_id: run.s_push_subscription_id,
          data: run.s_data!,
        } as PreparedRow);
  if (!row) {
    if (!to) {
      // No address on this channel (no phone, no push subscription): the step is skipped.
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
        coupon_code, data, due_at, push_subscription_id)
      VALUES (${o.storeId}, ${run.id}, ${o.step}, ${resolved.channel}, ${resolved.variant}, ${resolved.templateId},
        ${resolved.templateHandle}, ${code}, ${JSON.stringify(data)}::jsonb, ${dueAt}, ${push?.id ?? null})
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
  // The move and its event in one statement (the outbox function inside PostgreSQL).
  const eventId = newId('evt');
  const payload = {
    runId: run.id,
    campaignId: run.campaign_id,
    trackedCartId: run.tracked_cart_id,
    step,
    channel: run.steps[step]!.channel,
    variant,
    outcome,
    messageId,
    couponCode,
  };
  await tx.execute(sql`
    WITH moved AS (
      UPDATE recovery_campaign_runs SET next_step = ${next}, next_due_at = ${due}, claimed_until = NULL,
        steps_taken = steps_taken + 1, updated_at = now()
      WHERE store_id = ${run.store_id} AND id = ${run.id}
      RETURNING id
    )
    SELECT e.sequence FROM moved
    CROSS JOIN LATERAL carton_emit_event(${eventId}, ${run.store_id}, 'campaign_run.step_taken', 'campaign_run',
      moved.id, ${JSON.stringify(payload)}::jsonb) e`);
  announceAfterCommit(tx, `${run.store_id}:${eventId}`);
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

/**
 * The step's outcome, its `sent` touch (attribution: recovery_touches + the rollup mark + its
 * event), and the run's move to the next step or its end, with their events — ONE statement: this
 * runs once per message, 20,000 times in a minute's burst. The move only applies if the run is
 * still at this step (a purchase ends it meanwhile: the outcome and touch are kept, nothing moves).
 */
async function finishStep(
  platform: Platform,
  tx: Tx,
  o: { storeId: string; runId: string; step: number },
  run: RunRow,
  row: PreparedRow,
  result: SendResult | { status: 'failed'; error: string; messageId: null },
): Promise<void> {
  const outcome = OUTCOMES[result.status];
  const detail =
    result.status === 'suppressed' ? result.reason : result.status === 'failed' ? result.error : null;
  const sent = outcome === 'sent' && result.messageId !== null;
  const at = new Date();
  const next = o.step + 1;
  const last = next >= run.steps.length;
  const due = last
    ? null
    : stepDueAt(new Date(run.abandoned_at), run.steps, next, platform.config.RECOVERY_CAMPAIGN_MINUTE_MS);
  const ids = {
    touch: newId('rtch'),
    touchEvent: newId('evt'),
    stepEvent: newId('evt'),
    endEvent: newId('evt'),
  };
  const base = { runId: run.id, campaignId: run.campaign_id, trackedCartId: run.tracked_cart_id };
  const touchPayload = {
    trackedCartId: run.tracked_cart_id,
    messageId: result.messageId,
    campaignId: run.campaign_id,
    kind: 'sent',
    occurredAt: at.toISOString(),
  };
  const stepPayload = {
    ...base,
    step: o.step,
    channel: row.channel,
    variant: row.variant,
    outcome,
    messageId: result.messageId,
    couponCode: row.coupon_code,
  };
  await tx.execute(sql`
    WITH step AS (
      UPDATE recovery_campaign_run_steps SET outcome = ${outcome}, detail = ${detail}, message_id = ${result.messageId},
        handed_at = ${outcome === 'sent' ? sql`coalesce(handed_at, clock_timestamp())` : sql`handed_at`}
      WHERE store_id = ${o.storeId} AND run_id = ${run.id} AND step = ${o.step}
      RETURNING 1
    ), touch AS (
      INSERT INTO recovery_touches (id, store_id, tracked_cart_id, message_id, campaign_id, kind, occurred_at)
      SELECT ${ids.touch}, ${o.storeId}, ${run.tracked_cart_id}, ${result.messageId}, ${run.campaign_id}, 'sent', ${at}
      WHERE ${sent}
      ON CONFLICT (store_id, message_id, kind) DO NOTHING
      RETURNING id
    ), mark AS (
      INSERT INTO recovery_rollup_marks (store_id, at) SELECT ${o.storeId}, ${at} FROM touch
    ), moved AS (
      UPDATE recovery_campaign_runs SET next_step = ${next}, next_due_at = ${due}, claimed_until = NULL,
        steps_taken = steps_taken + 1,
        status = ${last ? 'completed' : 'running'}, ended_at = ${last ? sql`now()` : sql`NULL`}, updated_at = now()
      WHERE store_id = ${o.storeId} AND id = ${run.id} AND status = 'running' AND next_step = ${o.step}
      RETURNING id, steps_taken
    )
    SELECT e.sequence FROM touch
      CROSS JOIN LATERAL carton_emit_event(${ids.touchEvent}, ${o.storeId}, 'recovery_touch.recorded', 'tracked_cart',
        ${run.tracked_cart_id}, ${JSON.stringify(touchPayload)}::jsonb) e
    UNION ALL
    SELECT e.sequence FROM moved
      CROSS JOIN LATERAL carton_emit_event(${ids.stepEvent}, ${o.storeId}, 'campaign_run.step_taken', 'campaign_run',
        moved.id, ${JSON.stringify(stepPayload)}::jsonb) e
    UNION ALL
    SELECT e.sequence FROM moved
      CROSS JOIN LATERAL carton_emit_event(${ids.endEvent}, ${o.storeId}, 'campaign_run.ended', 'campaign_run', moved.id,
        ${JSON.stringify({ ...base, status: 'completed', exitReason: null })}::jsonb || jsonb_build_object('stepsTaken', moved.steps_taken)) e
      WHERE ${last}`);
  announceAfterCommit(
    tx,
    ...Object.values(ids)
      .slice(1)
      .map((id) => `${o.storeId}:${id}`),
  );
}
