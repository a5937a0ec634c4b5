import type { Platform } from '../../platform/context.ts';
import { defineSchedule, defineWorkflow, step } from '../../platform/workflows/workflows.ts';
import { ordersPlatform } from './runtime.ts';
import { settleDueMoney } from './settlement.ts';
import { cancelUnpaidOrders } from './unpaid.ts';
import { remindDisputesDue } from './dispute-reminders.ts';

/** A timed job of the orders worker, as one step; a process that has not started orders skips it. */
function ordersSchedule(
  o: { name: string; cron: string; step: string },
  work: (platform: Platform) => Promise<unknown>,
): void {
  const workflow = defineWorkflow(o.name, async (_at: Date, _ctx: unknown) => {
    let platform: Platform;
    try {
      platform = ordersPlatform();
    } catch {
      return; // not a worker that has started orders
    }
    await step(o.step, async () => {
      await work(platform);
    });
  });
  defineSchedule({ name: o.name, cron: o.cron, workflow });
}

/**
 * Every 30 seconds: settle cancelled orders' payments and returns' refunds left unsettled for
 * ORDERS_SETTLE_AFTER_SECONDS. Each retry re-checks the state under a row lock and reuses
 * its idempotency key, so overlapping ticks and API retries are harmless.
 */
ordersSchedule({ name: 'orders.settle', cron: '*/30 * * * * *', step: 'settle' }, (p) =>
  settleDueMoney(p, { olderThanSeconds: p.config.ORDERS_SETTLE_AFTER_SECONDS }),
);

/** Every 10 minutes: remind the owners of disputes still unanswered two days before their deadline. */
ordersSchedule(
  { name: 'orders.dispute-reminders', cron: '0 */10 * * * *', step: 'remind' },
  remindDisputesDue,
);

/** Every 10 minutes: remind, then cancel, bank transfers not paid within their store's window (unpaid.ts). */
ordersSchedule({ name: 'orders.unpaid', cron: '0 */10 * * * *', step: 'cancel-unpaid' }, cancelUnpaidOrders);
