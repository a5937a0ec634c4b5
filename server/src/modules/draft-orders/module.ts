import type { CartonModule } from '../../platform/module.ts';
import { draftOrderRoutes } from './routes.ts';
import { draftOrderStoreRoutes } from './store-routes.ts';

/**
 * Draft orders: staff build an order for a customer with the cart's engine and place it for them
 * (a manual payment, marked paid when the money is in) or send them a signed link to pay it.
 */
export const draftOrdersModule: CartonModule = {
  name: 'draft-orders',
  async routes(app, platform) {
    await draftOrderRoutes(app, platform);
    await draftOrderStoreRoutes(app, platform);
  },
};
