import { and, desc, eq, gt, inArray, isNull, lt, lte, sql, type SQL } from 'drizzle-orm';
import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { Platform } from '../../platform/context.ts';
import { withStore, type DbOrTx, type Tx } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { emitEvent } from '../../platform/events/outbox.ts';
import { decodeCursor, PageQuery, toPage, type Page } from '../../platform/http/pagination.ts';
import { newId } from '../../platform/ids.ts';
import { parseInput } from '../../platform/validation.ts';
import { audit, isProviderFailure, lockIntent, providerFailure, type Actor } from './intents.ts';
import { providerFor } from './providers/index.ts';
import { DISPUTE_STATUSES, type DisputeFacts, type DisputeStatus } from './providers/provider.ts';
import { paymentDisputes, paymentIntents, type PaymentDisputeRow, type PaymentIntentRow } from './schema.ts';

/**
 * Disputes (chargebacks): a cardholder's bank took a payment back and the merchant has until a
 * deadline to answer with evidence, or accept the loss. The provider reports each dispute and
 * every change of it (Stripe's `charge.dispute.*` webhooks; the test processor its own, through
 * `openTestDispute`); Carton keeps it beside the payment and its order, announces it
 * (`payment_dispute.opened`, `.updated`, `.closed`), and lets staff answer it once — the evidence
 * goes to the provider, which submits it to the card network — or accept it.
 *
 * The money of a lost dispute is the provider's to take (Stripe withdraws it from the balance):
 * the payment's captured and refunded amounts do not change, so nothing is refunded twice.
 */

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** Waiting for the merchant's answer, or for the network's decision. */
const OPEN: readonly DisputeStatus[] = [
  'warning_needs_response',
  'needs_response',
  'warning_under_review',
  'under_review',
];
const ANSWERABLE: readonly DisputeStatus[] = ['warning_needs_response', 'needs_response'];
const CLOSED: readonly DisputeStatus[] = ['won', 'lost', 'warning_closed'];

export const DisputeView = z.object({
  id: z.string(),
  intent_id: z.string(),
  order_id: z.string().nullable().describe('The order the payment paid for'),
  provider: z.string(),
  provider_reference: z.string().describe("The provider's dispute id (Stripe's `dp_…`)"),
  amount: z.number().int().describe('Minor units taken back'),
  currency: z.string(),
  reason: z.string().describe("The card network's reason, e.g. `fraudulent`, `product_not_received`"),
  status: z.enum(DISPUTE_STATUSES),
  open: z.boolean().describe('Waiting for the merchant’s answer or for the decision'),
  needs_response: z.boolean().describe('Evidence can (and should) be submitted now'),
  evidence_due_by: z.string().nullable().describe('ISO 8601, UTC: the deadline for evidence'),
  evidence: z.record(z.string(), z.string()).nullable().describe('What staff answered'),
  evidence_submitted_at: z.string().nullable(),
  accepted_at: z.string().nullable(),
  closed_at: z.string().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
});
export type DisputeView = z.infer<typeof DisputeView>;

function disputeView(r: PaymentDisputeRow, orderId: string | null): DisputeView {
  return {
    id: r.id,
    intent_id: r.intentId,
    order_id: orderId,
    provider: r.provider,
    provider_reference: r.providerReference,
    amount: r.amount,
    currency: r.currency,
    reason: r.reason,
    status: r.status,
    open: OPEN.includes(r.status),
    needs_response: ANSWERABLE.includes(r.status),
    evidence_due_by: iso(r.evidenceDueBy),
    evidence: (r.evidence as Record<string, string> | null) ?? null,
    evidence_submitted_at: iso(r.evidenceSubmittedAt),
    accepted_at: iso(r.acceptedAt),
    closed_at: iso(r.closedAt),
    created_at: iso(r.createdAt)!,
    updated_at: iso(r.updatedAt)!,
  };
}

async function announce(
  tx: Tx,
  type: 'payment_dispute.opened' | 'payment_dispute.updated' | 'payment_dispute.closed',
  row: PaymentDisputeRow,
  orderId: string | null,
): Promise<void> {
  await emitEvent(tx, {
    storeId: row.storeId,
    type,
    aggregateType: 'payment_dispute',
    aggregateId: row.id,
    payload: disputeView(row, orderId),
  });
}

/**
 * Record what the provider says of a dispute of the locked `intent`, in `tx`: a new one is opened,
 * a change updates it (closed when won, lost or an inquiry closed). A report that changes nothing
 * (a redelivery, an older view) returns null. The dispute must be of this payment's money: more
 * than was captured, or another currency, is 422 AMOUNT_MISMATCH.
 */
export async function recordDisputeInTx(
  tx: Tx,
  intent: PaymentIntentRow,
  facts: DisputeFacts,
): Promise<PaymentDisputeRow | null> {
  if (facts.currency !== intent.currency || facts.amount > intent.capturedAmount || facts.amount <= 0) {
    throw new AppError(
      'AMOUNT_MISMATCH',
      `The dispute (${facts.amount} ${facts.currency}) does not match payment ${intent.id}: ${intent.capturedAmount} ${intent.currency} captured.`,
    );
  }
  const [known] = await tx
    .select()
    .from(paymentDisputes)
    .where(
      and(
        eq(paymentDisputes.storeId, intent.storeId),
        eq(paymentDisputes.provider, intent.provider),
        eq(paymentDisputes.providerReference, facts.reference),
      ),
    )
    .for('update');
  const closed = CLOSED.includes(facts.status);
  if (!known) {
    const [row] = await tx
      .insert(paymentDisputes)
      .values({
        id: newId('dsp'),
        storeId: intent.storeId,
        intentId: intent.id,
        provider: intent.provider,
        providerReference: facts.reference,
        amount: facts.amount,
        currency: facts.currency,
        reason: facts.reason,
        status: facts.status,
        evidenceDueBy: facts.evidenceDueBy,
        closedAt: closed ? new Date() : null,
      })
      .returning();
    await announce(tx, closed ? 'payment_dispute.closed' : 'payment_dispute.opened', row!, intent.orderId);
    return row!;
  }
  // A closed dispute stays closed: a late report of an earlier state changes nothing.
  if (CLOSED.includes(known.status)) return null;
  if (
    known.status === facts.status &&
    known.amount === facts.amount &&
    known.reason === facts.reason &&
    (known.evidenceDueBy?.getTime() ?? null) === (facts.evidenceDueBy?.getTime() ?? null)
  ) {
    return null;
  }
  const [row] = await tx
    .update(paymentDisputes)
    .set({
      status: facts.status,
      amount: facts.amount,
      reason: facts.reason,
      evidenceDueBy: facts.evidenceDueBy,
      closedAt: closed ? new Date() : null,
      updatedAt: new Date(),
    })
    .where(eq(paymentDisputes.id, known.id))
    .returning();
  await announce(tx, closed ? 'payment_dispute.closed' : 'payment_dispute.updated', row!, intent.orderId);
  return row!;
}

export const DisputeListQuery = PageQuery.extend({
  status: z
    .enum(['open', 'closed', ...DISPUTE_STATUSES])
    .optional()
    .describe('`open`: waiting for an answer or a decision; `closed`: won, lost or an inquiry closed'),
  intent_id: z.string().min(1).max(64).optional(),
});

const withOrder = { dispute: paymentDisputes, orderId: paymentIntents.orderId };

/** Disputes of the store, newest first. */
export async function listDisputes(
  platform: Platform,
  o: { storeId: string; query: z.input<typeof DisputeListQuery> },
): Promise<Page<DisputeView>> {
  const q = parseInput(DisputeListQuery, o.query, 'querystring');
  const cursor = decodeCursor<{ id: string }>(q.cursor);
  const where: SQL[] = [eq(paymentDisputes.storeId, o.storeId)];
  if (q.status === 'open') where.push(inArray(paymentDisputes.status, [...OPEN]));
  else if (q.status === 'closed') where.push(inArray(paymentDisputes.status, [...CLOSED]));
  else if (q.status) where.push(eq(paymentDisputes.status, q.status));
  if (q.intent_id) where.push(eq(paymentDisputes.intentId, q.intent_id));
  if (cursor) where.push(lt(paymentDisputes.id, String(cursor.id)));
  const rows = await withStore(platform.db, o.storeId, (tx) =>
    tx
      .select(withOrder)
      .from(paymentDisputes)
      .innerJoin(paymentIntents, eq(paymentIntents.id, paymentDisputes.intentId))
      .where(and(...where))
      .orderBy(desc(paymentDisputes.id))
      .limit(q.limit + 1),
  );
  const page = toPage(rows, q.limit, (r) => ({ id: r.dispute.id }));
  return { data: page.data.map((r) => disputeView(r.dispute, r.orderId)), next_cursor: page.next_cursor };
}

/** The disputes of one payment, oldest first (most payments have none). */
export async function disputesOfIntent(
  tx: DbOrTx,
  storeId: string,
  intentId: string,
): Promise<DisputeView[]> {
  const rows = await tx
    .select(withOrder)
    .from(paymentDisputes)
    .innerJoin(paymentIntents, eq(paymentIntents.id, paymentDisputes.intentId))
    .where(and(eq(paymentDisputes.storeId, storeId), eq(paymentDisputes.intentId, intentId)))
    .orderBy(paymentDisputes.id);
  return rows.map((r) => disputeView(r.dispute, r.orderId));
}

async function readDispute(tx: DbOrTx, storeId: string, disputeId: string, lock = false) {
  const q = tx
    .select(withOrder)
    .from(paymentDisputes)
    .innerJoin(paymentIntents, eq(paymentIntents.id, paymentDisputes.intentId))
    .where(and(eq(paymentDisputes.storeId, storeId), eq(paymentDisputes.id, disputeId)));
  const [row] = lock ? await q.for('update', { of: paymentDisputes }) : await q;
  if (!row) throw new AppError('NOT_FOUND', `No dispute ${disputeId} in this store.`);
  return row;
}

export async function getDispute(
  platform: Platform,
  o: { storeId: string; disputeId: string },
): Promise<DisputeView> {
  const r = await withStore(platform.db, o.storeId, (tx) => readDispute(tx, o.storeId, o.disputeId));
  return disputeView(r.dispute, r.orderId);
}

const Text = (max: number) => z.string().trim().min(1).max(max);

export const DisputeEvidenceInput = z
  .strictObject({
    product_description: Text(5000).optional().describe('What was sold, as the order shows it'),
    customer_name: Text(200).optional(),
    customer_email_address: z.email().max(320).optional(),
    shipping_carrier: Text(100).optional(),
    shipping_tracking_number: Text(100).optional(),
    shipping_date: Text(50).optional().describe('When it shipped, e.g. 2026-11-28'),
    uncategorized_text: Text(10_000)
      .optional()
      .describe('Anything else: the customer’s messages, the policy'),
  })
  .refine((e) => Object.keys(e).length > 0, { message: 'give at least one piece of evidence' });
export type DisputeEvidenceInput = z.input<typeof DisputeEvidenceInput>;

function mustAnswer(row: PaymentDisputeRow): void {
  if (!ANSWERABLE.includes(row.status)) {
    throw new AppError(
      'INVALID_STATE_TRANSITION',
      `Dispute ${row.id} is ${row.status.replaceAll('_', ' ')}: it no longer takes an answer.`,
    );
  }
  if (row.evidenceDueBy && row.evidenceDueBy.getTime() < Date.now()) {
    throw new AppError(
      'INVALID_STATE_TRANSITION',
      `The deadline for dispute ${row.id} passed on ${row.evidenceDueBy.toISOString()}.`,
    );
  }
}

/** Ask the provider (outside any transaction), then record its answer on the locked dispute. */
async function answer(
  platform: Platform,
  o: { storeId: string; disputeId: string; actor?: Actor },
  how: {
    ask: (
      provider: Awaited<ReturnType<typeof providerFor>>,
      row: PaymentDisputeRow,
    ) => Promise<DisputeStatus> | undefined;
    patch: Partial<PaymentDisputeRow>;
    action: string;
  },
): Promise<DisputeView> {
  const { storeId } = o;
  const { dispute } = await withStore(platform.db, storeId, (tx) => readDispute(tx, storeId, o.disputeId));
  mustAnswer(dispute);
  const provider = await providerFor(platform, storeId, dispute.provider as 'stripe' | 'test');
  let status: DisputeStatus;
  try {
    const asked = how.ask(provider, dispute);
    if (!asked)
      throw new AppError('UNPROCESSABLE', `The ${dispute.provider} provider takes no answers to disputes.`);
    status = await asked;
  } catch (err) {
    if (isProviderFailure(err)) throw providerFailure(err);
    throw err;
  }
  return withStore(platform.db, storeId, async (tx) => {
    const now = await readDispute(tx, storeId, o.disputeId, true);
    // Answered meanwhile (a concurrent request, the provider's webhook): what it says stands.
    if (!ANSWERABLE.includes(now.dispute.status) && now.dispute.evidenceSubmittedAt) {
      return disputeView(now.dispute, now.orderId);
    }
    const closed = CLOSED.includes(status);
    const [row] = await tx
      .update(paymentDisputes)
      .set({ ...how.patch, status, closedAt: closed ? new Date() : null, updatedAt: new Date() })
      .where(eq(paymentDisputes.id, dispute.id))
      .returning();
    await announce(tx, closed ? 'payment_dispute.closed' : 'payment_dispute.updated', row!, now.orderId);
    await audit(tx, o.actor, {
      storeId,
      action: how.action,
      entityType: 'payment_dispute',
      entityId: row!.id,
      before: { status: dispute.status },
      after: { status, evidence: row!.evidence },
    });
    return disputeView(row!, now.orderId);
  });
}

/**
 * Answer a dispute with evidence, submitted to the card network through the provider (once: a
 * dispute under review takes no second answer). Refused (409) once closed, under review or past
 * its deadline.
 */
export async function respondToDispute(
  platform: Platform,
  o: { storeId: string; disputeId: string; input: DisputeEvidenceInput; actor?: Actor },
): Promise<DisputeView> {
  const evidence = parseInput(DisputeEvidenceInput, o.input);
  const digest = createHash('sha256').update(JSON.stringify(evidence)).digest('hex').slice(0, 16);
  return answer(platform, o, {
    ask: (provider, row) =>
      provider.respondToDispute?.({
        storeId: o.storeId,
        reference: row.providerReference,
        evidence,
        // The same evidence asked again (a lost answer) is the same request; other evidence is a new one.
        idempotencyKey: `carton:${row.id}:evidence:${digest}`,
      }),
    patch: { evidence, evidenceSubmittedAt: new Date() },
    action: 'payment.dispute_answered',
  });
}

/** Accept a dispute: the merchant does not contest it, and it is lost. */
export async function acceptDispute(
  platform: Platform,
  o: { storeId: string; disputeId: string; actor?: Actor },
): Promise<DisputeView> {
  return answer(platform, o, {
    ask: (provider, row) =>
      provider.acceptDispute?.({
        storeId: o.storeId,
        reference: row.providerReference,
        idempotencyKey: `carton:${row.id}:accept`,
      }),
    patch: { acceptedAt: new Date() },
    action: 'payment.dispute_accepted',
  });
}

/**
 * Disputes (all stores) still waiting for the merchant's answer whose deadline is within
 * `withinHours` and who have not been reminded: what the reminder sweep looks at.
 */
export async function disputesNeedingReminder(
  platform: Platform,
  o: { withinHours: number; limit?: number },
): Promise<{ storeId: string; disputeId: string }[]> {
  return platform.db
    .select({ storeId: paymentDisputes.storeId, disputeId: paymentDisputes.id })
    .from(paymentDisputes)
    .where(
      and(
        inArray(paymentDisputes.status, [...ANSWERABLE]),
        isNull(paymentDisputes.remindedAt),
        gt(paymentDisputes.evidenceDueBy, sql`now()`),
        lte(paymentDisputes.evidenceDueBy, sql`now() + make_interval(hours => ${o.withinHours})`),
      ),
    )
    .orderBy(paymentDisputes.evidenceDueBy)
    .limit(o.limit ?? 100);
}

/** Mark the dispute reminded in `tx`, once: its view when this call did it (still unanswered), else null. */
export async function claimDisputeReminder(
  tx: Tx,
  storeId: string,
  disputeId: string,
): Promise<DisputeView | null> {
  const [row] = await tx
    .update(paymentDisputes)
    .set({ remindedAt: sql`now()` })
    .where(
      and(
        eq(paymentDisputes.storeId, storeId),
        eq(paymentDisputes.id, disputeId),
        isNull(paymentDisputes.remindedAt),
        inArray(paymentDisputes.status, [...ANSWERABLE]),
      ),
    )
    .returning();
  if (!row) return null;
  const [intent] = await tx
    .select({ orderId: paymentIntents.orderId })
    .from(paymentIntents)
    .where(eq(paymentIntents.id, row.intentId));
  return disputeView(row, intent?.orderId ?? null);
}

export const TestDisputeInput = z.strictObject({
  reason: z
    .enum([
      'fraudulent',
      'product_not_received',
      'product_unacceptable',
      'duplicate',
      'subscription_canceled',
      'general',
    ])
    .default('fraudulent'),
  amount: z.number().int().positive().optional().describe('Default: everything captured and not refunded'),
});

/**
 * The test processor's stand-in for a cardholder disputing a captured payment (as Stripe's test
 * card 4000 0000 0000 0259 does): a dispute that needs a response within 7 days. Answered with
 * `uncategorized_text` "winning_evidence" it is won, "losing_evidence" lost (Stripe's test
 * convention), else it stays under review. Test processor payments only.
 */
export async function openTestDispute(
  platform: Platform,
  o: { storeId: string; intentId: string; input: z.input<typeof TestDisputeInput>; actor?: Actor },
): Promise<DisputeView> {
  const input = parseInput(TestDisputeInput, o.input);
  return withStore(platform.db, o.storeId, async (tx) => {
    const intent = await lockIntent(tx, o.storeId, o.intentId);
    if (intent.provider !== 'test') {
      throw new AppError('UNPROCESSABLE', 'Only test processor payments can be disputed on request.');
    }
    const left = intent.capturedAmount - intent.refundedAmount;
    if (intent.status !== 'captured' || left <= 0) {
      throw new AppError('INVALID_STATE_TRANSITION', `Payment ${intent.id} has nothing captured to dispute.`);
    }
    const row = await recordDisputeInTx(tx, intent, {
      reference: `tdp_${randomBytes(12).toString('hex')}`,
      amount: Math.min(input.amount ?? left, left),
      currency: intent.currency,
      reason: input.reason,
      status: 'needs_response',
      evidenceDueBy: new Date(Date.now() + 7 * 86_400_000),
    });
    await audit(tx, o.actor, {
      storeId: o.storeId,
      action: 'payment.test_dispute_opened',
      entityType: 'payment_intent',
      entityId: intent.id,
      after: { dispute_id: row!.id },
    });
    return disputeView(row!, intent.orderId);
  });
}
