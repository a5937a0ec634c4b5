import type { CartonModule } from '../../platform/module.ts';
import './events.ts';
import { shippingRoutes } from './routes.ts';
import { onCarrierFailure } from './service.ts';

/**
 * Shipping: zones, methods with their rate tables, carrier-rate providers, and the rates a basket
 * is offered for an address (`quoteShippingRates` / `quoteShippingRate`, called by cart and checkout).
 */
export const shippingModule: CartonModule = {
  name: 'shipping',
  async routes(app, platform) {
    onCarrierFailure((provider, err) =>
      platform.log.warn(
        { provider, err },
        'carrier rate quote failed; the methods fell back to their rate tables',
      ),
    );
    await shippingRoutes(app, platform);
  },
};
