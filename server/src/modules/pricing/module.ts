import { listen } from '../../platform/events/listener.ts';
import type { CartonModule } from '../../platform/module.ts';
import './events.ts';
import { invalidateAllPrices, invalidateStorePrices } from './price-for.ts';
import { pricingRoutes } from './routes.ts';
import { PRICING_CHANNEL } from './service.ts';

/**
 * Pricing: variant prices per currency, price lists, rules, exchange rates, and `priceFor` with
 * its in-process cache. Every API node listens on `carton_pricing` so a change committed on one
 * node is dropped from every node's cache.
 */
export const pricingModule: CartonModule = {
  name: 'pricing',
  async routes(app, platform) {
    const unlisten = await listen(platform.database, PRICING_CHANNEL, (storeId) => {
      // null: the connection was lost and notifications may have been missed.
      if (storeId) invalidateStorePrices(storeId);
      else invalidateAllPrices();
    });
    app.addHook('onClose', async () => {
      await unlisten();
    });
    await pricingRoutes(app, platform);
  },
};
