import { sql } from 'drizzle-orm';
import type { Platform } from '../../platform/context.ts';
import { retryProcessingPayment } from './authorize.ts';
import { readIntent } from './intents.ts';
import { resumeRefund } from './refunds.ts';
import { forgetErasedPaymentCustomers } from './saved-cards.ts';

/**
 * Finish what a lost provider answer (a timeout, a crash between asking and recording) left
 * open: authorizations still `processing` and refunds still `pending` after `olderThanSeconds`
 * are retried with their original idempotency keys — the provider answers what it did the
 * first time, or does it now, and never twice. A provider still unreachable leaves them for the
 * next round. Returns how many were settled. The provider customers of erased shoppers are
 * deleted at the provider here too.
 */
export async function retryStuckPayments(
  platform: Platform,
  o: { olderThanSeconds: number; limit?: number },
): Promise<{ intents: number; refunds: number; forgotten: number }> {
  const limit = o.limit ?? 100;
  const { db, log } = platform;
  // Across stores, outside any store scope (like inventory's expiry sweep); each retry is scoped.
  const { rows: intents } = await db.execute<{ id: string; store_id: string }>(sql`
    SELECT id, store_id FROM payment_intents
    WHERE status = 'processing' AND updated_at < now() - make_interval(secs => ${o.olderThanSeconds})
    ORDER BY updated_at LIMIT ${limit}`);
  let settledIntents = 0;
  for (const due of intents) {
    try {
      const row = await readIntent(platform, due.store_id, due.id);
      const after = await retryProcessingPayment(platform, row);
      if (after.status !== 'processing') settledIntents++;
    } catch (err) {
      log.warn({ err, intentId: due.id }, 'payment retry failed; next round tries again');
    }
  }
  const { rows: refunds } = await db.execute<{ id: string; store_id: string }>(sql`
    SELECT id, store_id FROM payment_refunds
    WHERE status = 'pending' AND updated_at < now() - make_interval(secs => ${o.olderThanSeconds})
    ORDER BY updated_at LIMIT ${limit}`);
  let settledRefunds = 0;
  for (const due of refunds) {
    try {
      const refund = await resumeRefund(platform, { storeId: due.store_id, refundId: due.id });
      if (refund.status !== 'pending') settledRefunds++;
    } catch (err) {
      log.warn({ err, refundId: due.id }, 'refund retry failed; next round tries again');
    }
  }
  // Provider customers of erased shoppers, deleted at the provider with the cards it keeps.
  const forgotten = await forgetErasedPaymentCustomers(platform, limit);
  return { intents: settledIntents, refunds: settledRefunds, forgotten };
}
