import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../../../test/harness.ts';
import { createTestStore } from '../../../test/identity.ts';
import { withStore } from '../../platform/db/database.ts';
import { eventFromRow } from '../../platform/events/outbox.ts';
import { eventually, uniqueEmail } from '../customers/testing.ts';
import { recordConsent, updateMessagingSettings } from '../messaging/service.ts';
import { faults } from './campaign-scheduler.ts';
import { campaignStarter } from './campaign-subscribers.ts';
import { activateCampaign, createCampaign } from './campaigns.ts';
import { recoveryModule } from './module.ts';
import { useRecoveryPlatform } from './runtime.ts';
import { detectAbandonedCarts, upsertTrackedCart } from './service.ts';

/**
 * The recovery worker stopped in the middle of a run — once between steps, once in the middle of
 * a step (after the message was handed over, before the step was recorded) — and started again:
 * the run carries on from where it was, and no message goes twice. A "minute" lasts 150 ms; a
 * claim lapses after 5 s. The second step falls due 3 s after the first, so that the first worker
 * stops between steps even on a slow machine (at 600 ms it sometimes took both before stopping).
 */

let platform: TestPlatform;
let storeId: string;

beforeAll(async () => {
  platform = await createTestPlatform({
    RECOVERY_CAMPAIGN_MINUTE_MS: '150',
    RECOVERY_CAMPAIGN_LEASE_SECONDS: '5',
  });
  useRecoveryPlatform(platform);
  storeId = (await createTestStore(platform)).id;
  await updateMessagingSettings(platform, { storeId, patch: { frequency_caps: { email: { seconds: 0 } } } });
});
afterAll(async () => {
  delete faults.afterSend;
  useRecoveryPlatform(null);
  await platform?.close();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const mailsTo = (address: string) => platform.mailer.capture!.list().filter((m) => m.to.includes(address));
const steps = async (runId: string) =>
  (
    await platform.db.execute<{ step: number; outcome: string; message_id: string | null }>(
      sql`SELECT step, outcome, message_id FROM recovery_campaign_run_steps WHERE run_id = ${runId} ORDER BY step`,
    )
  ).rows;

describe('a worker restarted mid-run', () => {
  it('carries the run on, sending every step exactly once', async () => {
    const campaign = await createCampaign(platform, {
      storeId,
      input: {
        name: 'Three e-mails',
        priority: 5,
        steps: [
          { delay_minutes: 0, channel: 'email', template_handle: 'recovery-reminder' },
          { delay_minutes: 20, channel: 'email', template_handle: 'recovery-reminder' },
          { delay_minutes: 24, channel: 'email', template_handle: 'recovery-reminder' },
        ],
      },
    });
    await activateCampaign(platform, { storeId, campaignId: campaign.id });
    const email = uniqueEmail('restart');
    await recordConsent(platform, { storeId, channel: 'email', address: email, source: 'checkout' });
    await upsertTrackedCart(platform, {
      storeId,
      source: 'tracker',
      externalId: `t-${Date.now()}`,
      currency: 'USD',
      value: 1200,
      items: [{ title: 'Notebook', quantity: 1, unitPrice: 1200 }],
      contact: { email },
      occurredAt: new Date(Date.now() - 2 * 3_600_000),
    });
    await detectAbandonedCarts(platform);
    const { rows: events } = await platform.db.execute(
      sql`SELECT * FROM events WHERE store_id = ${storeId} AND type = 'cart.abandoned'`,
    );
    await withStore(platform.db, storeId, (tx) =>
      campaignStarter.handle(eventFromRow(events[0]!), { tx, attempt: 1 }),
    );
    const { rows: runs } = await platform.db.execute<{ id: string }>(
      sql`SELECT id FROM recovery_campaign_runs WHERE store_id = ${storeId}`,
    );
    const runId = runs[0]!.id;

    // Worker 1 sends the first step, then stops between steps.
    const stop1 = await recoveryModule.startWorker!(platform);
    await eventually(async () => (mailsTo(email).length === 1 ? true : null));
    await stop1();
    expect((await steps(runId)).map((s) => s.outcome)).toEqual(['sent']);
    const { rows: due } = await platform.db.execute<{ next_due_at: Date }>(
      sql`SELECT next_due_at FROM recovery_campaign_runs WHERE id = ${runId}`,
    );
    // Step 1 falls due while no worker runs.
    await sleep(Math.max(0, new Date(due[0]!.next_due_at).getTime() - Date.now()) + 300);
    expect(mailsTo(email)).toHaveLength(1);

    // Worker 2 takes step 1 and dies after handing it over, before recording it.
    faults.afterSend = (_run, step) => {
      if (step === 1) throw new Error('worker killed mid-step');
    };
    const stop2 = await recoveryModule.startWorker!(platform);
    await eventually(async () => (mailsTo(email).length === 2 ? true : null));
    await stop2();
    delete faults.afterSend;
    expect((await steps(runId)).map((s) => s.outcome)).toEqual(['sent', 'sending']);

    // Worker 3: the claim lapses (5 s), step 1 is taken again — messaging answers with the message
    // already sent — and the run goes on to its end.
    const stop3 = await recoveryModule.startWorker!(platform);
    try {
      await eventually(async () => {
        const s = await steps(runId);
        return s.length === 3 && s[2]!.outcome === 'sent' ? s : null;
      }, 20_000);
    } finally {
      await stop3();
    }
    const taken = await steps(runId);
    expect(taken.map((s) => s.outcome)).toEqual(['sent', 'sent', 'sent']);
    expect(new Set(taken.map((s) => s.message_id)).size).toBe(3);
    expect(mailsTo(email)).toHaveLength(3);
    const { rows: messages } = await platform.db.execute(
      sql`SELECT id FROM messaging_messages WHERE store_id = ${storeId} AND campaign_ref = ${runId}`,
    );
    expect(messages).toHaveLength(3);
    const { rows: done } = await platform.db.execute<{ status: string }>(
      sql`SELECT status FROM recovery_campaign_runs WHERE id = ${runId}`,
    );
    expect(done[0]!.status).toBe('completed');
  }, 40_000);
});
