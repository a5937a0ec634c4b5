import { Tracker, type Env } from './core.ts';

/**
 * The snippet in a page:
 *
 *   <script async src="https://carton.example/ingest/v1/tracker.js" data-key="pk_…"
 *           data-require-consent="true"></script>
 *
 * `window.carton` then offers identify, cart, checkoutStarted, purchase, emailCaptured, consent,
 * flush, and subscribePush / unsubscribePush (web push cart reminders, from a click); calls made before it loaded wait in `window.cartonq` (`cartonq.push(['cart', {...}])`).
 * Exit intent (the pointer leaving through the top of the window) is reported once per page;
 * e-mail addresses are captured only from fields the store marks with `data-carton-capture`.
 */

type W = Window & { carton?: Tracker; cartonq?: [string, ...unknown[]][]; doNotTrack?: string };
const w = window as W;
const nav = navigator as Navigator & { globalPrivacyControl?: boolean };
const script = document.currentScript as HTMLScriptElement | null;
const data = (name: string) => script?.getAttribute(`data-${name}`) ?? undefined;

function storage(): Env['storage'] {
  const mem: Record<string, string> = {};
  return {
    get(k) {
      try {
        return localStorage.getItem(k);
      } catch {
        return mem[k] ?? null;
      }
    },
    set(k, v) {
      try {
        localStorage.setItem(k, v);
      } catch {
        mem[k] = v;
      }
    },
  };
}

function device(): Env['device'] {
  const ua = nav.userAgent;
  if (/iPad|Tablet/i.test(ua) || (/Android/i.test(ua) && !/Mobile/i.test(ua))) return 'tablet';
  return /Mobi|iPhone|Android/i.test(ua) ? 'mobile' : 'desktop';
}

function hex(): string {
  const b = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}

const env: Env = {
  now: () => Date.now(),
  id: hex,
  storage: storage(),
  dnt: nav.doNotTrack === '1' || w.doNotTrack === '1' || nav.globalPrivacyControl === true,
  device: device(),
  post: (url, body) =>
    fetch(url, {
      method: 'POST',
      body,
      keepalive: body.length < 60_000,
      credentials: 'omit',
      headers: { 'content-type': 'text/plain' },
    }).then(
      (r) => r.status,
      () => 0,
    ),
  beacon: (url, body) => nav.sendBeacon(url, new Blob([body], { type: 'text/plain' })),
  later: (fn, ms) => void setTimeout(fn, ms),
  getJson: (url) =>
    fetch(url, { credentials: 'omit' }).then(
      (r) => (r.ok ? r.json() : null),
      () => null,
    ),
  push: 'serviceWorker' in nav && 'PushManager' in w && 'Notification' in w ? webPush() : undefined,
};

/** The store's service worker: registered from its path, or the one the page already has. */
async function worker(path?: string): Promise<ServiceWorkerRegistration | undefined> {
  if (path) {
    await nav.serviceWorker.register(path);
    return nav.serviceWorker.ready;
  }
  return nav.serviceWorker.getRegistration();
}

function webPush(): NonNullable<Env['push']> {
  return {
    permission: () => Notification.requestPermission(),
    async subscribe(key, path) {
      const reg = await worker(path);
      if (!reg) return null;
      const raw = atob(key.replace(/-/g, '+').replace(/_/g, '/'));
      const sub = await reg.pushManager.subscribe({
        userVisibleOnly: true,
        applicationServerKey: Uint8Array.from(raw, (c) => c.charCodeAt(0)),
      });
      return sub.toJSON();
    },
    async unsubscribe(path) {
      const sub = await (await worker(path))?.pushManager.getSubscription();
      if (!sub) return null;
      await sub.unsubscribe();
      return sub.endpoint;
    },
  };
}

const src = script?.src ? new URL(script.src) : new URL(location.href);
const tracker = new Tracker(env, {
  endpoint: data('endpoint') ?? `${src.origin}/ingest/v1/carts/track`,
  key: data('key') ?? '',
  requireConsent: data('require-consent') === 'true',
});

// Exit intent: once per page.
let exited = false;
document.addEventListener('mouseout', (e) => {
  if (!exited && !e.relatedTarget && e.clientY <= 0) {
    exited = true;
    tracker.exitIntent();
  }
});

// Opt-in capture: only fields marked by the store.
document.addEventListener(
  'change',
  (e) => {
    const el = e.target as HTMLInputElement | null;
    if (!el || !el.hasAttribute?.('data-carton-capture')) return;
    const v = el.value.trim();
    if (/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v)) tracker.emailCaptured(v, el.form?.id || el.name || undefined);
    else if (el.type === 'tel' && /^\+?[\d\s().-]{7,20}$/.test(v)) tracker.identify({ phone: v });
  },
  true,
);

addEventListener('pagehide', () => tracker.flushOnUnload());
document.addEventListener('visibilitychange', () => {
  if (document.visibilityState === 'hidden') tracker.flushOnUnload();
});

const queued = w.cartonq ?? [];
w.carton = tracker;
w.cartonq = {
  push: ([name, ...args]: [string, ...unknown[]]) => call(name, args),
} as unknown as W['cartonq'];
function call(name: string, args: unknown[]) {
  const fn = (tracker as unknown as Record<string, (...a: unknown[]) => void>)[name];
  if (typeof fn === 'function') fn.apply(tracker, args);
}
for (const [name, ...args] of queued) call(name, args);
