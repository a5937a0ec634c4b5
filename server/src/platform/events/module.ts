import type { CartonModule } from '../module.ts';
import { startDispatcher } from './dispatcher.ts';

/**
 * The outbox dispatcher as a worker: fans committed events out to every subscriber registered
 * with `subscribe()` (webhooks among them) and delivers them. HTTP surfaces for events (log,
 * live feed) live in the webhooks module.
 */
export const eventsModule: CartonModule = {
  name: 'events',
  async startWorker(platform) {
    const dispatcher = await startDispatcher({
      database: platform.database,
      log: platform.log,
      pollIntervalMs: platform.config.EVENTS_POLL_INTERVAL_MS,
      concurrency: platform.config.EVENTS_DISPATCH_CONCURRENCY,
      batchSize: platform.config.EVENTS_DISPATCH_BATCH,
    });
    return dispatcher.stop;
  },
};
