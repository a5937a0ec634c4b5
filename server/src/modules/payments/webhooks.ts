import { and, eq, or, sql } from 'drizzle-orm';
import type { Platform } from '../../platform/context.ts';
import { withStore, type Tx } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { recordDisputeInTx } from './disputes.ts';
import { applyProviderResult, recordOperation } from './intents.ts';
import { canMove } from './payment-states.ts';
import { providerFor } from './providers/index.ts';
import type { PaymentResult, WebhookEvent } from './providers/provider.ts';
import { recordProviderRefund } from './refunds.ts';
import { applyProviderCardChange } from './saved-cards.ts';
import { paymentIntents, paymentWebhookEvents, type PaymentIntentRow } from './schema.ts';
import { paymentSettings } from './settings.ts';

export type WebhookOutcome = 'applied' | 'ignored' | 'duplicate';

/**
 * A webhook from a store's payment provider. Its signature is verified first (a forged, stale or
 * unsigned one is 400 WEBHOOK_SIGNATURE_INVALID); then, in one transaction: the event id is
 * claimed (a redelivery answers `duplicate` and changes nothing), the payment is found and
 * locked, the event's amount and currency are checked against it (a mismatch is 422
 * AMOUNT_MISMATCH and changes nothing — the claim rolls back too), and the event is applied
 * through the state machine. An event the payment has already moved past (out of order) is
 * `ignored`, as is one for a payment Carton does not know. A saved card detached at the provider
 * (its dashboard, another system) is forgotten here; one renewed by the card networks' updater
 * (a new expiry or number) gets its new details. A dispute (chargeback) opened, changed or closed
 * is recorded beside its payment (`disputes.ts`).
 */
export async function handleProviderWebhook(
  platform: Platform,
  o: {
    storeId: string;
    provider: 'stripe';
    rawBody: Buffer;
    headers: Record<string, string | string[] | undefined>;
  },
): Promise<{ outcome: WebhookOutcome; intentId: string | null }> {
  const { storeId } = o;
  const configured = await withStore(platform.db, storeId, async (tx) => {
    const { rows } = await tx.execute<{ id: string }>(sql`SELECT id FROM stores WHERE id = ${storeId}`);
    return rows.length > 0 ? paymentSettings(tx, storeId) : null;
  });
  if (!configured) throw new AppError('NOT_FOUND', 'No such store.');
  let provider;
  try {
    provider = await providerFor(platform, storeId, o.provider);
  } catch (err) {
    if (err instanceof AppError && err.code === 'UNPROCESSABLE') {
      throw new AppError('NOT_FOUND', 'Stripe webhooks are not configured for this store.');
    }
    throw err;
  }
  const event = provider.parseWebhook({ rawBody: o.rawBody, headers: o.headers });
  if (event.kind === 'other') return { outcome: 'ignored', intentId: null };

  return withStore(platform.db, storeId, async (tx) => {
    const claimed = await tx
      .insert(paymentWebhookEvents)
      .values({ storeId, provider: o.provider, eventId: event.id, eventType: event.type, outcome: 'applied' })
      .onConflictDoNothing()
      .returning({ eventId: paymentWebhookEvents.eventId });
    if (claimed.length === 0) return { outcome: 'duplicate' as const, intentId: null };

    if (event.kind === 'card_detached' || event.kind === 'card_updated') {
      const changed = await applyProviderCardChange(tx, { storeId, provider: o.provider, event });
      await markOutcome(tx, storeId, o.provider, event.id, null, changed ? 'applied' : 'ignored');
      return { outcome: changed ? ('applied' as const) : ('ignored' as const), intentId: null };
    }

    const intent = await findIntentOf(tx, storeId, o.provider, event);
    if (!intent) {
      await markOutcome(tx, storeId, o.provider, event.id, null, 'ignored');
      return { outcome: 'ignored' as const, intentId: null };
    }
    if (event.kind === 'dispute') {
      // A chargeback: the dispute's own amount (checked against what was captured), not the payment's.
      const recorded = await recordDisputeInTx(tx, intent, event.dispute!);
      const outcome = recorded ? ('applied' as const) : ('ignored' as const);
      await markOutcome(tx, storeId, o.provider, event.id, intent.id, outcome);
      return { outcome, intentId: intent.id };
    }
    checkAmounts(intent, event);
    const applied = await apply(tx, intent, event);
    await recordOperation(tx, {
      row: applied ?? intent,
      operation: 'webhook',
      idempotencyKey: event.id,
      amount: event.kind === 'refunded' ? (event.refundedAmount ?? null) : event.amount,
      outcome: applied ? 'succeeded' : 'ignored',
      providerReference: event.providerReference,
      error: event.error ?? null,
    });
    await markOutcome(tx, storeId, o.provider, event.id, intent.id, applied ? 'applied' : 'ignored');
    return { outcome: applied ? ('applied' as const) : ('ignored' as const), intentId: intent.id };
  });
}

/** By the provider's payment id, or (when Carton never learnt it: a lost answer) by our metadata. */
async function findIntentOf(
  tx: Tx,
  storeId: string,
  provider: string,
  event: WebhookEvent,
): Promise<PaymentIntentRow | null> {
  const byReference = event.providerReference
    ? eq(paymentIntents.providerReference, event.providerReference)
    : undefined;
  const byId = event.intentId ? eq(paymentIntents.id, event.intentId) : undefined;
  if (!byReference && !byId) return null;
  const [row] = await tx
    .select()
    .from(paymentIntents)
    .where(
      and(
        eq(paymentIntents.storeId, storeId),
        eq(paymentIntents.provider, provider as 'stripe'),
        or(byReference, byId),
      ),
    )
    .for('update');
  if (!row) return null;
  // A payment already tied to another provider payment is not this event's.
  if (row.providerReference && event.providerReference && row.providerReference !== event.providerReference) {
    return null;
  }
  return row;
}

/** The event must describe this payment's money: same amount and currency, nothing beyond it. */
function checkAmounts(intent: PaymentIntentRow, event: WebhookEvent): void {
  const problems: string[] = [];
  if (event.amount !== intent.amount)
    problems.push(`amount ${event.amount} is not the payment's ${intent.amount}`);
  if (event.currency !== intent.currency) {
    problems.push(`currency ${event.currency} is not the payment's ${intent.currency}`);
  }
  if (event.kind === 'captured' && (event.capturedAmount ?? event.amount ?? 0) > intent.amount) {
    problems.push(`captured ${event.capturedAmount} exceeds the payment's ${intent.amount}`);
  }
  if (event.kind === 'refunded') {
    const refunded = event.refundedAmount ?? 0;
    const captured = intent.status === 'captured' ? intent.capturedAmount : (event.capturedAmount ?? 0);
    if (refunded > captured) problems.push(`refunded ${refunded} exceeds the captured ${captured}`);
  }
  if (problems.length) {
    throw new AppError(
      'AMOUNT_MISMATCH',
      `The event does not match payment ${intent.id}: ${problems.join('; ')}.`,
    );
  }
}

/** The event applied to the locked intent; null when it changes nothing (stale, out of order, known). */
async function apply(
  tx: Tx,
  intent: PaymentIntentRow,
  event: WebhookEvent,
): Promise<PaymentIntentRow | null> {
  if (event.kind === 'refunded') {
    if (intent.status !== 'captured') return null;
    // What Carton knows of (refunded, or asked and awaiting the answer) is already counted.
    const unknown = (event.refundedAmount ?? 0) - intent.refundedAmount - intent.refundPendingAmount;
    if (unknown <= 0) return null;
    return recordProviderRefund(tx, intent, unknown, event.id);
  }
  const result: PaymentResult = {
    status: event.kind as 'authorized' | 'captured' | 'failed' | 'canceled',
    providerReference: event.providerReference,
    error: event.error ?? null,
    capturedAmount: event.capturedAmount,
  };
  if (result.status === intent.status || !canMove(intent.status, result.status)) {
    // Already there, or moved past it: only learn the provider's id if it was missing.
    if (!intent.providerReference && event.providerReference && result.status === intent.status) {
      return applyProviderResult(tx, intent, result);
    }
    return null;
  }
  return applyProviderResult(tx, intent, result);
}

async function markOutcome(
  tx: Tx,
  storeId: string,
  provider: string,
  eventId: string,
  intentId: string | null,
  outcome: 'applied' | 'ignored',
): Promise<void> {
  await tx
    .update(paymentWebhookEvents)
    .set({ intentId, outcome })
    .where(
      and(
        eq(paymentWebhookEvents.storeId, storeId),
        eq(paymentWebhookEvents.provider, provider),
        eq(paymentWebhookEvents.eventId, eventId),
      ),
    );
}
