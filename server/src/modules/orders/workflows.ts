import { defineSchedule, defineWorkflow, step } from '../../platform/workflows/workflows.ts';
import { ordersPlatform } from './runtime.ts';
import { settleDueMoney } from './settlement.ts';
import { cancelUnpaidOrders } from './unpaid.ts';

/**
 * Every 30 seconds: settle cancelled orders' payments and returns' refunds left unsettled for
 * ORDERS_SETTLE_AFTER_SECONDS. Each retry re-checks the state under a row lock and reuses
 * its idempotency key, so overlapping ticks and API retries are harmless.
 */
export const settleOrdersWorkflow = defineWorkflow('orders.settle', async (_at: Date, _ctx: unknown) => {
  let platform;
  try {
    platform = ordersPlatform();
  } catch {
    return; // not a worker that has started orders
  }
  const p = platform;
  await step('settle', async () => {
    await settleDueMoney(p, { olderThanSeconds: p.config.ORDERS_SETTLE_AFTER_SECONDS });
  });
});

defineSchedule({ name: 'orders.settle', cron: '*/30 * * * * *', workflow: settleOrdersWorkflow });

/** Every 10 minutes: cancel bank-transfer orders not paid within their store's window (unpaid.ts). */
export const cancelUnpaidWorkflow = defineWorkflow('orders.unpaid', async (_at: Date, _ctx: unknown) => {
  let platform;
  try {
    platform = ordersPlatform();
  } catch {
    return; // not a worker that has started orders
  }
  const p = platform;
  await step('cancel-unpaid', () => cancelUnpaidOrders(p));
});

defineSchedule({ name: 'orders.unpaid', cron: '0 */10 * * * *', workflow: cancelUnpaidWorkflow });
