import { defineSchedule, defineWorkflow, step } from '../../platform/workflows/workflows.ts';
import { refreshAllRecoveryRollups } from './analytics.ts';
import { detectAbandonedCarts } from './detection.ts';
import { pruneFoldedTrackerEvents } from './fold.ts';
import { recoveryPlatform } from './runtime.ts';

/**
 * Every 15 seconds: mark due carts abandoned (`cart.abandoned`). A tick fires on one worker; the
 * scan's `FOR UPDATE SKIP LOCKED` also keeps overlapping ticks (a slow one and the next) from
 * doubling a cart, and re-running a tick is harmless.
 */
export const detectAbandonedCartsWorkflow = defineWorkflow(
  'recovery.detect-abandoned',
  async (_at: Date, _ctx: unknown) => {
    await step('detect', async () => {
      await detectAbandonedCarts(recoveryPlatform());
    });
  },
);
defineSchedule({
  name: 'recovery.detect-abandoned',
  cron: '*/15 * * * * *',
  workflow: detectAbandonedCartsWorkflow,
});

/** Every minute: recompute the daily figures of stores whose days changed. */
export const refreshRollupsWorkflow = defineWorkflow(
  'recovery.refresh-rollups',
  async (_at: Date, _ctx: unknown) => {
    await step('refresh', async () => {
      await refreshAllRecoveryRollups(recoveryPlatform().db);
    });
  },
);
defineSchedule({ name: 'recovery.refresh-rollups', cron: '0 * * * * *', workflow: refreshRollupsWorkflow });

/** Hourly: drop folded tracker events past their retention. */
export const pruneTrackerEventsWorkflow = defineWorkflow(
  'recovery.prune-tracker-events',
  async (_at: Date, _ctx: unknown) => {
    await step('prune', async () => {
      await pruneFoldedTrackerEvents(recoveryPlatform());
    });
  },
);
defineSchedule({
  name: 'recovery.prune-tracker-events',
  cron: '0 17 * * * *',
  workflow: pruneTrackerEventsWorkflow,
});
