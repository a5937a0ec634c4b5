import type { CartonModule } from '../../platform/module.ts';
import './events.ts';
import './personal-data-handler.ts';
import { configureCartDefaults } from './policy.ts';
import { cartRoutes } from './routes.ts';
import { useDatabaseForSchedules } from './workflows.ts';

/**
 * Carts: anonymous or customer carts, lines with stock and limit checks, prices re-validated on
 * every change, coupons (through promotions), e-mail and addresses, merge at sign-in, expiry (a
 * schedule in workers), and the functions the checkout calls.
 */
export const cartModule: CartonModule = {
  name: 'cart',
  async routes(app, platform) {
    configureCartDefaults(platform.config);
    await cartRoutes(app, platform);
  },
  async startWorker(platform) {
    configureCartDefaults(platform.config);
    useDatabaseForSchedules(platform.db);
    return async () => useDatabaseForSchedules(null);
  },
};
