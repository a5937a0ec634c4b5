import { and, asc, eq, lt, sql } from 'drizzle-orm';
import type { Platform } from '../../platform/context.ts';
import { withStore } from '../../platform/db/database.ts';
import { isAppError } from '../../platform/errors.ts';
import { manualPaymentOf } from '../payments/service.ts';
import { getStore } from '../tenancy/service.ts';
import { cancelOrder } from './cancellation.ts';
import { queueOrderEmail } from './notifications.ts';
import { orderPolicyOf } from './policy.ts';
import { orders } from './schema.ts';

/**
 * Orders to be paid by bank transfer hold their stock from the moment they are placed. One never
 * paid is reminded halfway, then cancelled once the store's window has passed — `settings.orders.unpaid_cancel_days`, 7 by
 * default, 0 never — so the stock goes back on sale; the shopper gets the cancellation e-mail. Only
 * orders still `confirmed`: one staff have started preparing (they trust the buyer) is left alone,
 * and cash on delivery is unpaid until it is delivered by design.
 */
export function unpaidCancelDays(storeSettings: Record<string, unknown>): number {
  return orderPolicyOf(storeSettings).unpaid_cancel_days;
}

/** When a bank transfer still unpaid gets its one reminder: halfway through the window. */
const remindAfterDays = (days: number) => days / 2;

/**
 * Remind, then cancel, the bank-transfer orders still unpaid (the worker's `orders.unpaid`
 * schedule): one reminder e-mail once half the store's window has passed (at most once: the
 * notification is unique per order and kind), the cancellation once all of it has. Confirmed
 * orders awaiting payment are only the manual-payment ones (a card is authorized when the order
 * is placed), found by a small partial index; each is re-checked under its lock by `cancelOrder`
 * (`onlyFrom`), so a payment recorded or preparation started meanwhile wins.
 */
export async function cancelUnpaidOrders(
  platform: Platform,
  o: { limit?: number } = {},
): Promise<{ reminded: number; cancelled: number }> {
  // The oldest first; nothing younger than an hour is due under any window worth setting.
  const candidates = await platform.db
    .select({
      storeId: orders.storeId,
      id: orders.id,
      createdAt: orders.createdAt,
      intentId: orders.paymentIntentId,
    })
    .from(orders)
    .where(
      and(
        eq(orders.status, 'confirmed'),
        eq(orders.paymentStatus, 'pending'),
        lt(orders.createdAt, sql`now() - interval '1 hour'`),
      ),
    )
    .orderBy(asc(orders.createdAt))
    .limit(o.limit ?? 200);
  const windows = new Map<string, number>();
  let reminded = 0;
  let cancelled = 0;
  for (const c of candidates) {
    if (!windows.has(c.storeId))
      windows.set(c.storeId, unpaidCancelDays((await getStore(platform.db, c.storeId)).settings));
    const days = windows.get(c.storeId)!;
    const ageDays = (Date.now() - c.createdAt.getTime()) / 86_400_000;
    if (days === 0 || ageDays < remindAfterDays(days)) continue;
    const manual = await withStore(platform.db, c.storeId, (tx) =>
      manualPaymentOf(tx, c.storeId, c.intentId),
    );
    // Marked paid a moment ago (the order hears of it just after): not ours to remind or cancel.
    if (manual?.method !== 'bank_transfer' || manual.status !== 'authorized') continue;
    if (ageDays < days) {
      const queued = await withStore(platform.db, c.storeId, (tx) =>
        queueOrderEmail(tx, { storeId: c.storeId, orderId: c.id, kind: 'payment_reminder' }),
      );
      if (queued === 'queued') reminded++;
      continue;
    }
    try {
      await cancelOrder(platform, {
        storeId: c.storeId,
        orderId: c.id,
        reason: `Not paid within ${days} ${days === 1 ? 'day' : 'days'}`,
        onlyFrom: ['confirmed'],
      });
      cancelled++;
    } catch (err) {
      // Paid or being prepared meanwhile: nothing to do. Anything else is tried again next time.
      if (isAppError(err) && err.code === 'INVALID_STATE_TRANSITION') continue;
      platform.log.warn({ err, orderId: c.id }, 'unpaid order not cancelled yet; will retry');
    }
  }
  return { reminded, cancelled };
}
