import type { CartonModule } from '../../platform/module.ts';
import './events.ts';
import { storefrontRoutes } from './routes.ts';

/**
 * The shopper's product reads, composed from catalog, pricing and inventory, with an in-process
 * cache of the catalog half evicted by events (subscriber `storefront.cache`).
 */
export const storefrontModule: CartonModule = {
  name: 'storefront',
  routes: storefrontRoutes,
};
