import type { CartonModule } from '../../platform/module.ts';
import './events.ts';
import { checkoutRoutes } from './routes.ts';
import { configureCheckoutTimings, usePlatformForCheckouts } from './workflows.ts';

/**
 * Checkout: `POST /store/v1/carts/{id}/complete` runs the durable checkout workflow (stock,
 * fraud hook, payment with 3-D Secure, order, capture) with compensation on any failure, exactly
 * once per cart; `GET /store/v1/carts/{id}/checkout` follows an attempt. Workers run the workflow.
 */
export const checkoutModule: CartonModule = {
  name: 'checkout',
  async routes(app, platform) {
    await checkoutRoutes(app, platform);
  },
  async startWorker(platform) {
    configureCheckoutTimings({
      actionTimeoutSeconds: platform.config.CHECKOUT_ACTION_TIMEOUT_SECONDS,
      actionPollSeconds: platform.config.CHECKOUT_ACTION_POLL_SECONDS,
      processingRetries: 10,
    });
    usePlatformForCheckouts(platform);
    return async () => usePlatformForCheckouts(null);
  },
};
