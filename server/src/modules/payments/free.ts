import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Platform } from '../../platform/context.ts';
import { rowFrom, withStore } from '../../platform/db/database.ts';
import { emitEvent } from '../../platform/events/outbox.ts';
import { newId } from '../../platform/ids.ts';
import { parseInput } from '../../platform/validation.ts';
import { CurrencyCode } from '../tenancy/service.ts';
import { paymentEvent } from './intents.ts';
import { paymentIntents } from './schema.ts';
import { paymentIntentView, type PaymentIntentView } from './views.ts';

const NothingToPayInput = z.object({
  storeId: z.string().min(1).max(64),
  currency: CurrencyCode,
  cartId: z.string().min(1).max(64).optional(),
  idempotencyKey: z.string().min(1).max(255),
});

/**
 * The payment of an order that costs nothing (a 100 % coupon with free shipping): an intent of 0
 * with provider `none`, captured at once — no provider is asked and no payment method is needed.
 * The order then has a payment like any other (cancelling it refunds 0, reports count it).
 * Idempotent by key, like every intent.
 */
export async function recordNothingToPay(
  platform: Platform,
  o: z.input<typeof NothingToPayInput>,
): Promise<PaymentIntentView> {
  const input = parseInput(NothingToPayInput, o);
  const { storeId } = input;
  return withStore(platform.db, storeId, async (tx) => {
    const { rows } = await tx.execute(sql`
      INSERT INTO payment_intents (id, store_id, idempotency_key, amount, currency, status, provider,
        capture_mode, cart_id, authorized_at, captured_at)
      VALUES (${newId('pi')}, ${storeId}, ${input.idempotencyKey}, 0, ${input.currency}, 'captured', 'none',
        'on_placement', ${input.cartId ?? null}, now(), now())
      ON CONFLICT (store_id, idempotency_key) DO NOTHING
      RETURNING *`);
    if (rows[0]) {
      const row = rowFrom(paymentIntents, rows[0]);
      await emitEvent(tx, paymentEvent('payment.created', row));
      await emitEvent(tx, paymentEvent('payment.captured', row));
      return paymentIntentView(row);
    }
    const { rows: existing } = await tx.execute(sql`
      SELECT * FROM payment_intents WHERE store_id = ${storeId} AND idempotency_key = ${input.idempotencyKey}`);
    return paymentIntentView(rowFrom(paymentIntents, existing[0]!));
  });
}
