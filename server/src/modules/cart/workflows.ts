import type { Db } from '../../platform/db/database.ts';
import { defineSchedule, defineWorkflow, step } from '../../platform/workflows/workflows.ts';
import { expireStaleCarts } from './expiry.ts';

/** The worker's database, set when the cart worker starts (schedules fire only in workers). */
let workerDb: Db | null = null;

export function useDatabaseForSchedules(db: Db | null): void {
  workerDb = db;
}

/**
 * Every 5 minutes: mark carts past their expiry as expired (`cart.expired`). Carts are refused
 * from the moment they expire whether or not this has run; each expiry is its own transaction
 * and re-checks the cart, so re-running a tick is harmless.
 */
export const expireStaleCartsWorkflow = defineWorkflow(
  'cart.expire-stale',
  async (_at: Date, _ctx: unknown) => {
    const db = workerDb;
    if (!db) return;
    await step('expire-stale', async () => {
      // Drain in batches, so a backlog clears in one tick.
      while ((await expireStaleCarts(db, { limit: 500 })) === 500);
    });
  },
);

defineSchedule({
  name: 'cart.expire-stale',
  cron: '0 */5 * * * *',
  workflow: expireStaleCartsWorkflow,
});
