import type { Platform } from '../../platform/context.ts';

/**
 * The process's platform, for the customers module's event subscribers (which are handed only a
 * transaction): set when a worker starts, cleared when it stops.
 */
let current: Platform | null = null;

export function useCustomersPlatform(platform: Platform | null): void {
  current = platform;
}

export function customersPlatform(): Platform {
  // A subscriber that runs before the worker is up throws, and its delivery is retried.
  if (!current) throw new Error('The customers module has not started yet.');
  return current;
}
