import { and, desc, eq, lt, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { Platform } from '../../platform/context.ts';
import {
  readInStore,
  rowFrom,
  hotStatement,
  sqlText,
  keyedStoreScope,
  transactionOpenedWith,
  withStore,
  type Batch,
  type DbOrTx,
  type OpenedTransaction,
  type Tx,
} from '../../platform/db/database.ts';
import { sentAheadRows, writeAhead, type ReadAhead } from '../../platform/db/read-ahead.ts';
import { AppError } from '../../platform/errors.ts';
import { emitEvent, emitEventText } from '../../platform/events/outbox.ts';
import { decodeCursor, PageQuery, toPage, type Page } from '../../platform/http/pagination.ts';
import { newId } from '../../platform/ids.ts';
import { parseInput } from '../../platform/validation.ts';
import { CurrencyCode } from '../tenancy/service.ts';
import { nextPaymentStatus, PAYMENT_STATUSES, type PaymentStatus } from './payment-states.ts';
import {
  ProviderRequestError,
  ProviderUnavailableError,
  type PaymentResult,
  type ProviderError,
} from './providers/provider.ts';
import {
  paymentIntents,
  paymentOperations,
  paymentRefunds,
  type OperationKind,
  type OperationOutcome,
  type PaymentIntentRow,
  type PaymentRefundRow,
} from './schema.ts';
import { assertProviderEnabled, paymentSettings } from './settings.ts';
import {
  paymentIntentView,
  paymentOperationView,
  refundView,
  type PaymentIntentView,
  type PaymentOperationView,
  type RefundView,
} from './views.ts';

// Who acts, and the audit entry recorded only when someone does (shared with every module).
import { auditAs as audit, type Actor } from '../audit/service.ts';
export { audit, type Actor };

const Id = z.string().trim().min(1).max(64);

/** Whole minor units, more than zero. */
export const PositiveAmount = z
  .number({ error: 'must be a number of minor units' })
  .int('must be a whole number of minor units (e.g. 1999 for 19.99)')
  .min(1, 'must be at least 1')
  .max(Number.MAX_SAFE_INTEGER);

export const CreatePaymentInput = z.object({
  storeId: Id,
  amount: PositiveAmount,
  currency: CurrencyCode,
  cartId: Id.optional(),
  idempotencyKey: z.string().min(1).max(255),
});

export const PaymentIntentListQuery = PageQuery.extend({
  status: z.enum(PAYMENT_STATUSES).optional(),
  cart_id: Id.optional(),
  order_id: Id.optional(),
});

/** The status → event each transition announces (`processing` is internal: the call is in flight). */
const EVENT_OF: Partial<Record<PaymentStatus, string>> = {
  requires_action: 'payment.action_required',
  authorized: 'payment.authorized',
  failed: 'payment.failed',
  captured: 'payment.captured',
  canceled: 'payment.voided',
};

// --- reading and locking ---------------------------------------------------------------------------

export async function findIntent(tx: DbOrTx, storeId: string, intentId: string): Promise<PaymentIntentRow> {
  const [row] = await tx
    .select()
    .from(paymentIntents)
    .where(and(eq(paymentIntents.storeId, storeId), eq(paymentIntents.id, intentId)));
  if (!row) throw new AppError('NOT_FOUND', `No payment ${intentId} in this store.`);
  return row;
}

/** The intent, row-locked until the transaction ends: every change of a payment goes through this. */
export async function lockIntent(tx: Tx, storeId: string, intentId: string): Promise<PaymentIntentRow> {
  const [row] = await tx
    .select()
    .from(paymentIntents)
    .where(and(eq(paymentIntents.storeId, storeId), eq(paymentIntents.id, intentId)))
    .for('update');
  if (!row) throw new AppError('NOT_FOUND', `No payment ${intentId} in this store.`);
  return row;
}

/** The intent, read in one message on the read pool (`readInStore`); NOT_FOUND when absent. */
export async function readIntent(
  platform: Platform,
  storeId: string,
  intentId: string,
): Promise<PaymentIntentRow> {
  const [raw] = await readInStore<Record<string, unknown>>(
    platform.db,
    storeId,
    'SELECT * FROM payment_intents WHERE store_id = $1 AND id = $2',
    [storeId, intentId],
  );
  if (!raw) throw new AppError('NOT_FOUND', `No payment ${intentId} in this store.`);
  return rowFrom(paymentIntents, raw);
}

const lockIntentStatement = hotStatement(
  'payment_intent_lock',
  ['text', 'text'],
  // The transaction's clock too: what `updated_at = now()` will write (`recordProviderAnswer`).
  'SELECT *, now() AS locked_at FROM payment_intents WHERE store_id = $1 AND id = $2 FOR UPDATE',
);

const attachOrderStatement = hotStatement(
  'payment_intent_attach_order',
  ['text', 'text', 'text'],
  `UPDATE payment_intents SET order_id = $1, updated_at = now()
   WHERE store_id = $2 AND id = $3 AND order_id IS NULL RETURNING *`,
);

/**
 * Run `work` in a store-scoped transaction on the intent row-locked by the statement that opens
 * it (one message for BEGIN, the scope and the lock). NOT_FOUND when absent.
 */
export async function withLockedIntent<T>(
  platform: Platform,
  storeId: string,
  intentId: string,
  work: (tx: Tx, io: OpenedTransaction, row: PaymentIntentRow, clock: Date) => Promise<T>,
): Promise<T> {
  return transactionOpenedWith(
    platform.db,
    `${keyedStoreScope(storeId)}; ${lockIntentStatement(storeId, intentId)}`,
    async (tx, io) => {
      const raw = io.opened.at(-1)!.rows[0] as Record<string, unknown> | undefined;
      if (!raw) throw new AppError('NOT_FOUND', `No payment ${intentId} in this store.`);
      return work(tx, io, rowFrom(paymentIntents, raw), raw.locked_at as Date);
    },
  );
}

/**
 * Log a provider call's answer and apply it to the intent locked by `withLockedIntent` (as
 * `recordOperation` + `applyProviderResult`). Nothing needs an answer — the intent as updated is
 * the locked row with the change, stamped with the transaction's clock — so the log line, the
 * update and the event all go with COMMIT. `apply: false` (a newer attempt owns the intent) only logs.
 */
export async function recordProviderAnswer(
  tx: Tx,
  io: Batch,
  locked: { row: PaymentIntentRow; clock: Date },
  entry: Omit<Parameters<typeof recordOperation>[1], 'row'>,
  result: PaymentResult,
  apply = true,
): Promise<PaymentIntentRow> {
  const now = locked.row;
  const operation = sqlText(tx.insert(paymentOperations).values(operationValues({ ...entry, row: now })));
  const change = apply ? providerResultChange(now, result) : null;
  if (!change) {
    io.closeWith(operation);
    return now;
  }
  const set = change.to
    ? intentMove(now, change.to, change.patch)
    : { ...change.patch, updatedAt: sql`now()` };
  const updated: PaymentIntentRow = { ...now, ...set, updatedAt: locked.clock };
  const update = sqlText(tx.update(paymentIntents).set(set).where(eq(paymentIntents.id, now.id)));
  io.closeWith(`${operation}; ${update}`);
  const type = change.to ? EVENT_OF[change.to] : undefined;
  if (type) io.closeWith(emitEventText(tx, paymentEvent(type, updated)).text);
  return updated;
}

// --- changing ------------------------------------------------------------------------------------

type IntentPatch = Partial<Omit<PaymentIntentRow, 'id' | 'storeId' | 'status' | 'createdAt' | 'updatedAt'>>;

/** Write fields of a locked intent that do not change its status. */
export async function patchIntent(
  tx: Tx,
  row: PaymentIntentRow,
  patch: IntentPatch,
): Promise<PaymentIntentRow> {
  const [updated] = await tx
    .update(paymentIntents)
    .set({ ...patch, updatedAt: sql`now()` })
    .where(eq(paymentIntents.id, row.id))
    .returning();
  return updated!;
}

/**
 * Move a locked intent to `to` through the state machine (INVALID_STATE_TRANSITION when the table
 * forbids it), stamp the time, and emit the transition's event in the same transaction.
 */
export async function moveIntent(
  tx: Tx,
  row: PaymentIntentRow,
  to: PaymentStatus,
  patch: IntentPatch = {},
  extra: Record<string, unknown> = {},
): Promise<PaymentIntentRow> {
  const [updated] = await tx
    .update(paymentIntents)
    .set(intentMove(row, to, patch))
    .where(eq(paymentIntents.id, row.id))
    .returning();
  const type = EVENT_OF[to];
  if (type) await emitPaymentEvent(tx, type, updated!, extra);
  return updated!;
}

/** The columns `moveIntent` writes (INVALID_STATE_TRANSITION when the table forbids the move). */
export function intentMove(row: PaymentIntentRow, to: PaymentStatus, patch: IntentPatch = {}) {
  nextPaymentStatus(row.status, to, row.id);
  const stamp: IntentPatch =
    to === 'authorized'
      ? { authorizedAt: new Date() }
      : to === 'captured'
        ? { capturedAt: new Date() }
        : to === 'canceled'
          ? { canceledAt: new Date() }
          : to === 'failed'
            ? { failedAt: new Date() }
            : {};
  return { ...stamp, ...patch, status: to, updatedAt: sql`now()` };
}

export async function emitPaymentEvent(
  tx: DbOrTx,
  type: string,
  row: PaymentIntentRow,
  extra: Record<string, unknown> = {},
): Promise<void> {
  await emitEvent(tx, paymentEvent(type, row, extra));
}

/** A payment event: the intent as the API shows it. */
export function paymentEvent(type: string, row: PaymentIntentRow, extra: Record<string, unknown> = {}) {
  return {
    storeId: row.storeId,
    type,
    aggregateType: 'payment_intent',
    aggregateId: row.id,
    payload: { ...paymentIntentView(row), ...extra },
  };
}

/** What a provider's answer does to a locked intent; a stale answer (the intent moved on) changes nothing. */
export async function applyProviderResult(
  tx: Tx,
  row: PaymentIntentRow,
  result: PaymentResult,
): Promise<PaymentIntentRow> {
  const change = providerResultChange(row, result);
  if (!change) return row;
  return change.to ? moveIntent(tx, row, change.to, change.patch) : patchIntent(tx, row, change.patch);
}

/**
 * What a provider's answer changes on an intent: the status to move to (null: the same status,
 * fields refreshed) and the fields; null when it changes nothing (a stale answer).
 */
export function providerResultChange(
  row: PaymentIntentRow,
  result: PaymentResult,
): { to: PaymentStatus | null; patch: IntentPatch } | null {
  const reference = result.providerReference ?? row.providerReference;
  const error = result.error ?? null;
  const patch: IntentPatch = {
    providerReference: reference,
    nextAction: result.status === 'requires_action' ? (result.nextAction ?? row.nextAction) : null,
    lastErrorCode: error?.code ?? null,
    lastErrorMessage: error?.message ?? null,
  };
  if (result.status === 'captured') patch.capturedAmount = result.capturedAmount ?? row.amount;
  if (result.card) {
    patch.cardBrand = result.card.brand;
    patch.cardLast4 = result.card.last4;
  }
  if (result.status === row.status || result.status === 'processing') {
    // Same state (a replayed answer, a challenge still pending): refresh what the provider said.
    if (result.status === 'processing' && row.status !== 'processing') return null;
    return { to: null, patch };
  }
  try {
    nextPaymentStatus(row.status, result.status, row.id);
  } catch {
    return null;
  }
  return { to: result.status, patch };
}

/** One line of the append-only log of provider calls. */
export async function recordOperation(
  tx: Tx,
  entry: {
    row: PaymentIntentRow;
    operation: OperationKind;
    idempotencyKey?: string | null;
    amount?: number | null;
    outcome: OperationOutcome;
    providerReference?: string | null;
    refundId?: string | null;
    error?: ProviderError | null;
    durationMs?: number | null;
  },
): Promise<void> {
  await tx.insert(paymentOperations).values(operationValues(entry));
}

/** The `payment_operations` row `recordOperation` writes. */
export function operationValues(entry: Parameters<typeof recordOperation>[1]) {
  return {
    id: newId('payop'),
    storeId: entry.row.storeId,
    intentId: entry.row.id,
    operation: entry.operation,
    provider: entry.row.provider,
    idempotencyKey: entry.idempotencyKey ?? null,
    amount: entry.amount ?? null,
    outcome: entry.outcome,
    providerReference: entry.providerReference ?? entry.row.providerReference,
    refundId: entry.refundId ?? null,
    errorCode: entry.error?.code ?? null,
    errorMessage: entry.error?.message?.slice(0, 1000) ?? null,
    durationMs: entry.durationMs ?? null,
  };
}

export function outcomeOf(result: PaymentResult): OperationOutcome {
  switch (result.status) {
    case 'failed':
      return 'failed';
    case 'requires_action':
      return 'requires_action';
    case 'processing':
      return 'processing';
    default:
      return 'succeeded';
  }
}

/** A provider failure as the caller sees it: unknown outcomes are retryable 503s. */
export function providerFailure(err: ProviderUnavailableError | ProviderRequestError): AppError {
  if (err instanceof ProviderUnavailableError) {
    return new AppError(
      'PAYMENT_PROVIDER_UNAVAILABLE',
      'The payment provider did not answer; try again (a retry is safe: it cannot charge twice).',
      { headers: { 'retry-after': '5' } },
    );
  }
  if (err.code === 'payment_intent_unexpected_state') {
    return new AppError('INVALID_STATE_TRANSITION', `The payment provider refused: ${err.message}`);
  }
  if (err.code === 'idempotency_error') {
    return new AppError('CONFLICT', 'The same operation is already under way with different parameters.');
  }
  return new AppError('PAYMENT_PROVIDER_ERROR', `The payment provider refused the request: ${err.message}`);
}

export function isProviderFailure(err: unknown): err is ProviderUnavailableError | ProviderRequestError {
  return err instanceof ProviderUnavailableError || err instanceof ProviderRequestError;
}

// --- the service functions of this file ---------------------------------------------------------

/**
 * A payment intent for `amount` in `currency`, for a cart. The store's current provider and
 * capture mode are fixed on it. Idempotent by `idempotencyKey`: the same key returns the same
 * intent; the same key for a different amount, currency or cart is 409 CONFLICT.
 */
export async function createPaymentIntent(
  platform: Platform,
  o: { storeId: string; amount: number; currency: string; cartId?: string; idempotencyKey: string },
): Promise<PaymentIntentView> {
  const input = parseInput(CreatePaymentInput, o);
  const { storeId } = input;
  const row = await withStore(platform.db, storeId, async (tx) => {
    const settings = await paymentSettings(tx, storeId);
    assertProviderEnabled(platform.config, settings.provider);
    const [created] = await tx
      .insert(paymentIntents)
      .values({
        id: newId('pi'),
        storeId,
        idempotencyKey: input.idempotencyKey,
        amount: input.amount,
        currency: input.currency,
        provider: settings.provider,
        captureMode: settings.captureMode,
        cartId: input.cartId ?? null,
      })
      .onConflictDoNothing({ target: [paymentIntents.storeId, paymentIntents.idempotencyKey] })
      .returning();
    if (created) {
      await emitPaymentEvent(tx, 'payment.created', created);
      return created;
    }
    const [first] = await tx
      .select()
      .from(paymentIntents)
      .where(
        and(eq(paymentIntents.storeId, storeId), eq(paymentIntents.idempotencyKey, input.idempotencyKey)),
      );
    if (
      !first ||
      first.amount !== input.amount ||
      first.currency !== input.currency ||
      first.cartId !== (input.cartId ?? null)
    ) {
      throw new AppError(
        'CONFLICT',
        'This idempotency key already made a payment intent with a different amount, currency or cart.',
      );
    }
    return first;
  });
  return paymentIntentView(row);
}

export async function getPaymentIntent(
  platform: Platform,
  o: { storeId: string; intentId: string },
): Promise<PaymentIntentView> {
  return paymentIntentView(await readIntent(platform, o.storeId, o.intentId));
}

/** The store's payment intents, newest first, optionally of one status, cart or order. */
export async function listPaymentIntents(
  platform: Platform,
  o: { storeId: string; query: z.input<typeof PaymentIntentListQuery> },
): Promise<Page<PaymentIntentView>> {
  const q = parseInput(PaymentIntentListQuery, o.query, 'querystring');
  const cursor = decodeCursor<{ id: string }>(q.cursor);
  const where: SQL[] = [eq(paymentIntents.storeId, o.storeId)];
  if (q.status) where.push(eq(paymentIntents.status, q.status));
  if (q.cart_id) where.push(eq(paymentIntents.cartId, q.cart_id));
  if (q.order_id) where.push(eq(paymentIntents.orderId, q.order_id));
  if (cursor) where.push(lt(paymentIntents.id, String(cursor.id)));
  const rows = await withStore(platform.db, o.storeId, (tx) =>
    tx
      .select()
      .from(paymentIntents)
      .where(and(...where))
      .orderBy(desc(paymentIntents.id))
      .limit(q.limit + 1),
  );
  const page = toPage(rows, q.limit, (r) => ({ id: r.id }));
  return { data: page.data.map(paymentIntentView), next_cursor: page.next_cursor };
}

/** The log of provider calls and webhooks of one payment, oldest first. */
export async function listPaymentOperations(
  platform: Platform,
  o: { storeId: string; intentId: string },
): Promise<PaymentOperationView[]> {
  return withStore(platform.db, o.storeId, async (tx) => {
    await findIntent(tx, o.storeId, o.intentId);
    const rows = await tx
      .select()
      .from(paymentOperations)
      .where(and(eq(paymentOperations.storeId, o.storeId), eq(paymentOperations.intentId, o.intentId)))
      .orderBy(paymentOperations.id)
      .limit(1000);
    return rows.map(paymentOperationView);
  });
}

/** The refunds of one payment, oldest first. */
export async function listRefunds(
  platform: Platform,
  o: { storeId: string; intentId: string },
): Promise<RefundView[]> {
  return withStore(platform.db, o.storeId, async (tx) => {
    await findIntent(tx, o.storeId, o.intentId);
    const rows: PaymentRefundRow[] = await tx
      .select()
      .from(paymentRefunds)
      .where(and(eq(paymentRefunds.storeId, o.storeId), eq(paymentRefunds.intentId, o.intentId)))
      .orderBy(paymentRefunds.id);
    return rows.map(refundView);
  });
}

/**
 * `attachOrderToPayment` in one message (a conditional update), its event sent with the
 * caller's `COMMIT`; an intent that has an order already goes the long way (no-op or 409).
 */
export async function attachOrderToPaymentBatched(
  tx: Tx,
  batch: Batch,
  o: { storeId: string; intentId: string; orderId: string },
): Promise<void> {
  const text = attachOrderStatement(o.orderId, o.storeId, o.intentId);
  const rows = sentAheadRows(tx, text) ?? (await batch.send(text))[0]!.rows;
  const raw = rows[0] as Record<string, unknown> | undefined;
  if (!raw) return attachOrderToPayment(tx, o);
  batch.closeWith(
    emitEventText(tx, paymentEvent('payment.order_attached', rowFrom(paymentIntents, raw))).text,
  );
}

/** `attachOrderToPaymentBatched`'s write, to send ahead of the order's transaction (it takes the answer). */
export function attachOrderToPaymentAhead(o: {
  storeId: string;
  intentId: string;
  orderId: string;
}): ReadAhead {
  return writeAhead(attachOrderStatement(o.orderId, o.storeId, o.intentId));
}

/**
 * Record the order a payment pays for, in the caller's transaction (the order's). Attaching the
 * same order again is a no-op; another order is 409 CONFLICT. Emits `payment.order_attached`.
 */
export async function attachOrderToPayment(
  db: DbOrTx,
  o: { storeId: string; intentId: string; orderId: string },
): Promise<void> {
  const input = parseInput(z.object({ storeId: Id, intentId: Id, orderId: Id }), o);
  const [row] = await db
    .select()
    .from(paymentIntents)
    .where(and(eq(paymentIntents.storeId, input.storeId), eq(paymentIntents.id, input.intentId)))
    .for('update');
  if (!row) throw new AppError('NOT_FOUND', `No payment ${input.intentId} in this store.`);
  if (row.orderId === input.orderId) return;
  if (row.orderId) {
    throw new AppError('CONFLICT', `Payment ${row.id} already pays for order ${row.orderId}.`);
  }
  const [updated] = await db
    .update(paymentIntents)
    .set({ orderId: input.orderId, updatedAt: sql`now()` })
    .where(eq(paymentIntents.id, row.id))
    .returning();
  await emitPaymentEvent(db, 'payment.order_attached', updated!);
}
