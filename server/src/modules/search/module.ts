import type { CartonModule } from '../../platform/module.ts';
import './events.ts';
import './sources.ts';
import { searchRoutes } from './routes.ts';

/**
 * Product search: a denormalized index kept fresh from catalog, pricing and inventory events
 * (subscriber `search.index`), the storefront search and autocomplete, and search analytics.
 */
export const searchModule: CartonModule = {
  name: 'search',
  routes: searchRoutes,
};
