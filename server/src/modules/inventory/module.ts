import type { CartonModule } from '../../platform/module.ts';
import './events.ts';
import { inventoryRoutes } from './routes.ts';
import { useDatabaseForSchedules } from './workflows.ts';

/**
 * Multi-warehouse inventory: stock locations, levels, reservations for carts and checkouts
 * (released on expiry by a schedule), adjustments, transfers and the movement ledger.
 */
export const inventoryModule: CartonModule = {
  name: 'inventory',
  routes: inventoryRoutes,
  async startWorker(platform) {
    useDatabaseForSchedules(platform.db);
    return async () => useDatabaseForSchedules(null);
  },
};
