import type { Platform } from '../../platform/context.ts';
import type { CartonModule } from '../../platform/module.ts';
import './events.ts';
import { shippingRoutes } from './routes.ts';
import { onCarrierFailure } from './service.ts';

/** Carrier failures are logged wherever quotes run: API processes and workers (checkout workflows). */
function logCarrierFailures(platform: Platform): void {
  onCarrierFailure((provider, err) =>
    platform.log.warn(
      { provider, err },
      'carrier rate quote failed; its methods fell back to their rate tables',
    ),
  );
}

/**
 * Shipping: zones, methods with their rate tables, carrier-rate providers, and the rates a basket
 * is offered for an address (`quoteShippingRates` / `quoteShippingRate`, called by cart and checkout).
 */
export const shippingModule: CartonModule = {
  name: 'shipping',
  async routes(app, platform) {
    logCarrierFailures(platform);
    await shippingRoutes(app, platform);
  },
  async startWorker(platform) {
    logCarrierFailures(platform);
    return async () => {};
  },
};
