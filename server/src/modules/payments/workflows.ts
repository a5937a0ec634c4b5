import type { Platform } from '../../platform/context.ts';
import { defineSchedule, defineWorkflow, step } from '../../platform/workflows/workflows.ts';
import { retryStuckPayments } from './recovery.ts';

/** The worker's platform, set when the payments worker starts (schedules fire only in workers). */
let workerPlatform: Platform | null = null;

export function usePlatformForSchedules(platform: Platform | null): void {
  workerPlatform = platform;
}

/**
 * Every 30 seconds: retry authorizations and refunds whose provider answer was lost, once they
 * are older than PAYMENTS_RETRY_AFTER_SECONDS. Each retry uses the original idempotency key and
 * re-checks the state under a row lock, so overlapping ticks and API retries are harmless.
 */
export const retryStuckPaymentsWorkflow = defineWorkflow(
  'payments.retry-stuck',
  async (_at: Date, _ctx: unknown) => {
    const platform = workerPlatform;
    if (!platform) return;
    await step('retry-stuck', async () => {
      await retryStuckPayments(platform, { olderThanSeconds: platform.config.PAYMENTS_RETRY_AFTER_SECONDS });
    });
  },
);

defineSchedule({
  name: 'payments.retry-stuck',
  cron: '*/30 * * * * *',
  workflow: retryStuckPaymentsWorkflow,
});
