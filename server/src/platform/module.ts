import type { Platform } from './context.ts';
import type { App } from './http/app.ts';

export type StopFn = () => Promise<void>;

/** How a bounded context plugs into the process. */
export interface CartonModule {
  name: string;
  /** Register HTTP routes (API processes). */
  routes?(app: App, platform: Platform): Promise<void>;
  /** Start background work (worker processes); returns how to stop it. */
  startWorker?(platform: Platform): Promise<StopFn>;
}
