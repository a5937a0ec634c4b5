import type { Platform } from '../../platform/context.ts';
import { defineSchedule, defineWorkflow, step } from '../../platform/workflows/workflows.ts';
import { sendDueMessages } from './send.ts';

/** The worker's platform, set when the messaging worker starts (schedules fire only in workers). */
let workerPlatform: Platform | null = null;

export function useMessagingPlatform(platform: Platform | null): void {
  workerPlatform = platform;
}

/**
 * Every 15 seconds: send the messages whose time has come — deferred SMS at the start of the
 * recipient's day, retries after a provider was unavailable, and attempts whose lease ran out.
 * Each message is re-checked under its row lock, so overlapping ticks and workers send it once.
 */
export const sendDueMessagesWorkflow = defineWorkflow(
  'messaging.send-due',
  async (_at: Date, _ctx: unknown) => {
    const platform = workerPlatform;
    if (!platform) return;
    await step('send-due', async () => {
      await sendDueMessages(platform);
    });
  },
);

defineSchedule({ name: 'messaging.send-due', cron: '*/15 * * * * *', workflow: sendDueMessagesWorkflow });
