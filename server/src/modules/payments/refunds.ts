import { and, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Platform } from '../../platform/context.ts';
import { withStore, type Tx } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { parseInput } from '../../platform/validation.ts';
import {
  audit,
  emitPaymentEvent,
  isProviderFailure,
  lockIntent,
  patchIntent,
  PositiveAmount,
  providerFailure,
  recordOperation,
  type Actor,
} from './intents.ts';
import { providerFor } from './providers/index.ts';
import {
  operationKey,
  ProviderUnavailableError,
  type ProviderError,
  type ProviderRequestError,
  type RefundResult,
} from './providers/provider.ts';
import { paymentRefunds, type PaymentIntentRow, type PaymentRefundRow } from './schema.ts';
import { refundView, type RefundView } from './views.ts';

const RefundInput = z.object({
  storeId: z.string().min(1).max(64),
  intentId: z.string().min(1).max(64),
  amount: PositiveAmount.optional().describe('Default: everything still refundable'),
  reason: z.string().trim().min(1).max(500).optional(),
  idempotencyKey: z.string().min(1).max(255),
});

/**
 * Refund part or all of a captured payment. Idempotent by `idempotencyKey`: the same key returns
 * the refund it made (or resumes it, if the provider's answer was lost); the same key for another
 * amount or payment is 409 CONFLICT.
 *
 * Never more than was captured, however many refunds race: the refund's amount is held on the
 * locked intent (`refund_pending_amount`) before the provider is asked, and the database checks
 * `refunded + pending <= captured`. Too much is 422 REFUND_EXCEEDS_CAPTURED and changes nothing.
 * The provider call carries the key `<intent>:refund:<refund id>`, so it refunds once.
 */
export async function refundPayment(
  platform: Platform,
  o: {
    storeId: string;
    intentId: string;
    amount?: number;
    reason?: string;
    idempotencyKey: string;
    actor?: Actor;
  },
): Promise<RefundView> {
  const input = parseInput(RefundInput, {
    storeId: o.storeId,
    intentId: o.intentId,
    amount: o.amount,
    reason: o.reason,
    idempotencyKey: o.idempotencyKey,
  });
  const { storeId } = input;
  const claim = await withStore(platform.db, storeId, async (tx) => {
    const intent = await lockIntent(tx, storeId, input.intentId);
    const [existing] = await tx
      .select()
      .from(paymentRefunds)
      .where(
        and(eq(paymentRefunds.storeId, storeId), eq(paymentRefunds.idempotencyKey, input.idempotencyKey)),
      );
    if (existing) {
      if (
        existing.intentId !== intent.id ||
        (input.amount !== undefined && input.amount !== existing.amount)
      ) {
        throw new AppError('CONFLICT', 'This idempotency key already made a different refund.');
      }
      return { intent, refund: existing };
    }
    if (intent.status !== 'captured') {
      throw new AppError(
        'INVALID_STATE_TRANSITION',
        `Payment ${intent.id} is ${intent.status.replaceAll('_', ' ')}; only a captured payment can be refunded` +
          (intent.status === 'authorized' ? ' (void it instead).' : '.'),
      );
    }
    const refundable = intent.capturedAmount - intent.refundedAmount - intent.refundPendingAmount;
    const amount = input.amount ?? refundable;
    if (refundable <= 0 || amount > refundable) {
      throw new AppError(
        'REFUND_EXCEEDS_CAPTURED',
        refundable <= 0
          ? `Payment ${intent.id} has nothing left to refund.`
          : `A refund of ${amount} exceeds the ${refundable} still refundable.`,
        { errors: [{ path: 'body.amount', message: `at most ${Math.max(refundable, 0)}` }] },
      );
    }
    const [refund] = await tx
      .insert(paymentRefunds)
      .values({
        id: newId('re'),
        storeId,
        intentId: intent.id,
        idempotencyKey: input.idempotencyKey,
        amount,
        currency: intent.currency,
        reason: input.reason ?? null,
      })
      .returning();
    const held = await patchIntent(tx, intent, { refundPendingAmount: intent.refundPendingAmount + amount });
    return { intent: held, refund: refund! };
  });
  if (claim.refund.status !== 'pending') return refundView(claim.refund);
  return refundView(await settleRefund(platform, claim.intent, claim.refund, o.actor));
}

/**
 * Ask the provider for a pending refund and record its answer. A lost answer leaves the refund
 * pending (its amount still held) for a retry — by the caller with the same idempotency key, or
 * by the recovery sweep.
 */
export async function settleRefund(
  platform: Platform,
  intent: PaymentIntentRow,
  refund: PaymentRefundRow,
  actor?: Actor,
): Promise<PaymentRefundRow> {
  const provider = await providerFor(platform, intent.storeId, intent.provider);
  const idempotencyKey = operationKey(intent.id, 'refund', refund.id);
  const started = Date.now();
  let result: RefundResult | null = null;
  let failure: ProviderUnavailableError | ProviderRequestError | null = null;
  try {
    result = await provider.refund({
      storeId: intent.storeId,
      intentId: intent.id,
      idempotencyKey,
      providerReference: intent.providerReference!,
      currency: intent.currency,
      refundId: refund.id,
      amount: refund.amount,
      reason: refund.reason,
    });
  } catch (err) {
    if (!isProviderFailure(err)) throw err;
    failure = err;
  }
  const durationMs = Date.now() - started;

  const settled = await withStore(platform.db, intent.storeId, async (tx) => {
    const now = await lockIntent(tx, intent.storeId, intent.id);
    const [current] = await tx
      .select()
      .from(paymentRefunds)
      .where(eq(paymentRefunds.id, refund.id))
      .for('update');
    const log = {
      row: now,
      operation: 'refund' as const,
      idempotencyKey,
      amount: refund.amount,
      refundId: refund.id,
      durationMs,
    };
    if (failure instanceof ProviderUnavailableError) {
      await recordOperation(tx, {
        ...log,
        outcome: 'timeout',
        error: { code: failure.code, message: failure.message },
      });
      return current!;
    }
    if (current!.status !== 'pending') return current!; // a concurrent retry recorded it first
    if (failure) {
      const error = { code: failure.code, message: failure.message };
      await recordOperation(tx, { ...log, outcome: 'error', error });
      return finishRefund(tx, now, current!, { status: 'failed', providerReference: null, error }, actor);
    }
    await recordOperation(tx, {
      ...log,
      outcome: result!.status === 'succeeded' ? 'succeeded' : 'failed',
      providerReference: result!.providerReference,
      error: result!.error ?? null,
    });
    return finishRefund(tx, now, current!, result!, actor);
  });
  if (failure) throw providerFailure(failure);
  return settled;
}

/** Release the held amount; count it as refunded when the provider refunded it. */
async function finishRefund(
  tx: Tx,
  intent: PaymentIntentRow,
  refund: PaymentRefundRow,
  result: { status: 'succeeded' | 'failed'; providerReference: string | null; error?: ProviderError | null },
  actor: Actor,
): Promise<PaymentRefundRow> {
  const succeeded = result.status === 'succeeded';
  const [done] = await tx
    .update(paymentRefunds)
    .set({
      status: result.status,
      providerReference: result.providerReference,
      errorCode: result.error?.code ?? null,
      errorMessage: result.error?.message ?? null,
      updatedAt: sql`now()`,
    })
    .where(eq(paymentRefunds.id, refund.id))
    .returning();
  const updated = await patchIntent(tx, intent, {
    refundPendingAmount: intent.refundPendingAmount - refund.amount,
    refundedAmount: intent.refundedAmount + (succeeded ? refund.amount : 0),
  });
  await emitPaymentEvent(tx, succeeded ? 'payment.refunded' : 'payment.refund_failed', updated, {
    refund: refundView(done!),
  });
  await audit(tx, actor, {
    storeId: intent.storeId,
    action: succeeded ? 'payment.refunded' : 'payment.refund_failed',
    entityType: 'payment_refund',
    entityId: refund.id,
    before: null,
    after: refundView(done!),
  });
  return done!;
}

/**
 * A refund made at the provider itself (its dashboard), learnt from a webhook: recorded as a
 * succeeded refund with source `provider`, counted, announced. Runs in the webhook's transaction.
 */
export async function recordProviderRefund(
  tx: Tx,
  intent: PaymentIntentRow,
  amount: number,
  eventId: string,
): Promise<PaymentIntentRow> {
  const [refund] = await tx
    .insert(paymentRefunds)
    .values({
      id: newId('re'),
      storeId: intent.storeId,
      intentId: intent.id,
      idempotencyKey: `provider:${eventId}`,
      amount,
      currency: intent.currency,
      reason: 'Refunded at the payment provider',
      status: 'succeeded',
      source: 'provider',
    })
    .returning();
  const updated = await patchIntent(tx, intent, { refundedAmount: intent.refundedAmount + amount });
  await emitPaymentEvent(tx, 'payment.refunded', updated, { refund: refundView(refund!) });
  return updated;
}

/** Resume a pending refund (the recovery sweep). */
export async function resumeRefund(
  platform: Platform,
  o: { storeId: string; refundId: string },
): Promise<RefundView> {
  const { intent, refund } = await withStore(platform.db, o.storeId, async (tx) => {
    const [refund] = await tx
      .select()
      .from(paymentRefunds)
      .where(and(eq(paymentRefunds.storeId, o.storeId), eq(paymentRefunds.id, o.refundId)));
    if (!refund) throw new AppError('NOT_FOUND', `No refund ${o.refundId} in this store.`);
    const intent = await lockIntent(tx, o.storeId, refund.intentId);
    return { intent, refund };
  });
  if (refund.status !== 'pending') return refundView(refund);
  return refundView(await settleRefund(platform, intent, refund));
}
