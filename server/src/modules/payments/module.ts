import type { CartonModule } from '../../platform/module.ts';
import './events.ts';
import './personal-data-handler.ts';
import { savedCardRoutes } from './saved-card-routes.ts';
import { paymentsAdminRoutes } from './routes.ts';
import { paymentsStoreRoutes } from './store-routes.ts';
import { usePlatformForSchedules } from './workflows.ts';

/**
 * Payments: payment intents and their state machine, the `test` and `stripe` providers, capture,
 * void and refunds, provider webhooks, per-store payment settings, customers' saved cards, and a
 * worker sweep that settles payments whose provider answer was lost.
 */
export const paymentsModule: CartonModule = {
  name: 'payments',
  async routes(app, platform) {
    await paymentsAdminRoutes(app, platform);
    await paymentsStoreRoutes(app, platform);
    await savedCardRoutes(app, platform);
  },
  async startWorker(platform) {
    usePlatformForSchedules(platform);
    return async () => usePlatformForSchedules(null);
  },
};
