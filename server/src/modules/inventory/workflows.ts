import type { Db } from '../../platform/db/database.ts';
import { defineSchedule, defineWorkflow, step } from '../../platform/workflows/workflows.ts';
import { releaseExpiredReservations } from './reservations.ts';

/** The worker's database, set when the inventory worker starts (schedules fire only in workers). */
let workerDb: Db | null = null;

export function useDatabaseForSchedules(db: Db | null): void {
  workerDb = db;
}

/**
 * Every 10 seconds: release reservations past their expiry, so a cart abandoned mid-checkout
 * gives its stock back within seconds of its hold running out. Each release is its own
 * transaction and checks the reservation is still active, so re-running a tick is harmless.
 */
export const releaseExpiredReservationsWorkflow = defineWorkflow(
  'inventory.release-expired',
  async (_at: Date, _ctx: unknown) => {
    const db = workerDb;
    if (!db) return;
    await step('release-expired', async () => {
      // Drain in batches, so a backlog clears in one tick.
      while ((await releaseExpiredReservations(db, { limit: 500 })) === 500);
    });
  },
);

defineSchedule({
  name: 'inventory.release-expired',
  cron: '*/10 * * * * *',
  workflow: releaseExpiredReservationsWorkflow,
});
