import { listen } from '../../platform/events/listener.ts';
import { startLoop } from '../../platform/events/loop.ts';
import type { CartonModule } from '../../platform/module.ts';
import './events.ts';
import './campaign-events.ts';
import './personal-data.ts';
import './platform-intake.ts';
import './subscribers.ts';
import './workflows.ts';
import { foldTrackerEvents } from './fold.ts';
import { TRACKER_CHANNEL } from './ingest.ts';
import { recoveryRoutes } from './routes.ts';
import { useRecoveryPlatform } from './runtime.ts';

/**
 * Recovery: carts tracked from every source (Carton's cart events, the tracking snippet, platform
 * integrations), abandonment detection, the recovery link, attribution and daily figures. Workers
 * fold the snippet's events (woken by NOTIFY, polling as a safety net) and run the schedules.
 */
export const recoveryModule: CartonModule = {
  name: 'recovery',
  async routes(app, platform) {
    useRecoveryPlatform(platform);
    await recoveryRoutes(app, platform);
  },
  async startWorker(platform) {
    useRecoveryPlatform(platform);
    const loop = startLoop({
      name: 'recovery.fold',
      log: platform.log,
      idleMs: 1000,
      run: async () => ({ more: (await foldTrackerEvents(platform)).more }),
    });
    const unlisten = await listen(platform.database, TRACKER_CHANNEL, () => loop.wake()).catch(() => null);
    return async () => {
      await unlisten?.();
      await loop.stop();
    };
  },
};
