import { listen } from '../../platform/events/listener.ts';
import { startLoop } from '../../platform/events/loop.ts';
import type { CartonModule } from '../../platform/module.ts';
import './events.ts';
import './campaign-events.ts';
import './campaign-subscribers.ts';
import './personal-data.ts';
import './platform-intake.ts';
import './subscribers.ts';
import './workflows.ts';
import { CAMPAIGN_RUNS_CHANNEL } from './campaign-runs.ts';
import { takeDueCampaignSteps } from './campaign-scheduler.ts';
import { foldTrackerEvents } from './fold.ts';
import { TRACKER_CHANNEL } from './ingest.ts';
import { recoveryRoutes } from './routes.ts';
import { useRecoveryPlatform } from './runtime.ts';

/**
 * Recovery: carts tracked from every source (Carton's cart events, the tracking snippet, platform
 * integrations), abandonment detection, campaigns, the recovery link, attribution and daily figures.
 * Workers fold the snippet's events and take due campaign steps (each woken by NOTIFY, polling as a
 * safety net) and run the schedules.
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
      // Abandonment is minutes away: folding a second's events at once costs less per event (a
      // cart's snapshots coalesce) and leaves the cores to the requests meanwhile.
      gatherMs: 500,
      run: async () => ({ more: (await foldTrackerEvents(platform)).more }),
    });
    const unlisten = await listen(platform.database, TRACKER_CHANNEL, () => loop.wake()).catch(() => null);
    // Campaign steps: woken when a run starts, else asleep until the next step falls due.
    const campaigns = startLoop({
      name: 'recovery.campaigns',
      log: platform.log,
      idleMs: 1000,
      run: async () => takeDueCampaignSteps(platform),
    });
    const unlistenRuns = await listen(platform.database, CAMPAIGN_RUNS_CHANNEL, () => campaigns.wake()).catch(
      () => null,
    );
    return async () => {
      await unlisten?.();
      await unlistenRuns?.();
      await loop.stop();
      await campaigns.stop();
    };
  },
};
