import type { CartonModule } from '../../platform/module.ts';
import './events.ts';
import './personal-data.ts';
import { integrationsAdminRoutes, integrationsIngestRoutes } from './routes.ts';
import { usePlatformForIntegrations } from './workflows.ts';

/**
 * Integrations: shops on Shopify, WooCommerce, BigCommerce and Magento connected to a store, so
 * that their carts, checkouts, orders and customers feed the Recover pillar — verified,
 * de-duplicated webhooks, polling where there are none, every payload mapped into neutral types
 * and handed to the recovery port (`recovery-port.ts`). See docs/integrations.md.
 */
export const integrationsModule: CartonModule = {
  name: 'integrations',
  async routes(app, platform) {
    await integrationsAdminRoutes(app, platform);
    await integrationsIngestRoutes(app, platform);
  },
  async startWorker(platform) {
    usePlatformForIntegrations(platform);
    return async () => usePlatformForIntegrations(null);
  },
};
