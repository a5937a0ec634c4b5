import type { CartonModule } from '../../../platform/module.ts';
import { catalogCsvRoutes } from './routes.ts';
import { setImportPlatform } from './workflows.ts';

/** Product CSV import/export (Shopify's format); part of the catalog, its own module entry. */
export const catalogCsvModule: CartonModule = {
  name: 'catalog-csv',
  routes: catalogCsvRoutes,
  async startWorker(platform) {
    setImportPlatform(platform);
    return async () => setImportPlatform(null);
  },
};
