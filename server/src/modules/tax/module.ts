import type { CartonModule } from '../../platform/module.ts';
import './events.ts';
import { taxRoutes } from './routes.ts';

/**
 * Tax: a store's tax settings and rates, tax providers, and `calculateTax` (called by cart and
 * checkout) with per-line rounding that sums exactly to the document's tax.
 */
export const taxModule: CartonModule = {
  name: 'tax',
  async routes(app, platform) {
    await taxRoutes(app, platform);
  },
};
