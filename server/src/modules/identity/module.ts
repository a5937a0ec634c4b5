import type { CartonModule } from '../../platform/module.ts';
import { registerAuthentication } from './authenticate.ts';
import { staffAuthRoutes } from './routes/auth.ts';
import { customerRoutes } from './routes/customers.ts';
import { platformRoutes } from './routes/platform.ts';
import { staffRoutes } from './routes/staff.ts';

/**
 * Identity and access: who is calling (the authentication hook every request passes through),
 * staff and shopper accounts, sessions, MFA, roles and permissions, API keys. Must be the first
 * module, so its hook runs before any other module's routes.
 */
export const identityModule: CartonModule = {
  name: 'identity',
  async routes(app, platform) {
    registerAuthentication(app, platform);
    await staffAuthRoutes(app, platform);
    await staffRoutes(app, platform);
    await platformRoutes(app, platform);
    await customerRoutes(app, platform);
  },
};
