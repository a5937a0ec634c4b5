import type { Platform } from '../../platform/context.ts';

/**
 * The process's platform, for work that is handed no platform: event subscribers (e-mail, guest
 * orders) and schedules. Set when the orders worker starts (and by tests that run them).
 */
let current: Platform | null = null;

export function useOrdersPlatform(platform: Platform | null): void {
  current = platform;
}

export function ordersPlatform(): Platform {
  // A subscriber that runs before the worker is up throws, and its delivery is retried.
  if (!current) throw new Error('The orders worker has not started yet.');
  return current;
}
