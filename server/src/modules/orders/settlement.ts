import type { Platform } from '../../platform/context.ts';
import { dueSettlements, settleCancellation } from './cancellation.ts';
import { dueItemRefunds, settleCancelledItems } from './item-cancellation.ts';
import { dueOrderRefunds, settleOrderRefund } from './refunds.ts';
import { dueReturnRefunds, refundReturn } from './returns.ts';

/**
 * Finish money work left half-done — a cancelled order whose void or refund did not go through,
 * a return whose refund was decided but not recorded, cancelled units of a captured payment not
 * yet refunded, an order refund still asking payments (a crash, a provider that did not answer) —
 * once it is older than `olderThanSeconds`. Every retry uses the same payments idempotency key
 * as the first try, so nothing is refunded twice. Run by the worker's `orders.settle` schedule.
 */
export async function settleDueMoney(
  platform: Platform,
  o: { olderThanSeconds: number; limit?: number },
): Promise<{ cancellations: number; returns: number; items: number; refunds: number; failed: number }> {
  let cancellations = 0;
  let returns = 0;
  let items = 0;
  let refunds = 0;
  let failed = 0;
  for (const due of await dueSettlements(platform, o)) {
    try {
      await settleCancellation(platform, due);
      cancellations++;
    } catch (err) {
      failed++;
      platform.log.warn({ err, orderId: due.orderId }, 'cancelled order not settled yet; will retry');
    }
  }
  for (const due of await dueReturnRefunds(platform, o)) {
    try {
      await refundReturn(platform, due);
      returns++;
    } catch (err) {
      failed++;
      platform.log.warn({ err, returnId: due.returnId }, 'return refund not settled yet; will retry');
    }
  }
  for (const due of await dueItemRefunds(platform, o)) {
    try {
      await settleCancelledItems(platform, due);
      items++;
    } catch (err) {
      failed++;
      platform.log.warn(
        { err, orderId: due.orderId },
        'refund of cancelled items not settled yet; will retry',
      );
    }
  }
  for (const due of await dueOrderRefunds(platform, o)) {
    try {
      await settleOrderRefund(platform, due);
      refunds++;
    } catch (err) {
      failed++;
      platform.log.warn({ err, refundId: due.refundId }, 'order refund not settled yet; will retry');
    }
  }
  return { cancellations, returns, items, refunds, failed };
}
