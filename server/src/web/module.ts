import type { CartonModule } from '../platform/module.ts';
import { registerStorefront } from './storefront.ts';

/**
 * The web apps Carton serves itself: the storefront at `/` (server-rendered pages). Registered
 * after every API module. The admin console can be served the same way with `serveStaticApp`
 * (platform/http/static-app.ts), e.g. `{ dir: web/admin/dist, prefix: '/admin', exclude: ['/admin/v1'] }`.
 */
export const webModule: CartonModule = {
  name: 'web',
  async routes(app, platform) {
    await registerStorefront(app, platform);
  },
};
