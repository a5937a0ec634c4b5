import type { CartonModule } from '../platform/module.ts';
import { registerAdminConsole } from './admin-console.ts';
import { registerStorefront } from './storefront.ts';

/**
 * The web apps Carton serves itself: the storefront at `/` (server-rendered pages) and the admin
 * console at `/admin/` (a single-page app). Registered after every API module.
 */
export const webModule: CartonModule = {
  name: 'web',
  async routes(app, platform) {
    registerAdminConsole(app);
    await registerStorefront(app, platform);
  },
};
