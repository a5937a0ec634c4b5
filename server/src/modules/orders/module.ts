import type { CartonModule } from '../../platform/module.ts';
import './events.ts';
import './personal-data-handler.ts';
import './subscribers.ts';
import './gift-card-purchases.ts';
import './workflows.ts';
import { startOrderMailSender } from './notifications.ts';
import { ordersAdminRoutes } from './routes.ts';
import { useOrdersPlatform } from './runtime.ts';
import { ordersStoreRoutes } from './store-routes.ts';

/**
 * Orders: per-store numbers, the status lifecycle with history, fulfilment (with capture on
 * fulfilment), cancellation (restock, void or refund), returns (request, approve, receive and
 * restock, refund), PDF invoices, confirmation and shipping e-mails, the admin list and the
 * shopper's order pages; a worker sweep settles money left half-done.
 */
export const ordersModule: CartonModule = {
  name: 'orders',
  async routes(app, platform) {
    await ordersAdminRoutes(app, platform);
    await ordersStoreRoutes(app, platform);
  },
  async startWorker(platform) {
    useOrdersPlatform(platform);
    const stopMail = startOrderMailSender(platform);
    return async () => {
      await stopMail();
      useOrdersPlatform(null);
    };
  },
};
