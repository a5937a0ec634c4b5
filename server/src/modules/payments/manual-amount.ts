import type { Tx } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { audit, emitPaymentEvent, lockIntent, patchIntent, type Actor } from './intents.ts';
import { paymentIntentView, type PaymentIntentView } from './views.ts';

/**
 * What a manual payment not yet received (a bank transfer, cash on delivery) is for, changed in
 * the caller's transaction: staff edited the order it pays for. Nothing is held at a provider, so
 * the amount is only what staff will mark paid. `payment.amount_changed`. Refused (409) for any
 * other payment: a card's authorization cannot grow.
 */
export async function changeManualAmountInTx(
  tx: Tx,
  o: { storeId: string; intentId: string; amount: number; actor?: Actor },
): Promise<PaymentIntentView> {
  const row = await lockIntent(tx, o.storeId, o.intentId);
  if (row.provider !== 'manual' || row.status !== 'authorized') {
    throw new AppError(
      'INVALID_STATE_TRANSITION',
      `Payment ${row.id} is ${row.provider === 'manual' ? row.status : `a ${row.provider} payment`}; only a manual payment not yet received can change its amount.`,
    );
  }
  if (row.amount === o.amount) return paymentIntentView(row);
  const updated = await patchIntent(tx, row, { amount: o.amount });
  await emitPaymentEvent(tx, 'payment.amount_changed', updated, { previous_amount: row.amount });
  await audit(tx, o.actor, {
    storeId: o.storeId,
    action: 'payment.amount_changed',
    entityType: 'payment_intent',
    entityId: row.id,
    before: { amount: row.amount },
    after: { amount: o.amount },
  });
  return paymentIntentView(updated);
}
