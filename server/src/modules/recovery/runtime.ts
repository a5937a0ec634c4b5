import type { Platform } from '../../platform/context.ts';

/**
 * The process's platform, for work handed none: event subscribers (Carton's cart and order events)
 * and schedules. Set when the recovery module starts (routes or worker), and by tests.
 */
let current: Platform | null = null;

export function useRecoveryPlatform(platform: Platform | null): void {
  current = platform;
}

export function recoveryPlatform(): Platform {
  // A subscriber that runs before the module is up throws, and its delivery is retried.
  if (!current) throw new Error('The recovery module has not started yet.');
  return current;
}
