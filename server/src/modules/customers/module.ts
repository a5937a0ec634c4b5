import type { CartonModule } from '../../platform/module.ts';
import { customersRoutes } from './routes.ts';
import { useCustomersPlatform } from './runtime.ts';
import './service.ts';

/**
 * Customers: everything a store keeps about its shoppers beyond the login record identity owns —
 * profile details, address book, wish list, marketing consent with its history — and GDPR export
 * and erasure across every module that holds personal data. Its subscriber (`events.ts`) links a
 * guest's consent to the account they register.
 */
export const customersModule: CartonModule = {
  name: 'customers',
  routes: customersRoutes,
  async startWorker(platform) {
    useCustomersPlatform(platform);
    return async () => useCustomersPlatform(null);
  },
};
