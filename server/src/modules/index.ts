import type { CartonModule } from '../platform/module.ts';

/**
 * Every bounded context, in start order. A module adds HTTP routes, background workers, or both.
 */
export const modules: CartonModule[] = [];
