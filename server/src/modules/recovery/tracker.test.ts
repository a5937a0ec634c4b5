import { sql } from 'drizzle-orm';
import { createServer, type Server } from 'node:http';
import { gzipSync } from 'node:zlib';
import type { Browser } from 'playwright-core';
import { ensureChromium, launchChromium } from '../../../../web/test/browser.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Tracker, type Env } from '../../../../sdk/tracker/src/core.ts';
import { startFakePushService, type FakePushService } from '../../../test/fake-messaging.ts';
import { startTestServer } from '../../../test/harness.ts';
import { createStaffSession, createTestApiKey } from '../../../test/identity.ts';
import { eventually, rowsOf } from '../customers/testing.ts';
import { lookUpConsent, pushAddressKey, updateChannelSettings } from '../messaging/service.ts';
import { trackerBundle } from './tracker-bundle.ts';

/**
 * The tracking snippet: its DOM-free core against a scripted environment (ids, consent,
 * Do-Not-Track, batching, retries with backoff, beacons), its size, and the built file in a real
 * Chromium page talking to a real Carton.
 */

interface Sent {
  url: string;
  body: { consent?: boolean; events: Record<string, unknown>[] };
  via: 'post' | 'beacon';
}

function fakeEnv(
  options: { dnt?: boolean; answers?: number[]; push?: Env['push']; vapidKey?: string | null } = {},
) {
  const store = new Map<string, string>();
  const sent: Sent[] = [];
  const gets: string[] = [];
  const timers: { fn: () => void; ms: number }[] = [];
  const answers = [...(options.answers ?? [])];
  let ids = 0;
  let now = Date.parse('2026-11-30T10:00:00Z');
  const env: Env = {
    now: () => now,
    id: () => `id${String(++ids).padStart(8, '0')}`,
    storage: { get: (k) => store.get(k) ?? null, set: (k, v) => void store.set(k, v) },
    dnt: options.dnt ?? false,
    device: 'mobile',
    post: async (url, body) => {
      sent.push({ url, body: JSON.parse(body), via: 'post' });
      return answers.shift() ?? 202;
    },
    beacon: (url, body) => {
      sent.push({ url, body: JSON.parse(body), via: 'beacon' });
      return true;
    },
    later: (fn, ms) => void timers.push({ fn, ms }),
    getJson: async (url) => {
      gets.push(url);
      return { vapid_public_key: options.vapidKey === undefined ? 'BVAPIDKEY' : options.vapidKey };
    },
    ...(options.push ? { push: options.push } : {}),
  };
  const tick = async () => {
    const due = timers.splice(0);
    for (const t of due) t.fn();
    await new Promise((r) => setImmediate(r));
  };
  return { env, store, sent, gets, timers, tick, advance: (ms: number) => (now += ms) };
}

const options = { endpoint: 'https://carton.test/ingest/v1/carts/track', key: 'pk_test', batchSize: 3 };

describe('tracker core', () => {
  it('identifies the visitor with a stable anonymous id and batches its events', async () => {
    const f = fakeEnv();
    const t = new Tracker(f.env, options);
    t.identify({ email: 'ana@example.com' });
    t.cart({ items: [{ title: 'Mug', price: 1999, quantity: 1 }], value: 1999, currency: 'EUR' });
    expect(f.sent).toHaveLength(0);
    t.checkoutStarted();
    await f.tick();
    expect(f.sent).toHaveLength(1);
    const [batch] = f.sent;
    expect(batch!.url).toBe('https://carton.test/ingest/v1/carts/track?key=pk_test');
    expect(batch!.body.events.map((e) => e.type)).toEqual(['identify', 'cart', 'checkout_started']);
    const aid = f.store.get('carton_aid');
    expect(batch!.body.events.every((e) => e.anonymous_id === aid && e.device === 'mobile')).toBe(true);
    expect(new Set(batch!.body.events.map((e) => e.id)).size).toBe(3);
    // The cart and the checkout name the same cart; a new tracker on the next page keeps the ids.
    expect(batch!.body.events[1]!.cart_id).toBe(batch!.body.events[2]!.cart_id);
    expect(new Tracker(f.env, options).anonymousId).toBe(aid);
  });

  it('sends a smaller batch after a moment', async () => {
    const f = fakeEnv();
    const t = new Tracker(f.env, options);
    t.exitIntent();
    expect(f.timers[0]?.ms).toBe(1000);
    await f.tick();
    expect(f.sent.map((s) => s.body.events.length)).toEqual([1]);
  });

  it('retries failures with exponential backoff and drops what the server refuses as invalid', async () => {
    const f = fakeEnv({ answers: [0, 503, 429, 202, 400] });
    const t = new Tracker(f.env, { ...options, batchSize: 1 });
    t.identify({ phone: '+33612345678' });
    await f.tick();
    const delays: number[] = [];
    for (let i = 0; i < 3; i++) {
      delays.push(f.timers[0]!.ms);
      await f.tick();
    }
    expect(delays).toEqual([1000, 2000, 4000]);
    expect(f.sent).toHaveLength(4);
    // The same event each time: the server de-duplicates by id.
    expect(new Set(f.sent.map((s) => s.body.events[0]!.id)).size).toBe(1);
    expect(t.queue).toHaveLength(0);
    t.exitIntent();
    await f.tick();
    expect(f.sent).toHaveLength(5);
    expect(t.queue).toHaveLength(0);
    expect(f.timers).toHaveLength(0);
  });

  it('sends nothing under Do-Not-Track', async () => {
    const f = fakeEnv({ dnt: true });
    const t = new Tracker(f.env, options);
    t.identify({ email: 'ana@example.com' });
    t.purchase({ order_id: 'o1', value: 1, currency: 'EUR' });
    t.flushOnUnload();
    await f.tick();
    expect(f.sent).toEqual([]);
    expect(t.queue).toEqual([]);
  });

  it('with consent required, sends nothing until consent, and forgets everything on refusal', async () => {
    const f = fakeEnv();
    const t = new Tracker(f.env, { ...options, requireConsent: true });
    t.identify({ email: 'ana@example.com' });
    await f.tick();
    expect(f.sent).toEqual([]);
    t.consent(true);
    t.identify({ email: 'ana@example.com' });
    await f.tick();
    expect(f.sent).toHaveLength(1);
    expect(f.sent[0]!.body.consent).toBe(true);
    t.consent(false);
    t.exitIntent();
    await f.tick();
    expect(f.sent).toHaveLength(1);
    // Explicit refusal holds even where the store does not require consent.
    expect(new Tracker(f.env, options).enabled).toBe(false);
  });

  it('hands the queue to the beacon on unload, and starts a new cart after a purchase', async () => {
    const f = fakeEnv();
    const t = new Tracker(f.env, { ...options, batchSize: 2 });
    const before = t.cartId;
    t.exitIntent();
    t.flushOnUnload();
    expect(f.sent.map((s) => s.via)).toEqual(['beacon']);
    t.purchase({ order_id: 'o-9', value: 3998, currency: 'EUR' });
    await f.tick();
    expect(f.sent.at(-1)!.body.events[0]).toMatchObject({
      type: 'purchase',
      cart_id: before,
      order_id: 'o-9',
    });
    expect(t.cartId).not.toBe(before);
  });
});

/** A browser's web push, scripted: what it was asked, what it answers. */
function fakePush(o: { permission?: string; subscription?: unknown } = {}) {
  const calls: string[] = [];
  const subscription = o.subscription ?? {
    endpoint: 'https://push.example/sub/1',
    keys: { p256dh: 'p'.repeat(87), auth: 'a'.repeat(22) },
  };
  const push: NonNullable<Env['push']> = {
    permission: async () => (calls.push('permission'), o.permission ?? 'granted'),
    subscribe: async (key, sw) => (calls.push(`subscribe ${key} ${sw}`), subscription),
    unsubscribe: async () => (calls.push('unsubscribe'), 'https://push.example/sub/1'),
  };
  return { push, calls };
}

describe('tracker web push', () => {
  it('asks for the permission first, subscribes with the store’s key and posts the subscription with the visitor', async () => {
    const p = fakePush();
    const f = fakeEnv({ push: p.push });
    const t = new Tracker(f.env, options);
    expect(await t.subscribePush({ serviceWorker: '/sw.js', cart_id: 'cart_1' })).toBe('subscribed');
    expect(p.calls).toEqual(['permission', 'subscribe BVAPIDKEY /sw.js']);
    expect(f.gets).toEqual(['https://carton.test/ingest/v1/carts/push/key?key=pk_test']);
    expect(f.sent).toHaveLength(1);
    expect(f.sent[0]!.url).toBe('https://carton.test/ingest/v1/carts/push/subscribe?key=pk_test');
    expect(f.sent[0]!.body).toEqual({
      subscription: { endpoint: 'https://push.example/sub/1', keys: expect.any(Object) },
      visitor_id: t.anonymousId,
      cart_id: 'cart_1',
    });
  });

  it('does nothing under Do-Not-Track or without required consent; says why otherwise', async () => {
    for (const [f, t] of [
      (() => {
        const f = fakeEnv({ dnt: true, push: fakePush().push });
        return [f, new Tracker(f.env, options)] as const;
      })(),
      (() => {
        const f = fakeEnv({ push: fakePush().push });
        return [f, new Tracker(f.env, { ...options, requireConsent: true })] as const;
      })(),
    ]) {
      expect(await t.subscribePush()).toBe('blocked');
      expect(f.sent).toEqual([]);
      expect(f.gets).toEqual([]);
    }
    // With consent given, the post says so (the store may require it).
    const granted = fakeEnv({ push: fakePush().push });
    const t = new Tracker(granted.env, { ...options, requireConsent: true });
    t.consent(true);
    expect(await t.subscribePush()).toBe('subscribed');
    expect(granted.sent[0]!.body).toMatchObject({ consent: true });

    expect(await new Tracker(fakeEnv().env, options).subscribePush()).toBe('unsupported');
    const denied = fakePush({ permission: 'denied' });
    const fd = fakeEnv({ push: denied.push });
    expect(await new Tracker(fd.env, options).subscribePush()).toBe('denied');
    expect(denied.calls).toEqual(['permission']);
    expect(fd.sent).toEqual([]);
    const noKey = fakeEnv({ push: fakePush().push, vapidKey: null });
    expect(await new Tracker(noKey.env, options).subscribePush()).toBe('unavailable');
    const refused = fakeEnv({ push: fakePush().push, answers: [400] });
    expect(await new Tracker(refused.env, options).subscribePush()).toBe('failed');
  });

  it('unsubscribes the browser and tells the store', async () => {
    const p = fakePush();
    const f = fakeEnv({ push: p.push });
    expect(await new Tracker(f.env, options).unsubscribePush()).toBe(true);
    expect(p.calls).toEqual(['unsubscribe']);
    expect(f.sent[0]).toMatchObject({
      url: 'https://carton.test/ingest/v1/carts/push/unsubscribe?key=pk_test',
      body: { endpoint: 'https://push.example/sub/1' },
    });
  });
});

describe('tracker bundle', () => {
  it('builds to one file of at most 5 KB gzipped', async () => {
    const bundle = await trackerBundle();
    expect(bundle.gzipBytes).toBeLessThanOrEqual(5 * 1024);
    expect(gzipSync(bundle.code, { level: 9 }).length).toBe(bundle.gzipBytes);
    expect(bundle.code).not.toMatch(/\bimport\b|\brequire\(/);
  });
});

/** The store's service worker: shows a push as a notification, opens its URL on a click. */
const SERVICE_WORKER = `
self.addEventListener('push', (e) => {
  const m = e.data ? e.data.json() : {};
  e.waitUntil(self.registration.showNotification(m.title || '', { body: m.body, data: m.url }));
});
self.addEventListener('notificationclick', (e) => {
  e.notification.close();
  if (e.notification.data) e.waitUntil(clients.openWindow(e.notification.data));
});`;

describe('tracker in a real browser', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let browser: Browser;
  let site: Server;
  let siteUrl: string;
  let storeId: string;
  let pk: string;

  beforeAll(async () => {
    server = await startTestServer({ worker: true });
    const owner = await createStaffSession(server, { role: 'owner' });
    storeId = owner.storeId!;
    pk = (await createTestApiKey(server, { storeId, kind: 'publishable' })).key;
    // The shop: another origin, with the snippet pasted in and a capture-marked e-mail field.
    site = createServer((req, res) => {
      const consent = req.url?.includes('consent') ? ' data-require-consent="true"' : '';
      res.setHeader('content-type', 'text/html');
      res.end(`<!doctype html><html><body>
        <form id="newsletter"><input id="email" type="email" data-carton-capture><input id="other" type="email"></form>
        <script src="${server.url}/ingest/v1/tracker.js" data-key="${pk}"${consent}></script>
      </body></html>`);
    });
    await new Promise<void>((r) => site.listen(0, '127.0.0.1', () => r()));
    siteUrl = `http://127.0.0.1:${(site.address() as { port: number }).port}`;
    ensureChromium();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise((r) => site?.close(r));
    await server?.close();
  });

  it('reports the visitor, a captured e-mail, the cart and the unload beacon; the cart is tracked', async () => {
    const page = await browser.newPage();
    await page.goto(siteUrl);
    await page.waitForFunction(() => 'carton' in globalThis);
    const aid = await page.evaluate(
      () =>
        localStorage.getItem('carton_aid') ??
        (globalThis as never as { carton: { anonymousId: string } }).carton.anonymousId,
    );
    // Only the marked field is captured.
    await page.fill('#other', 'not-me@example.com');
    await page.fill('#email', 'browser.buyer@example.com');
    await page.press('#email', 'Tab');
    await page.evaluate(() => {
      const c = (globalThis as never as { carton: { cart(x: unknown): void; flush(): void } }).carton;
      c.cart({
        value: 2500,
        currency: 'USD',
        items: [{ title: 'Tea', price: 1250, quantity: 2, image_url: 'https://cdn.example.com/tea.png' }],
      });
      c.flush();
    });
    const tracked = await eventually(async () => {
      const [row] = await rowsOf<Record<string, unknown>>(
        server.platform.db,
        'recovery_carts',
        storeId,
        sql`anonymous_id = ${aid}`,
      );
      return row?.contact_id ? row : null;
    });
    expect(tracked!).toMatchObject({ source: 'tracker', value: 2500, item_count: 2, device: 'desktop' });
    // Leaving the page hands the rest to sendBeacon (text/plain, key in the query).
    await page.evaluate(() =>
      (globalThis as never as { carton: { exitIntent(): void } }).carton.exitIntent(),
    );
    await page.goto('about:blank');
    await eventually(async () => {
      const rows = await rowsOf<{ type: string }>(
        server.platform.db,
        'recovery_tracker_events',
        storeId,
        sql`anonymous_id = ${aid}`,
      );
      return rows.some((r) => r.type === 'exit_intent');
    });
    const types = (
      await rowsOf<{ type: string }>(
        server.platform.db,
        'recovery_tracker_events',
        storeId,
        sql`anonymous_id = ${aid}`,
      )
    ).map((r) => r.type);
    expect(types.filter((t) => t === 'email_captured')).toHaveLength(1);
    await page.close();
  });

  it('with consent required sends nothing until the page grants it; Do-Not-Track sends nothing at all', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${siteUrl}/?consent`);
    await page.waitForFunction(() => 'carton' in globalThis);
    const aid = await page.evaluate(
      () => (globalThis as never as { carton: { anonymousId: string } }).carton.anonymousId,
    );
    const cart = () =>
      page.evaluate(() => {
        const c = (globalThis as never as { carton: { cart(x: unknown): void; flush(): void } }).carton;
        c.cart({ value: 100, currency: 'USD', items: [{ title: 'Pen', price: 100, quantity: 1 }] });
        c.flush();
      });
    await cart();
    await new Promise((r) => setTimeout(r, 500));
    expect(
      await rowsOf(server.platform.db, 'recovery_tracker_events', storeId, sql`anonymous_id = ${aid}`),
    ).toEqual([]);
    await page.evaluate(() =>
      (globalThis as never as { carton: { consent(x: boolean): void } }).carton.consent(true),
    );
    await cart();
    await eventually(
      async () =>
        (await rowsOf(server.platform.db, 'recovery_tracker_events', storeId, sql`anonymous_id = ${aid}`))
          .length > 0,
    );
    await context.close();

    const dnt = await browser.newContext();
    await dnt.addInitScript(() =>
      Object.defineProperty(Navigator.prototype, 'doNotTrack', { get: () => '1' }),
    );
    const quiet = await dnt.newPage();
    let requests = 0;
    quiet.on('request', (r) => void (r.url().includes('/carts/track') && requests++));
    await quiet.goto(siteUrl);
    await quiet.waitForFunction(() => 'carton' in globalThis);
    await quiet.evaluate(() => {
      const c = (globalThis as never as { carton: { identify(x: unknown): void; flush(): void } }).carton;
      c.identify({ email: 'dnt@example.com' });
      c.flush();
    });
    await quiet.goto('about:blank');
    expect(requests).toBe(0);
    await dnt.close();
  });
});

/**
 * `subscribePush` in Chromium: the real Notification permission (granted to the page's origin by
 * the test) and the real service worker registration. Headless Chromium has no push service
 * (`PushManager.subscribe` answers "Registration failed - permission denied" even when granted),
 * so the page's PushManager is stubbed: it records the key it was given and hands back a
 * subscription of the local push service. Everything from there is real: the posts to Carton, the
 * recorded subscription and consent.
 */
describe('web push from a real browser page', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let browser: Browser;
  let site: Server;
  let siteUrl: string;
  let storeId: string;
  let pk: string;
  let vapidKey: string;
  let push: FakePushService;

  beforeAll(async () => {
    push = await startFakePushService();
    server = await startTestServer();
    const owner = await createStaffSession(server, { role: 'owner' });
    storeId = owner.storeId!;
    pk = (await createTestApiKey(server, { storeId, kind: 'publishable' })).key;
    const channel = await updateChannelSettings(server.platform, {
      storeId,
      channel: 'push',
      input: { provider: 'webpush', config: { vapid_subject: 'mailto:ops@saigon.example' } },
    });
    vapidKey = String(channel.vapid_public_key);
    site = createServer((req, res) => {
      if (req.url === '/sw.js') {
        res.setHeader('content-type', 'application/javascript');
        return res.end(SERVICE_WORKER);
      }
      res.setHeader('content-type', 'text/html');
      res.end(`<!doctype html><html><body>
        <button id="notify" onclick="carton.subscribePush({ serviceWorker: '/sw.js' }).then((r) => (window.pushResult = r))">Remind me</button>
        <script src="${server.url}/ingest/v1/tracker.js" data-key="${pk}"></script>
      </body></html>`);
    });
    await new Promise<void>((r) => site.listen(0, '127.0.0.1', () => r()));
    siteUrl = `http://127.0.0.1:${(site.address() as { port: number }).port}`;
    ensureChromium();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise((r) => site?.close(r));
    await server?.close();
    await push?.close();
  });

  /** A page whose PushManager hands out `subscription` (and remembers the key it was asked with). */
  async function pushPage(o: { grant: boolean }) {
    const context = await browser.newContext();
    if (o.grant) await context.grantPermissions(['notifications'], { origin: siteUrl });
    const subscription = push.subscription();
    await context.addInitScript((sub) => {
      const g = globalThis as never as Record<string, unknown>;
      const stub = {
        ...sub,
        toJSON: () => sub,
        unsubscribe: async () => {
          g.pushSubscribed = false;
          return true;
        },
      };
      // The server's types know no DOM: the page's PushManager, as far as the stub needs it.
      const manager = (g.PushManager as { prototype: Record<string, unknown> }).prototype;
      manager.subscribe = async (opts: { applicationServerKey: Uint8Array }) => {
        g.pushKey = Array.from(opts.applicationServerKey);
        g.pushSubscribed = true;
        return stub;
      };
      manager.getSubscription = async () => (g.pushSubscribed ? stub : null);
    }, subscription);
    const page = await context.newPage();
    await page.goto(siteUrl);
    await page.waitForFunction(() => 'carton' in globalThis);
    const visitor = await page.evaluate(
      () => (globalThis as never as { carton: { anonymousId: string } }).carton.anonymousId,
    );
    return { context, page, subscription, visitor };
  }

  it('a click asks for the permission, subscribes with the store’s VAPID key and ties the subscription to the visitor', async () => {
    const { context, page, subscription, visitor } = await pushPage({ grant: true });
    await page.click('#notify');
    await page.waitForFunction(() => 'pushResult' in globalThis, null, { timeout: 10_000 });
    expect(await page.evaluate(() => (globalThis as never as { pushResult: string }).pushResult)).toBe(
      'subscribed',
    );
    // The store's worker was registered, and the key handed to PushManager is the store's.
    expect(
      await page.evaluate(async () => {
        const workers = (
          navigator as never as {
            serviceWorker: { getRegistration(): Promise<{ active?: { scriptURL: string } } | undefined> };
          }
        ).serviceWorker;
        return (await workers.getRegistration())?.active?.scriptURL;
      }),
    ).toBe(`${siteUrl}/sw.js`);
    const key = await page.evaluate(() => (globalThis as never as { pushKey: number[] }).pushKey);
    expect(Buffer.from(key).toString('base64url')).toBe(vapidKey);
    const rows = await rowsOf<{ anonymous_id: string; address_key: string }>(
      server.platform.db,
      'recovery_push_subscriptions',
      storeId,
    );
    expect(rows.map((r) => [r.anonymous_id, r.address_key])).toEqual([
      [visitor, pushAddressKey(subscription.endpoint)],
    ]);

    // Unsubscribing: the browser's subscription and Carton's both go, consent is withdrawn.
    expect(
      await page.evaluate(() =>
        (
          globalThis as never as { carton: { unsubscribePush(o: unknown): Promise<boolean> } }
        ).carton.unsubscribePush({ serviceWorker: '/sw.js' }),
      ),
    ).toBe(true);
    expect(await rowsOf(server.platform.db, 'recovery_push_subscriptions', storeId)).toEqual([]);
    const consent = await lookUpConsent(server.platform, {
      storeId,
      channel: 'push',
      address: subscription.endpoint,
    });
    expect(consent.consent[0]).toMatchObject({ status: 'withdrawn', source: 'push_prompt' });
    await context.close();
  });

  it('a refused permission subscribes nothing and posts nothing', async () => {
    const { context, page } = await pushPage({ grant: false });
    let posts = 0;
    page.on('request', (r) => void (r.url().includes('/carts/push/') && posts++));
    await page.click('#notify');
    await page.waitForFunction(() => 'pushResult' in globalThis, null, { timeout: 10_000 });
    expect(await page.evaluate(() => (globalThis as never as { pushResult: string }).pushResult)).toBe(
      'denied',
    );
    expect(posts).toBe(0);
    expect(await page.evaluate(() => 'pushKey' in globalThis)).toBe(false);
    await context.close();
  });

  it('the ingest routes: text/plain with ?key=, repeats record nothing, bad input is 400 and keeps nothing', async () => {
    const subscription = push.subscription();
    const post = (path: string, body: unknown, key: string | null = pk) =>
      fetch(`${server.url}/ingest/v1/carts/push/${path}${key ? `?key=${key}` : ''}`, {
        method: 'POST',
        headers: { 'content-type': 'text/plain' },
        body: JSON.stringify(body),
      });
    const key = await fetch(`${server.url}/ingest/v1/carts/push/key?key=${pk}`);
    expect(await key.json()).toEqual({ vapid_public_key: vapidKey });
    const body = { subscription, visitor_id: 'visitor-http-1' };
    const first = await post('subscribe', body);
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({
      address: pushAddressKey(subscription.endpoint),
      consent: 'granted',
      recorded: true,
    });
    expect(await (await post('subscribe', body)).json()).toMatchObject({ recorded: false });
    expect((await post('subscribe', body, null)).status).toBe(401);
    const bad = await post('subscribe', { subscription: { endpoint: subscription.endpoint } });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ code: 'VALIDATION_FAILED' });
    const rows = await rowsOf(
      server.platform.db,
      'recovery_push_subscriptions',
      storeId,
      sql`anonymous_id = 'visitor-http-1'`,
    );
    expect(rows).toHaveLength(1);
    const gone = await post('unsubscribe', { endpoint: subscription.endpoint });
    expect(await gone.json()).toEqual({
      address: pushAddressKey(subscription.endpoint),
      consent: 'withdrawn',
      removed: true,
    });
  });
});
