import { sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../../../test/harness.ts';
import { createTestStore } from '../../../test/identity.ts';
import { withStore } from '../../platform/db/database.ts';
import { eventFromRow, type OutboxEvent } from '../../platform/events/outbox.ts';
import type { Subscriber } from '../../platform/events/subscribers.ts';
import { uniqueEmail } from '../customers/testing.ts';
import { recordConsent, updateMessagingSettings } from '../messaging/service.ts';
import { uniquePhone } from '../messaging/testing.ts';
import type { CampaignInput } from './campaign-model.ts';
import { faults, takeDueCampaignSteps } from './campaign-scheduler.ts';
import { campaignMessageFollower, campaignStarter, campaignStopper } from './campaign-subscribers.ts';
import { pickVariant } from './campaign-triggers.ts';
import { activateCampaign, createCampaign, pauseCampaign } from './campaigns.ts';
import { useRecoveryPlatform } from './runtime.ts';
import { detectAbandonedCarts, recordPurchase, upsertTrackedCart, type TrackedCartInput } from './service.ts';

/**
 * Campaign runs through real PostgreSQL, messaging and the local SMTP capture: a "minute" lasts
 * 40 ms here, so whole campaigns run in a test. Events are handed to the subscribers as the
 * dispatcher would (in a store-scoped transaction), so redeliveries and races are exact.
 */

const MINUTE_MS = 40;
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- rows under test, read as SQL returns them
type Row = Record<string, any>;
const HOUR = 3_600_000;
let platform: TestPlatform;

beforeAll(async () => {
  platform = await createTestPlatform({
    RECOVERY_CAMPAIGN_MINUTE_MS: String(MINUTE_MS),
    PUBLIC_URL: 'https://api.carton.test',
  });
  useRecoveryPlatform(platform);
});
afterAll(async () => {
  useRecoveryPlatform(null);
  await platform?.close();
});
afterEach(() => {
  delete faults.afterSend;
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * A store whose local time is `hour` o'clock now (SMS quiet hours are 21:00–08:00 local). Its
 * frequency caps are real seconds while campaign minutes are scaled: off unless a test keeps them.
 */
async function storeAt(hour: number, o: { caps?: boolean } = {}): Promise<string> {
  let n = (hour - new Date().getUTCHours() + 48) % 24;
  if (n > 14) n -= 24;
  const tz = n === 0 ? 'Etc/GMT' : n > 0 ? `Etc/GMT-${n}` : `Etc/GMT+${-n}`;
  const store = await createTestStore(platform, { name: 'Saigon Linen' });
  await platform.db.execute(sql`UPDATE stores SET timezone = ${tz} WHERE id = ${store.id}`);
  if (!o.caps) {
    await updateMessagingSettings(platform, {
      storeId: store.id,
      patch: { frequency_caps: { email: { seconds: 0 }, sms: { seconds: 0 } } },
    });
  }
  return store.id;
}

let seq = 0;
function cartInput(storeId: string, o: Partial<TrackedCartInput> = {}): TrackedCartInput {
  seq++;
  return {
    storeId,
    source: 'shopify',
    externalId: `chk-${seq}-${Math.random().toString(36).slice(2)}`,
    currency: 'USD',
    value: 4500,
    items: [{ title: 'Linen shirt', variantId: 'v-1', quantity: 1, unitPrice: 4500 }],
    contact: { email: uniqueEmail('buyer') },
    occurredAt: new Date(Date.now() - 2 * HOUR),
    ...o,
  };
}

/** Track carts and let detection abandon them; returns their tracked ids. */
async function abandon(storeId: string, inputs: TrackedCartInput[]): Promise<string[]> {
  const ids: string[] = [];
  for (const input of inputs) ids.push((await upsertTrackedCart(platform, input)).cart.id);
  await detectAbandonedCarts(platform);
  return ids;
}

async function eventsOfType(storeId: string, type: string): Promise<OutboxEvent[]> {
  const { rows } = await platform.db.execute(
    sql`SELECT * FROM events WHERE store_id = ${storeId} AND type = ${type} ORDER BY id`,
  );
  return rows.map(eventFromRow);
}

/** Hand events to a subscriber as the dispatcher does: in a transaction under the store's scope. */
async function deliver(subscriber: Subscriber, events: OutboxEvent[]): Promise<void> {
  for (const e of events)
    await withStore(platform.db, e.storeId, (tx) => subscriber.handle(e, { tx, attempt: 1 }));
}
const deliverAll = async (storeId: string) => {
  await deliver(campaignStarter, await eventsOfType(storeId, 'cart.abandoned'));
};

async function runs(storeId: string) {
  const { rows } = await platform.db.execute<Row>(
    sql`SELECT * FROM recovery_campaign_runs WHERE store_id = ${storeId} ORDER BY id`,
  );
  return rows;
}
async function runSteps(storeId: string, runId: string) {
  const { rows } = await platform.db.execute<Row>(
    sql`SELECT * FROM recovery_campaign_run_steps WHERE store_id = ${storeId} AND run_id = ${runId} ORDER BY step`,
  );
  return rows;
}
async function messagesOf(storeId: string, runId: string) {
  const { rows } = await platform.db.execute<Row>(
    sql`SELECT * FROM messaging_messages WHERE store_id = ${storeId} AND campaign_ref = ${runId} ORDER BY id`,
  );
  return rows;
}
const mailsTo = (address: string) => platform.mailer.capture!.list().filter((m) => m.to.includes(address));

/** Take due steps until every running run of the store has ended (or time runs out). */
async function runToEnd(storeId: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await takeDueCampaignSteps(platform);
    const open = (await runs(storeId)).filter((r) => r.status === 'running');
    if (!open.length) return;
    if (Date.now() > deadline) throw new Error(`runs still running: ${open.map((r) => r.id).join(', ')}`);
    await sleep(MINUTE_MS / 2);
  }
}

const threeSteps = (o: Record<string, unknown> = {}) =>
  ({
    name: 'Three steps',
    priority: 10,
    steps: [
      { delay_minutes: 0, channel: 'email', template_handle: 'recovery-reminder' },
      {
        delay_minutes: 1,
        channel: 'email',
        template_handle: 'recovery-discount',
        discount: { kind: 'percentage', value: 10, expires_in_hours: 24 },
      },
      { delay_minutes: 2, channel: 'sms', template_handle: 'recovery-sms' },
    ],
    ...o,
  }) as CampaignInput;

async function activeCampaign(storeId: string, input: CampaignInput = threeSteps()): Promise<string> {
  const c = await createCampaign(platform, { storeId, input });
  await activateCampaign(platform, { storeId, campaignId: c.id });
  return c.id;
}

async function consent(storeId: string, o: { email?: string; phone?: string }) {
  if (o.email)
    await recordConsent(platform, { storeId, channel: 'email', address: o.email, source: 'checkout' });
  if (o.phone)
    await recordConsent(platform, { storeId, channel: 'sms', address: o.phone, source: 'checkout' });
}

describe('the default campaign', () => {
  it('is made (with its templates) on a store’s first abandoned cart, and that cart enters it', async () => {
    const storeId = await storeAt(12);
    const [cartId] = await abandon(storeId, [cartInput(storeId)]);
    await deliverAll(storeId);
    const { rows: campaigns } = await platform.db.execute<Row>(
      sql`SELECT * FROM recovery_campaigns WHERE store_id = ${storeId}`,
    );
    expect(campaigns).toHaveLength(1);
    expect(campaigns[0]).toMatchObject({ is_default: true, status: 'active' });
    const [run] = await runs(storeId);
    expect(run).toMatchObject({
      campaign_id: campaigns[0]!.id,
      tracked_cart_id: cartId,
      status: 'running',
      next_step: 0,
    });
    // The first step falls due an hour (60 "minutes") after abandonment.
    expect(+new Date(run!.next_due_at) - +new Date(run!.abandoned_at)).toBe(60 * MINUTE_MS);
    const { rows: templates } = await platform.db.execute<{ handle: string }>(
      sql`SELECT handle FROM messaging_templates WHERE store_id = ${storeId}`,
    );
    expect(templates.map((t) => t.handle)).toEqual(
      expect.arrayContaining(['recovery-reminder', 'recovery-discount', 'recovery-sms']),
    );
  });
});

describe('a whole run', () => {
  it('sends each step at its time, with a unique single-use code, touches for attribution, then completes', async () => {
    const storeId = await storeAt(12);
    const campaignId = await activeCampaign(storeId);
    const email = uniqueEmail('linh');
    const phone = uniquePhone();
    await consent(storeId, { email, phone });
    const [cartId] = await abandon(storeId, [cartInput(storeId, { contact: { email, phone } })]);
    await deliverAll(storeId);
    const [run] = await runs(storeId);
    expect(run!.campaign_id).toBe(campaignId);
    await runToEnd(storeId);

    const [done] = await runs(storeId);
    expect(done).toMatchObject({ status: 'completed', exit_reason: null, steps_taken: 3 });
    const steps = await runSteps(storeId, run!.id);
    expect(steps.map((s) => [s.channel, s.outcome])).toEqual([
      ['email', 'sent'],
      ['email', 'sent'],
      ['sms', 'sent'],
    ]);
    // Never before its time.
    for (const s of steps) expect(+new Date(s.handed_at)).toBeGreaterThanOrEqual(+new Date(s.due_at));
    expect(mailsTo(email)).toHaveLength(2);
    const code = steps[1]!.coupon_code as string;
    expect(code).toMatch(/^BACK-[0-9A-F]{12}$/);
    expect(mailsTo(email).some((m) => (m.html ?? '').includes(code) || (m.text ?? '').includes(code))).toBe(
      true,
    );
    const { rows: coupons } = await platform.db.execute<Row>(
      sql`SELECT * FROM coupons WHERE store_id = ${storeId} AND code = ${code}`,
    );
    expect(coupons[0]).toMatchObject({
      usage_limit: 1,
      per_customer_limit: 1,
      kind: 'percentage',
      basis_points: 1000,
    });
    // Every message carries the run as its campaign reference; each sent one is a touch of the campaign.
    const messages = await messagesOf(storeId, run!.id);
    expect(messages).toHaveLength(3);
    const { rows: touches } = await platform.db.execute<Row>(
      sql`SELECT * FROM recovery_touches WHERE store_id = ${storeId} AND tracked_cart_id = ${cartId} AND kind = 'sent'`,
    );
    expect(touches).toHaveLength(3);
    expect(touches.every((t) => t.campaign_id === campaignId)).toBe(true);
    const types = (await eventsOfType(storeId, 'campaign_run.step_taken')).map((e) => e.payload.outcome);
    expect(types).toEqual(['sent', 'sent', 'sent']);
    expect(await eventsOfType(storeId, 'campaign_run.ended')).toHaveLength(1);
  });

  it('gives each cart its own code', async () => {
    const storeId = await storeAt(12);
    await activeCampaign(storeId, threeSteps({ steps: threeSteps().steps.slice(0, 2) }));
    const contacts = [uniqueEmail('a'), uniqueEmail('b'), uniqueEmail('c')];
    for (const email of contacts) await consent(storeId, { email });
    await abandon(
      storeId,
      contacts.map((email) => cartInput(storeId, { contact: { email } })),
    );
    await deliverAll(storeId);
    await runToEnd(storeId);
    const { rows } = await platform.db.execute<{ coupon_code: string }>(
      sql`SELECT coupon_code FROM recovery_campaign_run_steps WHERE store_id = ${storeId} AND coupon_code IS NOT NULL`,
    );
    expect(rows).toHaveLength(3);
    expect(new Set(rows.map((r) => r.coupon_code)).size).toBe(3);
  });
});

describe('consent', () => {
  it('a contact without consent gets nothing: messaging suppresses, the run goes on and ends', async () => {
    const storeId = await storeAt(12);
    await activeCampaign(storeId);
    const email = uniqueEmail('noconsent');
    await abandon(storeId, [cartInput(storeId, { contact: { email, phone: uniquePhone() } })]);
    await deliverAll(storeId);
    await runToEnd(storeId);
    const [run] = await runs(storeId);
    const steps = await runSteps(storeId, run!.id);
    expect(steps.map((s) => [s.outcome, s.detail])).toEqual([
      ['suppressed', 'no_consent'],
      ['suppressed', 'no_consent'],
      ['suppressed', 'no_consent'],
    ]);
    expect(mailsTo(email)).toHaveLength(0);
  });
});

describe('frequency caps', () => {
  it('messaging’s cap holds: a second e-mail within it is suppressed, the run goes on', async () => {
    const storeId = await storeAt(12, { caps: true });
    await activeCampaign(storeId);
    const email = uniqueEmail('capped');
    await consent(storeId, { email });
    await abandon(storeId, [cartInput(storeId, { contact: { email } })]);
    await deliverAll(storeId);
    await runToEnd(storeId);
    const [run] = await runs(storeId);
    expect((await runSteps(storeId, run!.id)).map((s) => [s.outcome, s.detail])).toEqual([
      ['sent', null],
      ['suppressed', 'frequency_cap'],
      ['skipped', 'no_address'],
    ]);
    expect(mailsTo(email)).toHaveLength(1);
  });
});

describe('exits', () => {
  it('a purchase ends the run at once and cancels its waiting messages', async () => {
    // Night in the store: the SMS is deferred to the morning — a waiting message.
    const storeId = await storeAt(3);
    await activeCampaign(
      storeId,
      threeSteps({
        steps: [
          { delay_minutes: 0, channel: 'sms', template_handle: 'recovery-sms' },
          { delay_minutes: 1, channel: 'email', template_handle: 'recovery-reminder' },
        ],
      }),
    );
    const email = uniqueEmail('buyer');
    const phone = uniquePhone();
    await consent(storeId, { email, phone });
    const input = cartInput(storeId, { contact: { email, phone } });
    await abandon(storeId, [input]);
    await deliverAll(storeId);
    await takeDueCampaignSteps(platform);
    const [run] = await runs(storeId);
    expect((await runSteps(storeId, run!.id))[0]).toMatchObject({ outcome: 'deferred' });

    await recordPurchase(platform, {
      storeId,
      source: 'shopify',
      orderId: `ord-${run!.id}`,
      value: 4500,
      currency: 'USD',
      externalCartId: input.externalId,
    });
    const recovered = await eventsOfType(storeId, 'cart.recovered');
    await deliver(campaignStopper, recovered);
    await deliver(campaignStopper, recovered); // redelivered: nothing more
    const [ended] = await runs(storeId);
    expect(ended).toMatchObject({ status: 'exited', exit_reason: 'recovered', next_due_at: null });
    expect((await messagesOf(storeId, run!.id)).map((m) => m.status)).toEqual(['cancelled']);
    await sleep(3 * MINUTE_MS);
    await takeDueCampaignSteps(platform);
    expect(mailsTo(email)).toHaveLength(0);
    expect(await eventsOfType(storeId, 'campaign_run.ended')).toHaveLength(1);
  });

  it('a purchase seen only by the cart (its event not yet delivered) still stops the next step', async () => {
    const storeId = await storeAt(12);
    await activeCampaign(storeId);
    const email = uniqueEmail('quiet');
    await consent(storeId, { email });
    const input = cartInput(storeId, { contact: { email } });
    await abandon(storeId, [input]);
    await deliverAll(storeId);
    await takeDueCampaignSteps(platform);
    await recordPurchase(platform, {
      storeId,
      source: 'shopify',
      orderId: `o-${seq}`,
      value: 1,
      currency: 'USD',
      externalCartId: input.externalId,
    });
    await sleep(3 * MINUTE_MS);
    await takeDueCampaignSteps(platform);
    const [run] = await runs(storeId);
    expect(run).toMatchObject({ status: 'exited', exit_reason: 'recovered', steps_taken: 1 });
    expect(mailsTo(email)).toHaveLength(1);
  });

  it('with exit on click, a click on an earlier step stops the later ones (and is a touch)', async () => {
    const storeId = await storeAt(12);
    const campaignId = await activeCampaign(storeId, threeSteps({ exit: { on_click: true } }));
    const email = uniqueEmail('clicker');
    await consent(storeId, { email });
    const [cartId] = await abandon(storeId, [cartInput(storeId, { contact: { email } })]);
    await deliverAll(storeId);
    await takeDueCampaignSteps(platform);
    const [run] = await runs(storeId);
    const [message] = await messagesOf(storeId, run!.id);
    const click: OutboxEvent = {
      id: `evt_click_${run!.id}`,
      storeId,
      type: 'message.clicked',
      aggregateType: 'message',
      aggregateId: message!.id,
      sequence: 9,
      payload: { messageId: message!.id, campaignRef: run!.id, channel: 'email', purpose: 'recovery' },
      occurredAt: new Date(),
    };
    await deliver(campaignMessageFollower, [click, click]);
    await sleep(2 * MINUTE_MS);
    await takeDueCampaignSteps(platform);
    const [ended] = await runs(storeId);
    expect(ended).toMatchObject({ status: 'exited', exit_reason: 'clicked', steps_taken: 1 });
    const { rows: touches } = await platform.db.execute<Row>(
      sql`SELECT kind, campaign_id FROM recovery_touches WHERE store_id = ${storeId} AND tracked_cart_id = ${cartId} ORDER BY kind`,
    );
    expect(touches).toEqual([
      { kind: 'clicked', campaign_id: campaignId },
      { kind: 'sent', campaign_id: campaignId },
    ]);
  });

  it('a paused campaign’s runs end before their next step', async () => {
    const storeId = await storeAt(12);
    const campaignId = await activeCampaign(storeId);
    const email = uniqueEmail('paused');
    await consent(storeId, { email });
    await abandon(storeId, [cartInput(storeId, { contact: { email } })]);
    await deliverAll(storeId);
    await takeDueCampaignSteps(platform);
    await pauseCampaign(platform, { storeId, campaignId });
    await sleep(2 * MINUTE_MS);
    await takeDueCampaignSteps(platform);
    expect((await runs(storeId))[0]).toMatchObject({ status: 'exited', exit_reason: 'campaign_paused' });
    expect(mailsTo(email)).toHaveLength(1);
  });
});

describe('duplicates and crashes', () => {
  it('a cart.abandoned delivered twice, or 20 times at once, starts one run', async () => {
    const storeId = await storeAt(12);
    await activeCampaign(storeId);
    await abandon(storeId, [cartInput(storeId), cartInput(storeId)]);
    const [first, second] = await eventsOfType(storeId, 'cart.abandoned');
    await deliver(campaignStarter, [first!, first!]);
    await Promise.all(Array.from({ length: 20 }, () => deliver(campaignStarter, [second!])));
    const all = await runs(storeId);
    expect(all).toHaveLength(2);
    expect(new Set(all.map((r) => r.tracked_cart_id)).size).toBe(2);
    expect(await eventsOfType(storeId, 'campaign_run.started')).toHaveLength(2);
  });

  it('workers racing for the same due steps send each once', async () => {
    const storeId = await storeAt(12);
    await activeCampaign(storeId);
    const emails = Array.from({ length: 10 }, () => uniqueEmail('race'));
    for (const email of emails) await consent(storeId, { email });
    await abandon(
      storeId,
      emails.map((email) => cartInput(storeId, { contact: { email } })),
    );
    await deliverAll(storeId);
    const deadline = Date.now() + 10_000;
    while ((await runs(storeId)).some((r) => r.status === 'running') && Date.now() < deadline) {
      await Promise.all([
        takeDueCampaignSteps(platform),
        takeDueCampaignSteps(platform),
        takeDueCampaignSteps(platform),
      ]);
      await sleep(MINUTE_MS / 2);
    }
    for (const email of emails) expect(mailsTo(email)).toHaveLength(2);
    const { rows } = await platform.db.execute<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM messaging_messages WHERE store_id = ${storeId}`,
    );
    expect(rows[0]!.n).toBe(20); // two e-mails each; no phone, so no SMS
  });

  it('a worker that dies after the hand-over: the step is taken again once its claim lapses, and nothing is sent twice', async () => {
    const storeId = await storeAt(12);
    await activeCampaign(storeId);
    const email = uniqueEmail('crash');
    await consent(storeId, { email });
    await abandon(storeId, [cartInput(storeId, { contact: { email } })]);
    await deliverAll(storeId);
    faults.afterSend = () => {
      throw new Error('worker killed');
    };
    await takeDueCampaignSteps(platform);
    delete faults.afterSend;
    const [claimed] = await runs(storeId);
    expect(claimed).toMatchObject({ status: 'running', next_step: 0, steps_taken: 0 });
    expect(claimed!.claimed_until).not.toBeNull();
    // Claimed: another pass leaves it alone until the lease runs out.
    await takeDueCampaignSteps(platform);
    expect((await runs(storeId))[0]!.next_step).toBe(0);
    await platform.db.execute(
      sql`UPDATE recovery_campaign_runs SET claimed_until = now() - interval '1 second' WHERE id = ${claimed!.id}`,
    );
    await runToEnd(storeId);
    const steps = await runSteps(storeId, claimed!.id);
    expect(steps.map((s) => s.outcome)).toEqual(['sent', 'sent', 'skipped']); // no phone: SMS skipped
    expect(mailsTo(email)).toHaveLength(2);
    expect(await messagesOf(storeId, claimed!.id)).toHaveLength(2);
  });
});

describe('triggers and variants', () => {
  it('the highest-priority active campaign whose trigger matches wins', async () => {
    const storeId = await storeAt(12);
    const big = await activeCampaign(
      storeId,
      threeSteps({ name: 'Big', priority: 50, trigger: { min_value: 10_000 } }),
    );
    const mobile = await activeCampaign(
      storeId,
      threeSteps({ name: 'Woo only', priority: 100, trigger: { sources: ['woocommerce'] } }),
    );
    const product = await activeCampaign(
      storeId,
      threeSteps({ name: 'Shirts', priority: 20, trigger: { product_ids: ['prod_shirt'] } }),
    );
    const draft = await createCampaign(platform, {
      storeId,
      input: threeSteps({ name: 'Draft', priority: 1000 }),
    });
    const [bigCart, wooCart, shirtCart, plainCart, foreignBig] = await abandon(storeId, [
      cartInput(storeId, { value: 20_000 }),
      cartInput(storeId, { source: 'woocommerce', value: 20_000 }),
      cartInput(storeId, {
        items: [{ title: 'Shirt', productId: 'prod_shirt', quantity: 1, unitPrice: 100 }],
        value: 100,
      }),
      cartInput(storeId, { value: 100 }),
      cartInput(storeId, { value: 20_000, currency: 'EUR' }),
    ]);
    await deliverAll(storeId);
    const byCart = new Map((await runs(storeId)).map((r) => [r.tracked_cart_id, r.campaign_id]));
    const { rows: def } = await platform.db.execute<{ id: string }>(
      sql`SELECT id FROM recovery_campaigns WHERE store_id = ${storeId} AND is_default`,
    );
    expect(byCart.get(bigCart!)).toBe(big);
    expect(byCart.get(wooCart!)).toBe(mobile);
    expect(byCart.get(shirtCart!)).toBe(product);
    expect(byCart.get(plainCart!)).toBe(def[0]!.id);
    // Value bounds are in the store's currency (USD): a EUR cart does not meet them.
    expect(byCart.get(foreignBig!)).toBe(def[0]!.id);
    expect([...byCart.values()]).not.toContain(draft.id);
  });

  it('new and returning customers', async () => {
    const storeId = await storeAt(12);
    const fresh = await activeCampaign(
      storeId,
      threeSteps({ name: 'New', priority: 5, trigger: { customer: 'new' } }),
    );
    const back = await activeCampaign(
      storeId,
      threeSteps({ name: 'Returning', priority: 6, trigger: { customer: 'returning' } }),
    );
    const regular = uniqueEmail('regular');
    // Bought before: a purchased cart of the same contact.
    const earlier = cartInput(storeId, { contact: { email: regular }, occurredAt: new Date() });
    await upsertTrackedCart(platform, earlier);
    await recordPurchase(platform, {
      storeId,
      source: 'shopify',
      orderId: `o-regular-${seq}`,
      value: 1,
      currency: 'USD',
      externalCartId: earlier.externalId,
    });
    const [returningCart, newCart] = await abandon(storeId, [
      cartInput(storeId, { contact: { email: regular } }),
      cartInput(storeId),
    ]);
    await deliverAll(storeId);
    const byCart = new Map((await runs(storeId)).map((r) => [r.tracked_cart_id, r.campaign_id]));
    expect(byCart.get(returningCart!)).toBe(back);
    expect(byCart.get(newCart!)).toBe(fresh);
  });

  it('A/B variants: deterministic per cart, spread by weight, each with its template and discount', async () => {
    const storeId = await storeAt(12);
    const variants = [
      { key: 'A', weight: 1, template_handle: 'recovery-reminder' },
      {
        key: 'B',
        weight: 1,
        template_handle: 'recovery-discount',
        discount: { kind: 'fixed', value: 500, expires_in_hours: 24 },
      },
    ] as const;
    await activeCampaign(
      storeId,
      threeSteps({ steps: [{ delay_minutes: 0, channel: 'email', variants }], priority: 1 }),
    );
    const emails = Array.from({ length: 24 }, () => uniqueEmail('ab'));
    for (const email of emails) await consent(storeId, { email });
    const cartIds = await abandon(
      storeId,
      emails.map((email) => cartInput(storeId, { contact: { email } })),
    );
    await deliverAll(storeId);
    await runToEnd(storeId);
    const { rows } = await platform.db.execute<Row>(sql`
      SELECT r.tracked_cart_id, s.variant, s.template_handle, s.coupon_code, s.outcome FROM recovery_campaign_run_steps s
      JOIN recovery_campaign_runs r ON r.id = s.run_id WHERE s.store_id = ${storeId}`);
    expect(rows).toHaveLength(24);
    for (const r of rows) {
      const expected = pickVariant(variants as never, r.tracked_cart_id, 0);
      expect(r.variant).toBe(expected.key);
      expect(r.template_handle).toBe(expected.template_handle);
      expect(r.coupon_code === null).toBe(r.variant === 'A');
      expect(r.outcome).toBe('sent');
    }
    const counts = rows.reduce(
      (m, r) => ({ ...m, [r.variant]: (m[r.variant] ?? 0) + 1 }),
      {} as Record<string, number>,
    );
    expect(counts.A).toBeGreaterThan(3);
    expect(counts.B).toBeGreaterThan(3);
    expect(cartIds).toHaveLength(24);
    const { rows: fixed } = await platform.db.execute<Row>(
      sql`SELECT kind, amounts FROM coupons WHERE store_id = ${storeId} LIMIT 1`,
    );
    expect(fixed[0]).toMatchObject({ kind: 'fixed_amount', amounts: { USD: 500 } });
  });
});

describe('tenancy', () => {
  it('a store’s runs and steps are invisible to another store under row-level security', async () => {
    const a = await storeAt(12);
    const b = await storeAt(12);
    await activeCampaign(a);
    await abandon(a, [cartInput(a)]);
    await deliverAll(a);
    const seen = await withStore(platform.db, b, async (tx) => {
      const { rows } = await tx.execute(sql`SELECT * FROM recovery_campaign_runs`);
      const { rows: campaigns } = await tx.execute(
        sql`SELECT * FROM recovery_campaigns WHERE store_id = ${a}`,
      );
      return rows.length + campaigns.length;
    });
    expect(seen).toBe(0);
  });
});
