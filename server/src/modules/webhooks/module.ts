import type { CartonModule } from '../../platform/module.ts';
import { eventRoutes } from './events-routes.ts';
import './events.ts';
import { registerWebhookFanOut } from './fan-out.ts';
import { webhookRoutes } from './routes.ts';
import { senderSettings, startWebhookSender } from './sender.ts';

// Subscribed at import, before any dispatcher starts, so no event is fanned out without it.
registerWebhookFanOut();

/**
 * Delivering events to merchants: webhook endpoints (signed per Standard Webhooks, retried with
 * backoff, disabled after repeated failure, logged and replayable), the store's event log and
 * the live WebSocket feed.
 */
export const webhooksModule: CartonModule = {
  name: 'webhooks',
  async routes(app, platform) {
    await eventRoutes(app, platform);
    await webhookRoutes(app, platform);
  },
  async startWorker(platform) {
    const sender = await startWebhookSender({
      database: platform.database,
      log: platform.log,
      settings: senderSettings(platform.config),
      pollIntervalMs: platform.config.EVENTS_POLL_INTERVAL_MS,
    });
    return sender.stop;
  },
};
