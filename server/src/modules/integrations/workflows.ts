import type { Platform } from '../../platform/context.ts';
import { defineQueue, defineSchedule, defineWorkflow, step } from '../../platform/workflows/workflows.ts';
import { dueConnections, syncConnection, type SyncReport } from './sync.ts';

/**
 * The worker's side of integrations (DBOS): every 10 seconds one tick (whichever worker fires it)
 * finds the connections whose sync is due — polling on its interval, a fetch left pending, a sync
 * asked for — and enqueues one `integrations.sync-connection` workflow per connection. A
 * connection's syncs never overlap: the queue's de-duplication id is the connection, so a tick
 * that finds a sync still queued or running adds none. The schedule is one for all connections
 * (DBOS schedules are declared at launch; Carton removes undeclared ones), and each connection's
 * own interval lives in its row (`next_sync_at`), so changing it needs no restart.
 */

export const syncQueue = defineQueue('integrations.sync', { workerConcurrency: 4, pollingIntervalMs: 500 });

let setPlatform: (p: Platform) => void = () => {};
let platformReady = new Promise<Platform>((resolve) => (setPlatform = resolve));

/** Set when a worker starts (null when it stops); a workflow recovered during launch waits for it. */
export function usePlatformForIntegrations(platform: Platform | null): void {
  if (platform) setPlatform(platform);
  else platformReady = new Promise<Platform>((resolve) => (setPlatform = resolve));
}

export const syncConnectionWorkflow = defineWorkflow(
  'integrations.sync-connection',
  async (storeId: string, connectionId: string): Promise<SyncReport> => {
    const platform = await platformReady;
    return syncConnection(platform, { storeId, connectionId });
  },
);

/** Enqueue one connection's sync; false when one is already queued or running (de-duplication). */
export async function enqueueSync(
  platform: Platform,
  c: { storeId: string; connectionId: string },
  tick: Date,
): Promise<boolean> {
  try {
    await platform.workflows.enqueue(
      syncConnectionWorkflow,
      {
        queue: syncQueue,
        workflowId: `integrations.sync:${c.connectionId}:${new Date(tick).toISOString()}`,
        deduplicationId: `integrations.sync:${c.connectionId}`,
      },
      c.storeId,
      c.connectionId,
    );
    return true;
  } catch (err) {
    if ((err as Error).name === 'DBOSQueueDuplicatedError') return false;
    throw err;
  }
}

// Workflows are started from the workflow itself (DBOS refuses it inside a step): the look-up is the step.
export const syncTickWorkflow = defineWorkflow('integrations.sync-tick', async (at: Date, _ctx: unknown) => {
  const platform = await platformReady;
  const due = await step('find-due', () => dueConnections(platform));
  for (const c of due) await enqueueSync(platform, c, at);
});

defineSchedule({ name: 'integrations.sync-tick', cron: '*/10 * * * * *', workflow: syncTickWorkflow });
