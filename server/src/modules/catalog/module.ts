import type { CartonModule } from '../../platform/module.ts';
import { createFileStorage } from '../../platform/files/index.ts';
import './events.ts';
import { catalogRoutes } from './routes.ts';

/**
 * Products, options and variants, nested categories, manual collections, images (in file
 * storage) and translations. Other modules use it through `service.ts` only.
 */
export const catalogModule: CartonModule = {
  name: 'catalog',
  async routes(app, platform) {
    await catalogRoutes(app, platform, createFileStorage(platform.config));
  },
};
