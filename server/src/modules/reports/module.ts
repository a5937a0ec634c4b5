import type { CartonModule } from '../../platform/module.ts';
import { reportsRoutes } from './routes.ts';

/**
 * Reports: read-only figures for the admin dashboard, computed through the orders and cart
 * modules' exported read functions; this module owns no table.
 */
export const reportsModule: CartonModule = { name: 'reports', routes: reportsRoutes };
