import { sql } from 'drizzle-orm';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startTestServer } from '../../../test/harness.ts';
import { call, createStaffSession, createTestApiKey, type StaffSession } from '../../../test/identity.ts';
import { startWebhookReceiver } from '../../../test/webhook-receiver.ts';
import { withStore } from '../../platform/db/database.ts';
import { identityState } from '../identity/state.ts';
import { emitEvent } from '../../platform/events/outbox.ts';
import type { EventView } from '../../platform/events/queries.ts';

/** A non-ready message of the live feed, as the tests read it. */
interface FeedMessage {
  kind: 'event' | 'gap';
  event: EventView;
}

let server: Awaited<ReturnType<typeof startTestServer>>;
let owner: StaffSession;
let other: StaffSession;
let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
const sockets: WebSocket[] = [];

beforeAll(async () => {
  server = await startTestServer({
    worker: true,
    overrides: { EVENTS_POLL_INTERVAL_MS: '200', WEBHOOK_RETRY_SCHEDULE: '50ms,100ms' },
  });
  receiver = await startWebhookReceiver();
  owner = await createStaffSession(server, { role: 'owner' });
  other = await createStaffSession(server, { role: 'owner' });
});

afterAll(async () => {
  for (const s of sockets) s.terminate();
  await receiver?.close();
  await server?.close();
});

const api = (
  method: string,
  path: string,
  session: { headers: Record<string, string> } | null,
  body?: unknown,
) => call(server, method, path, { headers: session?.headers ?? {}, body });

async function count(table: 'webhook_endpoints' | 'webhook_deliveries' | 'events') {
  const r = await server.platform.db.execute(sql`SELECT count(*) AS n FROM ${sql.identifier(table)}`);
  return r.rows[0]!.n as number;
}

async function waitUntil(check: () => Promise<boolean>, timeoutMs = 5000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('webhook endpoints API', () => {
  it('creates, lists, reads, changes, reveals, rotates and deletes an endpoint, auditing each change', async () => {
    const created = await call(server, 'POST', '/admin/v1/webhook-endpoints', {
      headers: { ...owner.headers, 'idempotency-key': 'create-erp-hook' },
      body: { url: 'https://example.com/hooks', description: 'ERP', event_types: ['webhook_endpoint.*'] },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      url: 'https://example.com/hooks',
      description: 'ERP',
      event_types: ['webhook_endpoint.*'],
      enabled: true,
      disabled_reason: null,
    });
    expect(created.body.id).toMatch(/^whep_/);
    expect(created.body.secret).toMatch(/^whsec_/);
    const id = created.body.id as string;
    // A retried create with the same Idempotency-Key returns the first response; nothing new is made.
    const retried = await call(server, 'POST', '/admin/v1/webhook-endpoints', {
      headers: { ...owner.headers, 'idempotency-key': 'create-erp-hook' },
      body: { url: 'https://example.com/hooks', description: 'ERP', event_types: ['webhook_endpoint.*'] },
    });
    expect(retried.body).toEqual(created.body);
    expect(retried.headers.get('idempotent-replayed')).toBe('true');

    const list = await api('GET', '/admin/v1/webhook-endpoints', owner);
    expect(list.status).toBe(200);
    expect(list.body.data.map((e: { id: string }) => e.id)).toEqual([id]);
    expect(list.body.data[0].secret).toBeUndefined();

    const patched = await api('PATCH', `/admin/v1/webhook-endpoints/${id}`, owner, {
      enabled: false,
      event_types: ['*'],
    });
    expect(patched.body).toMatchObject({ enabled: false, disabled_reason: 'manual', event_types: ['*'] });
    expect((await api('GET', `/admin/v1/webhook-endpoints/${id}`, owner)).body.enabled).toBe(false);

    const revealed = await api('POST', `/admin/v1/webhook-endpoints/${id}/secret/reveal`, owner);
    expect(revealed.body).toEqual({ secret: created.body.secret });
    expect(revealed.headers.get('cache-control')).toBe('no-store');
    const rotated = await api('POST', `/admin/v1/webhook-endpoints/${id}/secret/rotate`, owner);
    expect(rotated.body.secret).toMatch(/^whsec_/);
    expect(rotated.body.secret).not.toBe(created.body.secret);
    expect((await api('POST', `/admin/v1/webhook-endpoints/${id}/secret/reveal`, owner)).body.secret).toBe(
      rotated.body.secret,
    );

    // Another store cannot see it.
    expect((await api('GET', `/admin/v1/webhook-endpoints/${id}`, other)).status).toBe(404);
    expect((await api('DELETE', `/admin/v1/webhook-endpoints/${id}`, other)).status).toBe(404);

    expect((await api('DELETE', `/admin/v1/webhook-endpoints/${id}`, owner)).status).toBe(204);
    const gone = await api('GET', `/admin/v1/webhook-endpoints/${id}`, owner);
    expect(gone.status).toBe(404);
    expect(gone.body.code).toBe('NOT_FOUND');

    const audit = await api('GET', `/admin/v1/audit-log?entity_id=${id}`, owner);
    expect(audit.body.data.map((e: { action: string }) => e.action).reverse()).toEqual([
      'webhook_endpoint.created',
      'webhook_endpoint.updated',
      'webhook_endpoint.secret_revealed',
      'webhook_endpoint.secret_rotated',
      'webhook_endpoint.secret_revealed',
      'webhook_endpoint.deleted',
    ]);
    expect(JSON.stringify(audit.body)).not.toContain('whsec_');

    const events = await api('GET', `/admin/v1/events?aggregate_id=${id}&order=asc`, owner);
    expect(events.body.data.map((e: { type: string }) => e.type)).toEqual([
      'webhook_endpoint.created',
      'webhook_endpoint.updated',
      'webhook_endpoint.deleted',
    ]);
  });

  it('sends a signed test event, logs the delivery and replays it', async () => {
    const created = await api('POST', '/admin/v1/webhook-endpoints', owner, {
      url: receiver.url,
      // A type no test here emits: the previous test's `webhook_endpoint.deleted` may still be
      // fanning out, and would reach this endpoint too.
      event_types: ['order.placed'],
    });
    const id = created.body.id as string;
    const test = await api('POST', `/admin/v1/webhook-endpoints/${id}/test`, owner);
    expect(test.status).toBe(202);
    expect(test.body).toMatchObject({ event_type: 'webhook.test', status: 'pending', endpoint_id: id });

    const [hook] = await receiver.waitFor(1);
    const verified = new Webhook(created.body.secret).verify(
      hook!.body,
      hook!.headers as Record<string, string>,
    );
    expect(verified).toMatchObject({ type: 'webhook.test', data: { endpoint_id: id } });
    expect(hook!.headers['webhook-id']).toBe(test.body.message_id);

    await waitUntil(async () => {
      const log = await api('GET', `/admin/v1/webhook-endpoints/${id}/deliveries`, owner);
      return log.body.data[0]?.status === 'succeeded';
    });
    const log = await api('GET', `/admin/v1/webhook-endpoints/${id}/deliveries`, owner);
    expect(log.body.data).toHaveLength(1);
    expect(log.body.data[0]).toMatchObject({
      id: test.body.id,
      status: 'succeeded',
      attempt_count: 1,
      last_status_code: 200,
      next_attempt_at: null,
      attempts: [{ attempt_number: 1, status_code: 200, succeeded: true, error: null }],
    });

    const replay = await api(
      'POST',
      `/admin/v1/webhook-endpoints/${id}/deliveries/${test.body.id}/replay`,
      owner,
    );
    expect(replay.status).toBe(202);
    expect(replay.body).toMatchObject({ replay_of: test.body.id, message_id: test.body.message_id });
    const hooks = await receiver.waitFor(2);
    expect(hooks[1]!.headers['webhook-id']).toBe(test.body.message_id);

    const one = await api('GET', `/admin/v1/webhook-endpoints/${id}/deliveries/${replay.body.id}`, owner);
    expect(one.status).toBe(200);
    const page = await api('GET', `/admin/v1/webhook-endpoints/${id}/deliveries?limit=1`, owner);
    expect(page.body.data[0].id).toBe(replay.body.id);
    const next = await api(
      'GET',
      `/admin/v1/webhook-endpoints/${id}/deliveries?limit=1&cursor=${page.body.next_cursor}`,
      owner,
    );
    expect(next.body.data[0].id).toBe(test.body.id);
    expect(next.body.next_cursor).toBeNull();

    // Another store can neither read nor replay this endpoint's deliveries.
    expect((await api('GET', `/admin/v1/webhook-endpoints/${id}/deliveries`, other)).status).toBe(404);
    expect(
      (await api('POST', `/admin/v1/webhook-endpoints/${id}/deliveries/${test.body.id}/replay`, other))
        .status,
    ).toBe(404);
    await api('DELETE', `/admin/v1/webhook-endpoints/${id}`, owner);
  });

  it('checks permissions: none is 401, read-only may read but not manage, secret keys work', async () => {
    expect((await api('GET', '/admin/v1/webhook-endpoints', null)).status).toBe(401);
    const readOnly = await createStaffSession(server, { role: 'read_only', storeId: owner.storeId! });
    expect((await api('GET', '/admin/v1/webhook-endpoints', readOnly)).status).toBe(200);
    const denied = await api('POST', '/admin/v1/webhook-endpoints', readOnly, {
      url: 'https://example.com/x',
    });
    expect(denied.status).toBe(403);
    expect(denied.body.code).toBe('FORBIDDEN');
    const sk = await createTestApiKey(server, { storeId: owner.storeId!, kind: 'secret' });
    const viaKey = await api('POST', '/admin/v1/webhook-endpoints', sk, {
      url: 'https://example.com/by-key',
    });
    expect(viaKey.status).toBe(201);
    await api('DELETE', `/admin/v1/webhook-endpoints/${viaKey.body.id}`, sk);
  });

  it('answers bad input with 4xx problem+json and writes nothing', async () => {
    const before = { endpoints: await count('webhook_endpoints'), events: await count('events') };
    const bad = [
      await api('POST', '/admin/v1/webhook-endpoints', owner, { url: 'ftp://example.com/hooks' }),
      await api('POST', '/admin/v1/webhook-endpoints', owner, { url: 'not a url' }),
      await api('POST', '/admin/v1/webhook-endpoints', owner, {
        url: 'https://example.com',
        event_types: ['order.teleported'],
      }),
      await api('POST', '/admin/v1/webhook-endpoints', owner, {
        url: 'https://example.com',
        event_types: [],
      }),
      await api('POST', '/admin/v1/webhook-endpoints', owner, { url: 'https://example.com', enabled: 'yes' }),
      await call(server, 'POST', '/admin/v1/webhook-endpoints', {
        headers: owner.headers,
        raw: '{"url": "https://exa',
      }),
    ];
    for (const res of bad) {
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
    }
    expect(bad[0]!.body.errors).toEqual([{ path: 'body.url', message: expect.any(String) }]);
    expect(bad[2]!.body.errors).toEqual([
      { path: 'body.event_types.0', message: 'unknown event type "order.teleported"' },
    ]);
    expect(bad[5]!.body.code).toBe('MALFORMED_JSON');
    expect(
      (await api('PATCH', '/admin/v1/webhook-endpoints/whep_nope', owner, { enabled: true })).status,
    ).toBe(404);
    expect((await api('GET', '/admin/v1/events?type=Order', owner)).status).toBe(400);
    expect((await api('GET', '/admin/v1/events?cursor=@@@', owner)).status).toBe(400);
    expect({ endpoints: await count('webhook_endpoints'), events: await count('events') }).toEqual(before);
  });

  it('documents every route in the OpenAPI document', async () => {
    const doc = await call(server, 'GET', '/openapi.json');
    expect(doc.status).toBe(200);
    const paths = Object.keys(doc.body.paths);
    for (const p of [
      '/admin/v1/webhook-endpoints',
      '/admin/v1/webhook-endpoints/{endpointId}',
      '/admin/v1/webhook-endpoints/{endpointId}/deliveries/{deliveryId}/replay',
      '/admin/v1/events',
    ]) {
      expect(paths).toContain(p);
    }
    const create = doc.body.paths['/admin/v1/webhook-endpoints'].post;
    expect(Object.keys(create.requestBody.content['application/json'].schema.properties)).toEqual([
      'url',
      'description',
      'event_types',
      'enabled',
    ]);
  });

  it('lists the event types endpoints can subscribe to', async () => {
    const res = await api('GET', '/admin/v1/event-types', owner);
    expect(res.status).toBe(200);
    expect(res.body.data.map((t: { type: string }) => t.type)).toContain('webhook_endpoint.disabled');
  });
});

describe('events API and live feed', () => {
  const wsUrl = () => server.url.replace(/^http/, 'ws') + '/admin/v1/events/live';

  function emit(storeId: string, type = 'webhook_endpoint.updated', payload: Record<string, unknown> = {}) {
    return withStore(server.platform.db, storeId, (tx) =>
      emitEvent(tx, { storeId, type, aggregateType: 'feed_test', aggregateId: 'f1', payload }),
    );
  }

  /** Open the feed; resolves once the server says it is ready (or rejects with the HTTP status). */
  function openFeed(url: string, options: WebSocket.ClientOptions = {}, protocols?: string[]) {
    return new Promise<{
      ws: WebSocket;
      messages: FeedMessage[];
      waitFor(n: number): Promise<FeedMessage[]>;
    }>((resolve, reject) => {
      const ws = new WebSocket(url, protocols, options);
      sockets.push(ws);
      const messages: FeedMessage[] = [];
      ws.on('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
      ws.on('error', reject);
      ws.on('message', (data) => {
        const m = JSON.parse(String(data)) as FeedMessage | { kind: 'ready' };
        if (m.kind === 'ready') {
          resolve({
            ws,
            messages,
            async waitFor(n: number) {
              const deadline = Date.now() + 5000;
              while (messages.length < n) {
                if (Date.now() > deadline) throw new Error(`expected ${n} messages, got ${messages.length}`);
                await new Promise((r) => setTimeout(r, 10));
              }
              return messages;
            },
          });
        } else messages.push(m as FeedMessage);
      });
    });
  }

  it("pushes a store's own events only, to staff tokens and secret keys alike", async () => {
    const byHeader = await openFeed(wsUrl(), { headers: owner.headers });
    const byQuery = await openFeed(`${wsUrl()}?access_token=${owner.accessToken}&types=webhook_endpoint.*`);
    const sk = await createTestApiKey(server, { storeId: owner.storeId!, kind: 'secret', role: 'read_only' });
    const byProtocol = await openFeed(wsUrl(), {}, ['carton.events.v1', `carton.bearer.${sk.key}`]);
    expect(byProtocol.ws.protocol).toBe('carton.events.v1');
    const otherFeed = await openFeed(wsUrl(), { headers: other.headers });

    const mine = await emit(owner.storeId!, 'webhook_endpoint.updated', { n: 1 });
    await emit(other.storeId!, 'webhook_endpoint.updated', { secret_of: 'other store' });
    const mine2 = await emit(owner.storeId!, 'webhook_endpoint.deleted', { n: 2 });

    for (const feed of [byHeader, byQuery, byProtocol]) {
      const msgs = await feed.waitFor(2);
      expect(msgs.map((m) => m.event.id)).toEqual([mine.id, mine2.id]);
      expect(msgs[0]).toEqual({
        kind: 'event',
        event: {
          id: mine.id,
          type: 'webhook_endpoint.updated',
          aggregate_type: 'feed_test',
          aggregate_id: 'f1',
          sequence: mine.sequence,
          occurred_at: mine.occurredAt.toISOString(),
          data: { n: 1 },
        },
      });
    }
    const others = await otherFeed.waitFor(1);
    await new Promise((r) => setTimeout(r, 100));
    expect(others.map((m) => m.event.data)).toEqual([{ secret_of: 'other store' }]);
    expect(JSON.stringify([byHeader.messages, byQuery.messages, byProtocol.messages])).not.toContain(
      'other store',
    );
  });

  it('filters by type and resumes after a given event', async () => {
    const first = await emit(owner.storeId!, 'webhook_endpoint.created', { step: 1 });
    const second = await emit(owner.storeId!, 'webhook_endpoint.disabled', { step: 2 });
    const resumed = await openFeed(`${wsUrl()}?after=${first.id}&types=webhook_endpoint.disabled`, {
      headers: owner.headers,
    });
    const third = await emit(owner.storeId!, 'webhook_endpoint.disabled', { step: 3 });
    await emit(owner.storeId!, 'webhook_endpoint.created', { step: 4 });
    const msgs = await resumed.waitFor(2);
    await new Promise((r) => setTimeout(r, 100));
    expect(resumed.messages.map((m) => m.event.id)).toEqual([second.id, third.id]);
    expect(msgs.every((m) => m.event.type === 'webhook_endpoint.disabled')).toBe(true);
  });

  it('refuses missing, forged and expired credentials, and keys without a store role', async () => {
    await expect(openFeed(wsUrl())).rejects.toThrow('HTTP 401');
    const forged = owner.accessToken.slice(0, -4) + (owner.accessToken.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    await expect(openFeed(`${wsUrl()}?access_token=${forged}`)).rejects.toThrow('HTTP 401');
    await expect(openFeed(wsUrl(), {}, ['carton.events.v1', 'carton.bearer.sk_notakey'])).rejects.toThrow(
      'HTTP 401',
    );
    const pk = await createTestApiKey(server, { storeId: owner.storeId!, kind: 'publishable' });
    await expect(openFeed(`${wsUrl()}?access_token=${pk.key}`)).rejects.toThrow('HTTP 403');
    await expect(openFeed(`${wsUrl()}?types=Not-A-Type`, { headers: owner.headers })).rejects.toThrow(
      'HTTP 400',
    );
  });

  it('closes a socket when the access token that opened it expires', async () => {
    const shortLived = await identityState(server.platform).tokens.signStaff(
      {
        userId: owner.userId,
        sessionId: owner.sessionId,
        storeId: owner.storeId,
        storeRole: 'owner',
        operatorRole: null,
        mfa: true,
        mfaEnrolmentRequired: false,
      },
      2, // seconds; at least one is left when we connect
    );
    const feed = await openFeed(wsUrl(), {}, ['carton.events.v1', `carton.bearer.${shortLived}`]);
    const code = await new Promise<number>((resolve) => feed.ws.on('close', (c) => resolve(c)));
    expect(code).toBe(4001);
  });

  it('lists events with filters and cursor pagination, never another store’s', async () => {
    const a = await emit(owner.storeId!, 'webhook_endpoint.created', { k: 'a' });
    const b = await emit(owner.storeId!, 'webhook_endpoint.created', { k: 'b' });
    await emit(other.storeId!, 'webhook_endpoint.created', { k: 'other' });
    const page1 = await api(
      'GET',
      '/admin/v1/events?type=webhook_endpoint.created&aggregate_type=feed_test&limit=1',
      owner,
    );
    expect(page1.status).toBe(200);
    expect(page1.body.data.map((e: { id: string }) => e.id)).toEqual([b.id]);
    const page2 = await api(
      'GET',
      `/admin/v1/events?type=webhook_endpoint.created&aggregate_type=feed_test&limit=1&cursor=${page1.body.next_cursor}`,
      owner,
    );
    expect(page2.body.data.map((e: { id: string }) => e.id)).toEqual([a.id]);
    const catchUp = await api(
      'GET',
      `/admin/v1/events?order=asc&after=${a.id}&type=webhook_endpoint.*`,
      owner,
    );
    expect(catchUp.body.data.map((e: { id: string }) => e.id)).toEqual([b.id]);
    const all = await api('GET', '/admin/v1/events?limit=200', owner);
    expect(all.body.data.some((e: { data: { k?: string } }) => e.data.k === 'other')).toBe(false);
  });
});
