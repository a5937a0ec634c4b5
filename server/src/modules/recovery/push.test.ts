import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakePushService, type FakePushService } from '../../../test/fake-messaging.ts';
import { createTestPlatform, type TestPlatform } from '../../../test/harness.ts';
import { createTestStore } from '../../../test/identity.ts';
import { withStore } from '../../platform/db/database.ts';
import { eventFromRow, type OutboxEvent } from '../../platform/events/outbox.ts';
import type { Subscriber } from '../../platform/events/subscribers.ts';
import { uniqueEmail } from '../customers/testing.ts';
import {
  lookUpConsent,
  pushAddressKey,
  recordClick,
  updateChannelSettings,
  updateMessagingSettings,
  withdrawConsent,
} from '../messaging/service.ts';
import type { CampaignInput } from './campaign-model.ts';
import { faults, takeDueCampaignSteps } from './campaign-scheduler.ts';
import { campaignStarter } from './campaign-subscribers.ts';
import { activateCampaign, createCampaign } from './campaigns.ts';
import { eraseRecoveryContact, exportRecoveryContact } from './personal-data.ts';
import { recordPushSubscription, removePushSubscription } from './push-subscriptions.ts';
import { useRecoveryPlatform } from './runtime.ts';
import { detectAbandonedCarts, upsertTrackedCart, type TrackedCartInput } from './service.ts';
import { pushConsentFollower } from './subscribers.ts';

/**
 * Web push for abandoned carts, through real PostgreSQL, messaging's `webpush` provider and a
 * local push service that speaks the protocol (VAPID checked, payload decrypted): a shopper's
 * subscription reaches their tracked cart, a campaign's push step is handed to the push service,
 * consent rules hold, repeats double nothing, and one store never uses another's subscription.
 */

const MINUTE_MS = 40;
const HOUR = 3_600_000;
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- rows under test, read as SQL returns them
type Row = Record<string, any>;
let platform: TestPlatform;
let push: FakePushService;

beforeAll(async () => {
  push = await startFakePushService();
  platform = await createTestPlatform({
    RECOVERY_CAMPAIGN_MINUTE_MS: String(MINUTE_MS),
    PUBLIC_URL: 'https://api.carton.test',
    MESSAGING_PROVIDER_TIMEOUT_MS: '3000',
  });
  useRecoveryPlatform(platform);
});
afterAll(async () => {
  useRecoveryPlatform(null);
  await platform?.close();
  await push?.close();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const visitorId = () => `v${Math.random().toString(36).slice(2)}${Date.now().toString(36)}`;

/** A store that pushes through `webpush`, with a campaign of one push step at abandonment. */
async function pushStore(): Promise<string> {
  const store = await createTestStore(platform, { name: 'Saigon Linen' });
  await updateChannelSettings(platform, {
    storeId: store.id,
    channel: 'push',
    input: { provider: 'webpush', config: { vapid_subject: 'mailto:ops@saigon.example' } },
  });
  await updateMessagingSettings(platform, {
    storeId: store.id,
    patch: { frequency_caps: { push: { seconds: 0 } } },
  });
  const input = {
    name: 'Push first',
    priority: 10,
    steps: [{ delay_minutes: 0, channel: 'push', template_handle: 'recovery-push' }],
  } as CampaignInput;
  const c = await createCampaign(platform, { storeId: store.id, input });
  await activateCampaign(platform, { storeId: store.id, campaignId: c.id });
  return store.id;
}

function cartInput(storeId: string, o: Partial<TrackedCartInput> = {}): TrackedCartInput {
  return {
    storeId,
    source: 'tracker',
    externalId: `tc-${Math.random().toString(36).slice(2)}`,
    currency: 'USD',
    value: 4500,
    items: [{ title: 'Linen shirt', variantId: 'v-1', quantity: 1, unitPrice: 4500 }],
    contact: { email: uniqueEmail('buyer') },
    occurredAt: new Date(Date.now() - 2 * HOUR),
    ...o,
  };
}

async function eventsOfType(storeId: string, type: string): Promise<OutboxEvent[]> {
  const { rows } = await platform.db.execute(
    sql`SELECT * FROM events WHERE store_id = ${storeId} AND type = ${type} ORDER BY id`,
  );
  return rows.map(eventFromRow);
}
async function deliver(subscriber: Subscriber, events: OutboxEvent[]): Promise<void> {
  for (const e of events)
    await withStore(platform.db, e.storeId, (tx) => subscriber.handle(e, { tx, attempt: 1 }));
}

/** Abandon the carts, start their runs and take every step; returns each cart's steps. */
async function abandonAndRun(storeId: string, carts: TrackedCartInput[]): Promise<Row[][]> {
  const ids: string[] = [];
  for (const c of carts) ids.push((await upsertTrackedCart(platform, c)).cart.id);
  await detectAbandonedCarts(platform);
  await deliver(campaignStarter, await eventsOfType(storeId, 'cart.abandoned'));
  await runToEnd(storeId);
  return Promise.all(ids.map((id) => stepsOf(storeId, id)));
}

/** Take due steps until no run of the store is running. */
async function runToEnd(storeId: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    await takeDueCampaignSteps(platform);
    const { rows: open } = await platform.db.execute(
      sql`SELECT 1 FROM recovery_campaign_runs WHERE store_id = ${storeId} AND status = 'running'`,
    );
    if (!open.length) return;
    if (Date.now() > deadline) throw new Error('runs still running');
    await sleep(MINUTE_MS / 2);
  }
}

async function stepsOf(storeId: string, trackedCartId: string): Promise<Row[]> {
  const { rows } = await platform.db.execute<Row>(sql`
    SELECT s.* FROM recovery_campaign_run_steps s JOIN recovery_campaign_runs r
      ON r.store_id = s.store_id AND r.id = s.run_id
    WHERE r.store_id = ${storeId} AND r.tracked_cart_id = ${trackedCartId} ORDER BY s.step`);
  return rows;
}

const receivedAt = (endpoint: string) => push.received.filter((r) => r.path === new URL(endpoint).pathname);

async function subscriptionRows(storeId: string): Promise<Row[]> {
  const { rows } = await platform.db.execute<Row>(
    sql`SELECT * FROM recovery_push_subscriptions WHERE store_id = ${storeId} ORDER BY id`,
  );
  return rows;
}

describe('a push step of a campaign', () => {
  it('goes to the subscription of the cart’s visitor: the push service gets the template, the click leads to the recovery link', async () => {
    const storeId = await pushStore();
    const visitor = visitorId();
    const subscription = push.subscription();
    const recorded = await recordPushSubscription(platform, {
      storeId,
      input: { subscription, visitor_id: visitor },
    });
    expect(recorded).toMatchObject({ address: pushAddressKey(subscription.endpoint), recorded: true });
    // Kept encrypted: neither the endpoint nor a key in clear.
    const [row] = await subscriptionRows(storeId);
    expect(row).toMatchObject({ anonymous_id: visitor, address_key: pushAddressKey(subscription.endpoint) });
    for (const secret of [subscription.endpoint, subscription.keys.auth, subscription.keys.p256dh])
      expect(JSON.stringify(row)).not.toContain(secret);
    // Consent is recorded as the storefront endpoint records it.
    const consent = await lookUpConsent(platform, {
      storeId,
      channel: 'push',
      address: subscription.endpoint,
    });
    expect(consent.consent[0]).toMatchObject({
      category: 'marketing',
      status: 'granted',
      source: 'push_prompt',
    });

    const [steps] = await abandonAndRun(storeId, [cartInput(storeId, { anonymousId: visitor })]);
    expect(steps!.map((s) => [s.channel, s.outcome])).toEqual([['push', 'sent']]);
    expect(steps![0]!.push_subscription_id).toBe(row!.id);
    const [got] = receivedAt(subscription.endpoint);
    expect(push.refused).toEqual([]);
    expect(got!.payload).toMatchObject({
      title: 'Your cart is waiting',
      body: '1 item(s) · $45.00 at Saigon Linen',
      message_id: steps![0]!.message_id,
    });
    // The click goes through messaging's tracked redirect to the cart's signed recovery link.
    const url = String(got!.payload.url);
    expect(url).toMatch(/^https:\/\/api\.carton\.test\/ingest\/v1\/messaging\/click\//);
    const target = await recordClick(platform, url.split('/click/')[1]!);
    expect(target).toBe(steps![0]!.data.cart.recovery_url);
    expect(target).toMatch(/^https:\/\/api\.carton\.test\/store\/v1\/recovery\/links\//);
  });

  it('reaches the shopper through a Carton cart id, or through their contact on another browser', async () => {
    const storeId = await pushStore();
    const byCart = push.subscription();
    const cartonCart = cartInput(storeId, { source: 'carton', externalId: `cart_${visitorId()}` });
    await recordPushSubscription(platform, {
      storeId,
      input: { subscription: byCart, cart_id: cartonCart.externalId },
    });
    // Another browser of the same shopper: its visitor identified as the cart's contact.
    const email = uniqueEmail('two-devices');
    const phoneBrowser = visitorId();
    const first = await upsertTrackedCart(
      platform,
      cartInput(storeId, { anonymousId: phoneBrowser, contact: { email }, occurredAt: new Date() }),
    );
    await platform.db.execute(sql`
      INSERT INTO recovery_visitors (store_id, anonymous_id, contact_id) VALUES (${storeId}, ${phoneBrowser}, ${first.cart.contact_id})`);
    const byContact = push.subscription();
    await recordPushSubscription(platform, {
      storeId,
      input: { subscription: byContact, visitor_id: phoneBrowser },
    });
    const [cartonSteps, laptopSteps] = await abandonAndRun(storeId, [
      cartonCart,
      cartInput(storeId, { anonymousId: visitorId(), contact: { email } }),
    ]);
    expect(cartonSteps!.map((s) => s.outcome)).toEqual(['sent']);
    expect(laptopSteps!.map((s) => s.outcome)).toEqual(['sent']);
    expect(receivedAt(byCart.endpoint)).toHaveLength(1);
    expect(receivedAt(byContact.endpoint)).toHaveLength(1);
  });

  it('without a subscription is skipped (no_address), as before', async () => {
    const storeId = await pushStore();
    const [steps] = await abandonAndRun(storeId, [cartInput(storeId, { anonymousId: visitorId() })]);
    expect(steps!.map((s) => [s.outcome, s.detail])).toEqual([['skipped', 'no_address']]);
  });
});

describe('consent', () => {
  it('withdrawn: nothing is sent — messaging suppresses it, and the subscription goes once the withdrawal is followed', async () => {
    const storeId = await pushStore();
    const [a, b] = [visitorId(), visitorId()];
    const [subA, subB] = [push.subscription(), push.subscription()];
    await recordPushSubscription(platform, { storeId, input: { subscription: subA, visitor_id: a } });
    await recordPushSubscription(platform, { storeId, input: { subscription: subB, visitor_id: b } });
    for (const s of [subA, subB])
      await withdrawConsent(platform, { storeId, channel: 'push', address: s.endpoint, source: 'admin' });
    // B's withdrawal is followed (its subscription is removed); A's not yet (still kept).
    const withdrawn = await eventsOfType(storeId, 'contact_consent.withdrawn');
    await deliver(
      pushConsentFollower,
      withdrawn.filter((e) => e.payload.address === pushAddressKey(subB.endpoint)),
    );
    expect((await subscriptionRows(storeId)).map((r) => r.anonymous_id)).toEqual([a]);
    const removed = await eventsOfType(storeId, 'push_subscription.removed');
    expect(removed.map((e) => e.payload)).toEqual([
      expect.objectContaining({ address: pushAddressKey(subB.endpoint), reason: 'consent_withdrawn' }),
    ]);

    const [stepsA, stepsB] = await abandonAndRun(storeId, [
      cartInput(storeId, { anonymousId: a }),
      cartInput(storeId, { anonymousId: b }),
    ]);
    expect(stepsA!.map((s) => [s.outcome, s.detail])).toEqual([['suppressed', 'unsubscribed']]);
    expect(stepsB!.map((s) => [s.outcome, s.detail])).toEqual([['skipped', 'no_address']]);
    expect(receivedAt(subA.endpoint)).toEqual([]);
    expect(receivedAt(subB.endpoint)).toEqual([]);
  });

  it('an endpoint the push service answers 410 for fails the step, withdraws consent and removes the subscription', async () => {
    const storeId = await pushStore();
    const visitor = visitorId();
    const subscription = push.subscription();
    push.expire(subscription.endpoint);
    await recordPushSubscription(platform, { storeId, input: { subscription, visitor_id: visitor } });
    const [steps] = await abandonAndRun(storeId, [cartInput(storeId, { anonymousId: visitor })]);
    expect(steps!.map((s) => [s.outcome, s.detail])).toEqual([['failed', 'http_410']]);
    await deliver(pushConsentFollower, await eventsOfType(storeId, 'contact_consent.withdrawn'));
    expect(await subscriptionRows(storeId)).toEqual([]);
    const consent = await lookUpConsent(platform, {
      storeId,
      channel: 'push',
      address: subscription.endpoint,
    });
    expect(consent.consent[0]).toMatchObject({ status: 'withdrawn', source: 'provider' });
  });

  it('unsubscribing removes the subscription and withdraws consent; a repeat changes nothing', async () => {
    const storeId = await pushStore();
    const subscription = push.subscription();
    await recordPushSubscription(platform, { storeId, input: { subscription, visitor_id: visitorId() } });
    const first = await removePushSubscription(platform, {
      storeId,
      input: { endpoint: subscription.endpoint },
    });
    const again = await removePushSubscription(platform, {
      storeId,
      input: { endpoint: subscription.endpoint },
    });
    expect([first.removed, again.removed]).toEqual([true, false]);
    expect(await subscriptionRows(storeId)).toEqual([]);
    const consent = await lookUpConsent(platform, {
      storeId,
      channel: 'push',
      address: subscription.endpoint,
    });
    expect(consent.consent.map((c) => c.status)).toEqual(['withdrawn', 'withdrawn']);
    expect(consent.history.filter((h) => h.status === 'withdrawn')).toHaveLength(2); // one per category
    expect(await eventsOfType(storeId, 'push_subscription.removed')).toHaveLength(1);
  });
});

describe('repeats and tenancy', () => {
  it('the same subscription posted again, or ten times at once, records one row, one consent and one event', async () => {
    const storeId = await pushStore();
    const visitor = visitorId();
    const subscription = push.subscription();
    const post = () =>
      recordPushSubscription(platform, { storeId, input: { subscription, visitor_id: visitor } });
    const results = await Promise.all(Array.from({ length: 10 }, post));
    expect(results.filter((r) => r.recorded)).toHaveLength(1);
    expect((await post()).recorded).toBe(false);
    expect(await subscriptionRows(storeId)).toHaveLength(1);
    expect(await eventsOfType(storeId, 'push_subscription.recorded')).toHaveLength(1);
    const consent = await lookUpConsent(platform, {
      storeId,
      channel: 'push',
      address: subscription.endpoint,
    });
    expect(consent.history).toHaveLength(1);
    // A cart then gets exactly one push.
    const [steps] = await abandonAndRun(storeId, [cartInput(storeId, { anonymousId: visitor })]);
    expect(steps!.map((s) => s.outcome)).toEqual(['sent']);
    expect(receivedAt(subscription.endpoint)).toHaveLength(1);
  });

  it('a worker that dies after the push was handed over: the retry sends nothing twice, and to the same subscription', async () => {
    const storeId = await pushStore();
    const visitor = visitorId();
    const first = push.subscription();
    await recordPushSubscription(platform, { storeId, input: { subscription: first, visitor_id: visitor } });
    const cart = await upsertTrackedCart(platform, cartInput(storeId, { anonymousId: visitor }));
    await detectAbandonedCarts(platform);
    await deliver(campaignStarter, await eventsOfType(storeId, 'cart.abandoned'));
    faults.afterSend = () => {
      throw new Error('worker killed');
    };
    try {
      await takeDueCampaignSteps(platform);
    } finally {
      delete faults.afterSend;
    }
    expect(receivedAt(first.endpoint)).toHaveLength(1);
    // Meanwhile the shopper subscribes on another browser of the same visitor id: newer, but the
    // retried step keeps the subscription it chose.
    const second = push.subscription();
    await recordPushSubscription(platform, { storeId, input: { subscription: second, visitor_id: visitor } });
    await platform.db.execute(
      sql`UPDATE recovery_campaign_runs SET claimed_until = now() - interval '1 second' WHERE store_id = ${storeId}`,
    );
    await runToEnd(storeId);
    const steps = await stepsOf(storeId, cart.cart.id);
    expect(steps.map((s) => s.outcome)).toEqual(['sent']);
    expect(receivedAt(first.endpoint)).toHaveLength(1);
    expect(receivedAt(second.endpoint)).toEqual([]);
    const { rows: messages } = await platform.db.execute(
      sql`SELECT id FROM messaging_messages WHERE store_id = ${storeId} AND channel = 'push'`,
    );
    expect(messages).toHaveLength(1);
  });

  it('another store’s subscription for the same visitor id is never used, nor visible', async () => {
    const [mine, theirs] = [await pushStore(), await pushStore()];
    const visitor = visitorId();
    const subscription = push.subscription();
    await recordPushSubscription(platform, { storeId: theirs, input: { subscription, visitor_id: visitor } });
    // Row-level security: under my store's scope their row does not exist.
    const seen = await withStore(platform.db, mine, (tx) =>
      tx.execute(sql`SELECT id FROM recovery_push_subscriptions`),
    );
    expect(seen.rows).toEqual([]);
    const [steps] = await abandonAndRun(mine, [cartInput(mine, { anonymousId: visitor })]);
    expect(steps!.map((s) => [s.outcome, s.detail])).toEqual([['skipped', 'no_address']]);
    expect(receivedAt(subscription.endpoint)).toEqual([]);
  });

  it('bad input records nothing', async () => {
    const storeId = await pushStore();
    const subscription = push.subscription();
    for (const input of [
      { subscription }, // neither visitor nor cart
      { subscription: { ...subscription, keys: { p256dh: 'short', auth: 'x' } }, visitor_id: visitorId() },
      { subscription: { ...subscription, endpoint: 'ftp://push.example/x' }, visitor_id: visitorId() },
      { subscription, visitor_id: 'a b' },
    ]) {
      await expect(
        recordPushSubscription(platform, { storeId, input: input as never }),
      ).rejects.toMatchObject({
        code: 'VALIDATION_FAILED',
      });
    }
    expect(await subscriptionRows(storeId)).toEqual([]);
    const consent = await lookUpConsent(platform, {
      storeId,
      channel: 'push',
      address: subscription.endpoint,
    });
    expect(consent.history).toEqual([]);
  });
});

describe('GDPR', () => {
  it('export lists a contact’s subscriptions (address keys only); erasure removes them', async () => {
    const storeId = await pushStore();
    const email = uniqueEmail('gdpr');
    const visitor = visitorId();
    const cart = await upsertTrackedCart(
      platform,
      cartInput(storeId, { anonymousId: visitor, contact: { email } }),
    );
    await platform.db.execute(sql`
      INSERT INTO recovery_visitors (store_id, anonymous_id, contact_id) VALUES (${storeId}, ${visitor}, ${cart.cart.contact_id})`);
    const subscription = push.subscription();
    await recordPushSubscription(platform, { storeId, input: { subscription, visitor_id: visitor } });
    const exported = await exportRecoveryContact(platform, { storeId, subject: { email } });
    expect(exported.push_subscriptions).toEqual([
      expect.objectContaining({ address: pushAddressKey(subscription.endpoint) }),
    ]);
    expect(JSON.stringify(exported)).not.toContain(subscription.keys.auth);
    const erased = await eraseRecoveryContact(platform, { storeId, subject: { email } });
    expect(erased.push_subscriptions).toBe(1);
    expect(await subscriptionRows(storeId)).toEqual([]);
  });
});
