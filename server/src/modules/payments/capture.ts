import { z } from 'zod';
import type { Platform } from '../../platform/context.ts';
import { withStore } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { parseInput } from '../../platform/validation.ts';
import { retryProcessingPayment } from './authorize.ts';
import {
  audit,
  isProviderFailure,
  lockIntent,
  moveIntent,
  outcomeOf,
  PositiveAmount,
  providerFailure,
  readIntent,
  recordOperation,
  recordProviderAnswer,
  withLockedIntent,
  type Actor,
} from './intents.ts';
import { nextPaymentStatus } from './payment-states.ts';
import { providerFor } from './providers/index.ts';
import {
  operationKey,
  ProviderUnavailableError,
  type PaymentResult,
  type ProviderRequestError,
} from './providers/provider.ts';
import type { PaymentIntentRow } from './schema.ts';
import { paymentIntentView, type PaymentIntentView } from './views.ts';

const Target = z.object({ storeId: z.string().min(1).max(64), intentId: z.string().min(1).max(64) });
const CaptureInput = Target.extend({ amount: PositiveAmount.optional() });

/**
 * Capture an authorized payment: all of it, or `amount` of it (the rest of the hold is released;
 * a payment is captured once). Capturing a captured payment again with the same amount (or none)
 * returns it unchanged; the provider call carries the key `<intent>:capture`, so a retry after a
 * lost answer captures once. A provider that does not answer is 503 PAYMENT_PROVIDER_UNAVAILABLE
 * and leaves the payment authorized — retry.
 */
export async function capturePayment(
  platform: Platform,
  o: { storeId: string; intentId: string; amount?: number; actor?: Actor },
): Promise<PaymentIntentView> {
  const input = parseInput(CaptureInput, { storeId: o.storeId, intentId: o.intentId, amount: o.amount });
  const row = await readIntent(platform, input.storeId, input.intentId);
  return captureRead(platform, row, input.amount, o.actor);
}

/** `capturePayment` of an intent the caller has just read. */
async function captureRead(
  platform: Platform,
  row: PaymentIntentRow,
  requested: number | undefined,
  actor: Actor,
): Promise<PaymentIntentView> {
  const input = { amount: requested };
  if (row.status === 'captured') {
    if (input.amount === undefined || input.amount === row.capturedAmount) return paymentIntentView(row);
    throw new AppError(
      'INVALID_STATE_TRANSITION',
      `Payment ${row.id} is already captured (${row.capturedAmount}); it cannot be captured again.`,
    );
  }
  nextPaymentStatus(row.status, 'captured', row.id);
  const amount = input.amount ?? row.amount;
  if (amount > row.amount) {
    throw new AppError('UNPROCESSABLE', 'A capture cannot exceed the authorized amount.', {
      errors: [{ path: 'body.amount', message: `at most the authorized ${row.amount}` }],
    });
  }
  const provider = await providerFor(platform, row.storeId, row.provider);
  const idempotencyKey = operationKey(row.id, 'capture');
  const after = await callAndApply(platform, row, actor, 'capture', idempotencyKey, amount, () =>
    provider.capture({
      storeId: row.storeId,
      intentId: row.id,
      idempotencyKey,
      providerReference: row.providerReference!,
      currency: row.currency,
      amount,
    }),
  );
  if (after.status !== 'captured') {
    throw new AppError(
      'INVALID_STATE_TRANSITION',
      `The payment provider reports payment ${row.id} ${after.status}; it was not captured.`,
    );
  }
  return paymentIntentView(after);
}

/**
 * Capture when the payment's capture mode says this is the moment: `placement` captures
 * `on_placement` payments, `fulfilment` captures `on_fulfilment` ones; otherwise the payment is
 * returned untouched. Checkout calls it after placing the order, orders on fulfilment.
 */
export async function captureIfDue(
  platform: Platform,
  o: {
    storeId: string;
    intentId: string;
    moment: 'placement' | 'fulfilment';
    /** Less than authorized (an order some of whose units were cancelled); default all of it. */
    amount?: number;
  },
): Promise<PaymentIntentView> {
  const row = await readIntent(platform, o.storeId, o.intentId);
  if (row.captureMode !== `on_${o.moment}` || row.status === 'captured') return paymentIntentView(row);
  return captureRead(
    platform,
    row,
    o.amount !== undefined ? Math.min(o.amount, row.amount) : undefined,
    undefined,
  );
}

/**
 * Void a payment that is not captured: the provider releases the hold (authorized, or a
 * challenge still open) and the intent becomes `canceled`. A payment still `processing` is first
 * resolved with the provider (so a lost authorization is found and released, never left held).
 * Voiding a voided payment returns it; a captured one is 409 — refund it instead.
 */
export async function voidPayment(
  platform: Platform,
  o: { storeId: string; intentId: string; actor?: Actor },
): Promise<PaymentIntentView> {
  const input = parseInput(Target, { storeId: o.storeId, intentId: o.intentId });
  let row = await readIntent(platform, input.storeId, input.intentId);
  if (row.status === 'processing') {
    row = await retryProcessingPayment(platform, row);
    if (row.status === 'processing') {
      throw new AppError(
        'PAYMENT_PROVIDER_UNAVAILABLE',
        'The authorization of this payment is still being checked with the provider; try again shortly.',
        { headers: { 'retry-after': '5' } },
      );
    }
  }
  if (row.status === 'canceled') return paymentIntentView(row);
  nextPaymentStatus(row.status, 'canceled', row.id);

  if (row.status === 'requires_payment_method' || row.status === 'failed' || !row.providerReference) {
    // Nothing is held at the provider.
    const voided = await withStore(platform.db, row.storeId, async (tx) => {
      const now = await lockIntent(tx, row.storeId, row.id);
      if (now.status === 'canceled') return now;
      if (now.status !== row.status) {
        throw new AppError('CONFLICT', `Payment ${row.id} changed while it was being voided; try again.`);
      }
      const after = await moveIntent(tx, now, 'canceled', { nextAction: null });
      await audit(tx, o.actor, auditEntry(now, after, 'payment.voided'));
      return after;
    });
    return paymentIntentView(voided);
  }

  const provider = await providerFor(platform, row.storeId, row.provider);
  const idempotencyKey = operationKey(row.id, 'void');
  const after = await callAndApply(platform, row, o.actor, 'void', idempotencyKey, null, () =>
    provider.void({
      storeId: row.storeId,
      intentId: row.id,
      idempotencyKey,
      providerReference: row.providerReference!,
      currency: row.currency,
    }),
  );
  if (after.status !== 'canceled') {
    throw new AppError(
      'INVALID_STATE_TRANSITION',
      `The payment provider reports payment ${row.id} ${after.status}; it was not voided.`,
    );
  }
  return paymentIntentView(after);
}

function auditEntry(before: PaymentIntentRow, after: PaymentIntentRow, action: string) {
  return {
    storeId: before.storeId,
    action,
    entityType: 'payment_intent',
    entityId: before.id,
    before: paymentIntentView(before),
    after: paymentIntentView(after),
  };
}

/**
 * Call the provider outside any transaction, then log the call and apply its answer to the
 * locked intent in one. A failure is logged, then thrown as the caller's error.
 */
async function callAndApply(
  platform: Platform,
  row: PaymentIntentRow,
  actor: Actor,
  operation: 'capture' | 'void',
  idempotencyKey: string,
  amount: number | null,
  call: () => Promise<PaymentResult>,
): Promise<PaymentIntentRow> {
  const started = Date.now();
  let result: PaymentResult | null = null;
  let failure: ProviderUnavailableError | ProviderRequestError | null = null;
  try {
    result = await call();
  } catch (err) {
    if (!isProviderFailure(err)) throw err;
    failure = err;
  }
  const durationMs = Date.now() - started;
  // The lock travels with BEGIN; the log line, the update and the event go with COMMIT.
  const after = await withLockedIntent(platform, row.storeId, row.id, async (tx, io, now, clock) => {
    const log = { operation, idempotencyKey, amount, durationMs };
    if (failure) {
      const outcome = failure instanceof ProviderUnavailableError ? 'timeout' : 'error';
      await recordOperation(tx, {
        ...log,
        row: now,
        outcome,
        error: { code: failure.code, message: failure.message },
      });
      return null;
    }
    const changed = await recordProviderAnswer(
      tx,
      io,
      { row: now, clock },
      {
        ...log,
        outcome: outcomeOf(result!),
        providerReference: result!.providerReference,
        error: result!.error ?? null,
      },
      result!,
    );
    if (changed.status !== now.status) {
      await audit(
        tx,
        actor,
        auditEntry(now, changed, operation === 'capture' ? 'payment.captured' : 'payment.voided'),
      );
    }
    return changed;
  });
  if (failure) throw providerFailure(failure);
  return after!;
}
