import type { CartonModule } from '../../platform/module.ts';
import { messagingIngestRoutes } from './ingest-routes.ts';
import { messagingRoutes } from './routes.ts';
import './service.ts';
import { useMessagingPlatform } from './workflows.ts';

/**
 * Messaging: templates (Liquid, MJML), channels and their providers (SMTP, SendGrid, Twilio, web
 * push, log), sending one message under consent, quiet hours and frequency caps, delivery
 * tracking (provider webhooks, open pixel, click redirects), unsubscribe and SMS keywords, and
 * GDPR export and erasure of a contact. `sendMessage` is what campaigns call; the worker's
 * sweep sends deferred messages and retries.
 */
export const messagingModule: CartonModule = {
  name: 'messaging',
  async routes(app, platform) {
    await messagingRoutes(app, platform);
    await messagingIngestRoutes(app, platform);
  },
  async startWorker(platform) {
    useMessagingPlatform(platform);
    return async () => useMessagingPlatform(null);
  },
};
