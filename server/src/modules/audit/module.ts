import type { CartonModule } from '../../platform/module.ts';
import { auditRoutes } from './routes.ts';

/** The audit log of admin and operator mutations: other modules write it with `recordAudit`. */
export const auditModule: CartonModule = {
  name: 'audit',
  routes: auditRoutes,
};
