import { sql } from 'drizzle-orm';
import { Webhook } from 'standardwebhooks';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../../../test/harness.ts';
import { startWebhookReceiver, type ReceivedWebhook } from '../../../test/webhook-receiver.ts';
import { withStore } from '../../platform/db/database.ts';
import { defineEventTypes } from '../../platform/events/catalog.ts';
import { startDispatcher } from '../../platform/events/dispatcher.ts';
import { emitEvent } from '../../platform/events/outbox.ts';
import { createOrganization, createStore } from '../tenancy/service.ts';
import { webhookFanOut } from './fan-out.ts';
import { senderSettings, startWebhookSender, type WebhookSenderSettings } from './sender.ts';
import {
  createWebhookEndpoint,
  getWebhookEndpoint,
  listWebhookDeliveries,
  redactWebhookDeliveriesAbout,
  replayWebhookDelivery,
  rotateWebhookSecret,
  sendTestWebhook,
  updateWebhookEndpoint,
} from './service.ts';

defineEventTypes({ 'parcel.packed': 'test', 'parcel.shipped': 'test' });

let platform: TestPlatform;
let storeId: string;
let otherStoreId: string;
const stops: (() => Promise<void>)[] = [];
const receivers: { close(): Promise<void> }[] = [];

beforeAll(async () => {
  platform = await createTestPlatform();
  const org = await createOrganization(platform.db, { name: 'Hooks Co' });
  storeId = (
    await createStore(platform.db, {
      organizationId: org.id,
      input: { name: 'S', handle: 'wh-s', currency: 'USD' },
    })
  ).id;
  otherStoreId = (
    await createStore(platform.db, {
      organizationId: org.id,
      input: { name: 'T', handle: 'wh-t', currency: 'USD' },
    })
  ).id;
});

afterEach(async () => {
  while (stops.length) await stops.pop()!();
  while (receivers.length) await receivers.pop()!.close();
  // Each test starts with no enabled endpoints, so earlier tests' endpoints get nothing more.
  await platform.db.execute(sql`UPDATE webhook_endpoints SET enabled = false`);
});

afterAll(async () => {
  await platform?.close();
});

async function workers(overrides: Partial<WebhookSenderSettings> = {}) {
  const dispatcher = await startDispatcher({
    database: platform.database,
    log: platform.log,
    subscribers: [webhookFanOut],
    pollIntervalMs: 50,
  });
  const settings: WebhookSenderSettings = {
    ...senderSettings(platform.config),
    retryScheduleMs: [20, 40, 80],
    timeoutMs: 2000,
    disableAfterFailures: 1000,
    disableAfterMs: 0,
    allowPrivateNetworks: true,
    ...overrides,
  };
  const sender = await startWebhookSender({
    database: platform.database,
    log: platform.log,
    settings,
    pollIntervalMs: 50,
  });
  stops.push(dispatcher.stop, sender.stop);
}

async function receiver(respond?: Parameters<typeof startWebhookReceiver>[0]) {
  const r = await startWebhookReceiver(respond);
  receivers.push(r);
  return r;
}

function emit(
  aggregateId: string,
  type = 'parcel.packed',
  data: Record<string, unknown> = {},
  store = storeId,
) {
  return withStore(platform.db, store, (tx) =>
    emitEvent(tx, { storeId: store, type, aggregateType: 'parcel', aggregateId, payload: data }),
  );
}

function verify(secret: string, hook: ReceivedWebhook) {
  return new Webhook(secret).verify(hook.body, hook.headers as Record<string, string>);
}

const bodyOf = (h: ReceivedWebhook) =>
  JSON.parse(h.body) as { type: string; timestamp: string; data: Record<string, unknown> };

describe('webhook delivery', () => {
  it('delivers a signed { type, timestamp, data } body that verifies with standardwebhooks', async () => {
    const r = await receiver();
    const { endpoint, secret } = await createWebhookEndpoint(platform.db, {
      storeId,
      input: { url: r.url, event_types: ['parcel.*'] },
      cartonSecret: platform.config.CARTON_SECRET,
    });
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    await workers();
    const event = await emit('p-1', 'parcel.packed', { weight_grams: 1200 });
    await emit('p-other-store', 'parcel.packed', {}, otherStoreId); // another store: never sent here
    const [hook] = await r.waitFor(1);
    expect(verify(secret, hook!)).toEqual({
      type: 'parcel.packed',
      timestamp: event.occurredAt.toISOString(),
      data: { weight_grams: 1200 },
    });
    expect(hook!.headers['webhook-id']).toBe(event.id);
    expect(() => verify('whsec_' + Buffer.alloc(32).toString('base64'), hook!)).toThrow();

    await waitUntil(async () => {
      const log = await listWebhookDeliveries(platform.db, { storeId, endpointId: endpoint.id, query: {} });
      return log.data[0]?.delivery.status === 'succeeded';
    });
    const log = await listWebhookDeliveries(platform.db, { storeId, endpointId: endpoint.id, query: {} });
    expect(log.data).toHaveLength(1);
    expect(log.data[0]!.delivery).toMatchObject({ status: 'succeeded', eventId: event.id, attemptCount: 1 });
    expect(log.data[0]!.attempts).toMatchObject([
      { attemptNumber: 1, statusCode: 200, succeeded: true, error: null },
    ]);
    await new Promise((res) => setTimeout(res, 100));
    expect(r.received).toHaveLength(1);
  });

  it('retries with backoff until the receiver recovers, logging every attempt', async () => {
    const r = await receiver((_h, i) => (i < 2 ? { status: 503, body: 'try later' } : { status: 204 }));
    const { endpoint, secret } = await createWebhookEndpoint(platform.db, {
      storeId,
      input: { url: r.url, event_types: ['parcel.shipped'] },
      cartonSecret: platform.config.CARTON_SECRET,
    });
    await workers({ retryScheduleMs: [50, 100, 100] });
    const event = await emit('p-2', 'parcel.shipped');
    const hooks = await r.waitFor(3);
    expect(hooks.map((h) => h.headers['webhook-id'])).toEqual([event.id, event.id, event.id]);
    for (const h of hooks) verify(secret, h);
    // Backoff: ~50 ms, then ~100 ms.
    expect(hooks[1]!.at - hooks[0]!.at).toBeGreaterThanOrEqual(45);
    expect(hooks[2]!.at - hooks[1]!.at).toBeGreaterThanOrEqual(95);

    await waitUntil(async () => {
      const log = await listWebhookDeliveries(platform.db, { storeId, endpointId: endpoint.id, query: {} });
      return log.data[0]?.delivery.status === 'succeeded';
    });
    const log = await listWebhookDeliveries(platform.db, { storeId, endpointId: endpoint.id, query: {} });
    expect(
      log.data[0]!.attempts.map((a) => [a.attemptNumber, a.statusCode, a.responseExcerpt, a.error]),
    ).toEqual([
      [1, 503, 'try later', 'HTTP 503'],
      [2, 503, 'try later', 'HTTP 503'],
      [3, 204, null, null],
    ]);
    expect(log.data[0]!.attempts.every((a) => a.durationMs >= 0)).toBe(true);
  });

  it('gives up after the last scheduled retry', async () => {
    const r = await receiver(() => ({ status: 500 }));
    const { endpoint } = await createWebhookEndpoint(platform.db, {
      storeId,
      input: { url: r.url, event_types: ['parcel.packed'] },
      cartonSecret: platform.config.CARTON_SECRET,
    });
    await workers({ retryScheduleMs: [10, 10] });
    await emit('p-3');
    await r.waitFor(3);
    await waitUntil(async () => {
      const log = await listWebhookDeliveries(platform.db, { storeId, endpointId: endpoint.id, query: {} });
      return log.data[0]?.delivery.status === 'failed';
    });
    await new Promise((res) => setTimeout(res, 100));
    expect(r.received).toHaveLength(3);
  });

  it('keeps each aggregate in order: a later event waits for an earlier one that is being retried', async () => {
    let failuresLeft = 2;
    const r = await receiver((h) => {
      const b = bodyOf(h);
      if (b.data.parcel === 'a' && b.data.n === 1 && failuresLeft > 0) {
        failuresLeft--;
        return { status: 500 };
      }
      return { status: 200 };
    });
    await createWebhookEndpoint(platform.db, {
      storeId,
      input: { url: r.url, event_types: ['parcel.packed'] },
      cartonSecret: platform.config.CARTON_SECRET,
    });
    await workers({ retryScheduleMs: [40, 40, 40] });
    await emit('ord-a', 'parcel.packed', { parcel: 'a', n: 1 });
    await emit('ord-a', 'parcel.packed', { parcel: 'a', n: 2 });
    await emit('ord-b', 'parcel.packed', { parcel: 'b', n: 1 });
    const hooks = await r.waitFor(5);
    const seen = hooks.map((h) => `${bodyOf(h).data.parcel}${bodyOf(h).data.n}`);
    expect(seen.filter((s) => s.startsWith('a'))).toEqual(['a1', 'a1', 'a1', 'a2']);
    // The other aggregate is not held up by the failing one.
    expect(seen.indexOf('b1')).toBeLessThan(seen.lastIndexOf('a1'));
  });

  it('disables an endpoint after repeated failures and emits webhook_endpoint.disabled', async () => {
    const failing = await receiver(() => ({ status: 500 }));
    const watcher = await receiver();
    const bad = await createWebhookEndpoint(platform.db, {
      storeId,
      input: { url: failing.url, event_types: ['parcel.packed'] },
      cartonSecret: platform.config.CARTON_SECRET,
    });
    const watch = await createWebhookEndpoint(platform.db, {
      storeId,
      input: { url: watcher.url, event_types: ['webhook_endpoint.disabled'] },
      cartonSecret: platform.config.CARTON_SECRET,
    });
    await workers({ retryScheduleMs: [10, 10, 10, 10, 10], disableAfterFailures: 3, disableAfterMs: 0 });
    await emit('p-dis');
    const [notice] = await watcher.waitFor(1);
    const body = verify(watch.secret, notice!) as { type: string; data: Record<string, unknown> };
    expect(body.type).toBe('webhook_endpoint.disabled');
    expect(body.data).toMatchObject({
      id: bad.endpoint.id,
      enabled: false,
      disabled_reason: 'failing',
      failure_streak: 3,
    });
    const after = await getWebhookEndpoint(platform.db, { storeId, endpointId: bad.endpoint.id });
    expect(after).toMatchObject({ enabled: false, disabledReason: 'failing' });
    await new Promise((res) => setTimeout(res, 100));
    expect(failing.received).toHaveLength(3); // nothing more goes to a disabled endpoint
    const audit = await platform.db.execute(
      sql`SELECT actor_type FROM audit_log WHERE action = 'webhook_endpoint.disabled' AND entity_id = ${bad.endpoint.id}`,
    );
    expect(audit.rows).toEqual([{ actor_type: 'system' }]);

    // Re-enabling resumes the delivery that was waiting.
    let recovered = false;
    const fixed = await receiver(() => ((recovered = true), { status: 200 }));
    await updateWebhookEndpoint(platform.db, {
      storeId,
      endpointId: bad.endpoint.id,
      patch: { url: fixed.url, enabled: true },
    });
    await fixed.waitFor(1);
    expect(recovered).toBe(true);
  });

  it('replays a delivery with the same webhook-id, as a new delivery in the log', async () => {
    const r = await receiver();
    const { endpoint, secret } = await createWebhookEndpoint(platform.db, {
      storeId,
      input: { url: r.url, event_types: ['parcel.shipped'] },
      cartonSecret: platform.config.CARTON_SECRET,
    });
    await workers();
    const event = await emit('p-replay', 'parcel.shipped', { carrier: 'dhl' });
    await r.waitFor(1);
    const first = await listWebhookDeliveries(platform.db, { storeId, endpointId: endpoint.id, query: {} });
    await waitUntil(async () => {
      const log = await listWebhookDeliveries(platform.db, { storeId, endpointId: endpoint.id, query: {} });
      return log.data[0]?.delivery.status === 'succeeded';
    });
    const replay = await replayWebhookDelivery(platform.db, {
      storeId,
      endpointId: endpoint.id,
      deliveryId: first.data[0]!.delivery.id,
    });
    const hooks = await r.waitFor(2);
    expect(hooks[1]!.headers['webhook-id']).toBe(event.id);
    expect(verify(secret, hooks[1]!)).toMatchObject({ type: 'parcel.shipped', data: { carrier: 'dhl' } });
    expect(hooks[1]!.body).toBe(hooks[0]!.body);

    // The log pages newest first: the replay, then the original.
    const page1 = await listWebhookDeliveries(platform.db, {
      storeId,
      endpointId: endpoint.id,
      query: { limit: 1 },
    });
    expect(page1.data[0]!.delivery).toMatchObject({
      id: replay.delivery.id,
      replayOf: first.data[0]!.delivery.id,
    });
    expect(page1.next_cursor).not.toBeNull();
    const page2 = await listWebhookDeliveries(platform.db, {
      storeId,
      endpointId: endpoint.id,
      query: { limit: 1, cursor: page1.next_cursor! },
    });
    expect(page2.data.map((d) => d.delivery.id)).toEqual([first.data[0]!.delivery.id]);
    expect(page2.next_cursor).toBeNull();
  });

  it('sends a test event to one endpoint only, and signs with both secrets after a rotation', async () => {
    const r = await receiver();
    const other = await receiver();
    const { endpoint, secret: oldSecret } = await createWebhookEndpoint(platform.db, {
      storeId,
      input: { url: r.url, event_types: ['parcel.shipped'] },
      cartonSecret: platform.config.CARTON_SECRET,
    });
    await createWebhookEndpoint(platform.db, {
      storeId,
      input: { url: other.url },
      cartonSecret: platform.config.CARTON_SECRET,
    });
    const rotated = await rotateWebhookSecret(platform.db, {
      storeId,
      endpointId: endpoint.id,
      cartonSecret: platform.config.CARTON_SECRET,
    });
    expect(rotated.secret).not.toBe(oldSecret);
    await workers();
    await sendTestWebhook(platform.db, { storeId, endpointId: endpoint.id });
    const [hook] = await r.waitFor(1);
    expect(String(hook!.headers['webhook-signature']).split(' ')).toHaveLength(2);
    expect(verify(rotated.secret, hook!)).toMatchObject({
      type: 'webhook.test',
      data: { endpoint_id: endpoint.id },
    });
    expect(verify(oldSecret, hook!)).toMatchObject({ type: 'webhook.test' });
    expect(hook!.headers['webhook-id']).toMatch(/^msg_/);
    await new Promise((res) => setTimeout(res, 100));
    // The other endpoint got only the webhook_endpoint.created event of the first, not the test.
    expect(other.received.map((h) => bodyOf(h).type)).not.toContain('webhook.test');
  });

  it('refuses private addresses when they are not allowed', async () => {
    const r = await receiver();
    const { endpoint } = await createWebhookEndpoint(platform.db, {
      storeId,
      input: { url: r.url, event_types: ['parcel.packed'] },
      cartonSecret: platform.config.CARTON_SECRET,
    });
    await workers({ allowPrivateNetworks: false, retryScheduleMs: [] });
    await emit('p-private');
    await waitUntil(async () => {
      const log = await listWebhookDeliveries(platform.db, { storeId, endpointId: endpoint.id, query: {} });
      return log.data[0]?.delivery.status === 'failed';
    });
    const log = await listWebhookDeliveries(platform.db, { storeId, endpointId: endpoint.id, query: {} });
    expect(log.data[0]!.attempts[0]!.error).toMatch(/private address/);
    expect(r.received).toHaveLength(0);
  });
});

describe('GDPR erasure', () => {
  it("redacts a person's details in the delivery log, keeping the deliveries and everyone else's", async () => {
    const r = await receiver();
    const { endpoint } = await createWebhookEndpoint(platform.db, {
      storeId,
      input: { url: r.url, event_types: ['parcel.*'] },
      cartonSecret: platform.config.CARTON_SECRET,
    });
    await workers();
    await emit('p-ann', 'parcel.packed', {
      email: 'Ann@Example.com',
      address: { line1: '1 Main St' },
      kg: 2,
    });
    await emit('p-bob', 'parcel.packed', { email: 'bob@example.com', kg: 3 });
    await r.waitFor(2);
    const erased = await withStore(platform.db, storeId, (tx) =>
      redactWebhookDeliveriesAbout(tx, storeId, {
        needles: ['ann@example.com', 'cus_ann'],
        replacement: 'erased+cus_ann@invalid',
      }),
    );
    expect(erased).toBe(1);
    const { rows } = await platform.db.execute<{ aggregate_id: string; payload: { data: unknown } }>(
      sql`SELECT aggregate_id, payload FROM webhook_deliveries WHERE endpoint_id = ${endpoint.id} ORDER BY aggregate_id`,
    );
    expect(rows.map((d) => [d.aggregate_id, d.payload.data])).toEqual([
      ['p-ann', { email: 'erased+cus_ann@invalid', address: null, kg: 2 }],
      ['p-bob', { email: 'bob@example.com', kg: 3 }],
    ]);
  });
});

describe('endpoint input', () => {
  it('rejects non-http URLs and unknown event types, writing nothing', async () => {
    const count = async () =>
      (
        await platform.db.execute(
          sql`SELECT (SELECT count(*) FROM webhook_endpoints) AS e, (SELECT count(*) FROM events) AS v`,
        )
      ).rows[0];
    const before = await count();
    const attempt = (input: Record<string, unknown>) =>
      createWebhookEndpoint(platform.db, {
        storeId,
        input: input as never,
        cartonSecret: platform.config.CARTON_SECRET,
      });
    await expect(attempt({ url: 'ftp://example.com/x' })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      errors: [{ path: 'body.url' }],
    });
    await expect(attempt({ url: 'https://user:pw@example.com/x' })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
    await expect(
      attempt({ url: 'https://example.com/x', event_types: ['parcel.packed', 'parcel.lost'] }),
    ).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      errors: [{ path: 'body.event_types.1', message: 'unknown event type "parcel.lost"' }],
    });
    await expect(attempt({ url: 'https://example.com/x', event_types: ['nothing.*'] })).rejects.toMatchObject(
      {
        code: 'VALIDATION_FAILED',
      },
    );
    await expect(attempt({ url: 'https://example.com/x', colour: 'red' })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
    expect(await count()).toEqual(before);
  });
});

async function waitUntil(check: () => Promise<boolean>, timeoutMs = 5000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}
