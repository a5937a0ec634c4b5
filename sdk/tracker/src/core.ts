/**
 * The tracker's core, free of the DOM so it runs (and is tested) anywhere: the visitor's ids, the
 * consent and Do-Not-Track gates, the queue, batching and retries with backoff. `browser.ts` gives
 * it a real environment.
 */

export interface Storage {
  get(key: string): string | null;
  set(key: string, value: string): void;
}

export interface Env {
  now(): number;
  /** A random id (hex). */
  id(): string;
  storage: Storage;
  /** Do-Not-Track or Global Privacy Control is on: nothing is ever sent. */
  dnt: boolean;
  device: 'desktop' | 'mobile' | 'tablet';
  /** POST `body` to `url`; resolves with the HTTP status, or 0 when the request failed. */
  post(url: string, body: string): Promise<number>;
  /** Hand `body` to the browser to send even as the page unloads; false if it refused. */
  beacon(url: string, body: string): boolean;
  later(fn: () => void, ms: number): void;
  /** GET JSON from `url`; null when the request failed or did not answer 2xx. */
  getJson(url: string): Promise<unknown>;
  /** The browser's web push, where it has one (service workers, PushManager, Notification). */
  push?: PushEnv;
}

/** What `subscribePush` needs of the browser. */
export interface PushEnv {
  /** Ask for the notification permission: `granted`, `denied` or `default`. */
  permission(): Promise<string>;
  /**
   * Subscribe through the store's service worker (registered from `serviceWorker`, or the one the
   * page already has) with the VAPID key; the subscription's JSON, or null if there is no worker.
   */
  subscribe(vapidKey: string, serviceWorker?: string): Promise<unknown>;
  /** Unsubscribe the current subscription; its endpoint, or null if there was none. */
  unsubscribe(serviceWorker?: string): Promise<string | null>;
}

export type PushOutcome = 'subscribed' | 'blocked' | 'unsupported' | 'denied' | 'unavailable' | 'failed';

export interface Options {
  /** `https://carton.example/ingest/v1/carts/track` */
  endpoint: string;
  /** The store's publishable key. */
  key: string;
  /** Send nothing until `consent(true)`. */
  requireConsent?: boolean;
  batchSize?: number;
  flushMs?: number;
}

export type Item = {
  title: string;
  quantity: number;
  price: number;
  product_id?: string;
  variant_id?: string;
  sku?: string;
  variant_title?: string;
  image_url?: string;
  url?: string;
};

type Event = Record<string, unknown> & { id: string; type: string };

const AID = 'carton_aid';
const CID = 'carton_cid';
const CONSENT = 'carton_consent';
const MAX_QUEUE = 500;
const MAX_ATTEMPTS = 8;

export class Tracker {
  queue: Event[] = [];
  private sending = false;
  private attempts = 0;
  private timer = false;
  private readonly o: Required<Options>;
  private readonly env: Env;

  constructor(env: Env, options: Options) {
    this.env = env;
    this.o = { requireConsent: false, batchSize: 20, flushMs: 1000, ...options };
  }

  private id(key: string): string {
    let v = this.env.storage.get(key);
    if (!v) this.env.storage.set(key, (v = this.env.id()));
    return v;
  }

  get anonymousId(): string {
    return this.id(AID);
  }

  get cartId(): string {
    return this.id(CID);
  }

  /** Whether anything may be sent now. */
  get enabled(): boolean {
    if (this.env.dnt) return false;
    const c = this.env.storage.get(CONSENT);
    return c === '1' || (c !== '0' && !this.o.requireConsent);
  }

  consent(granted: boolean): void {
    this.env.storage.set(CONSENT, granted ? '1' : '0');
    if (granted) this.flush();
    else this.queue = [];
  }

  track(type: string, fields: Record<string, unknown> = {}): void {
    if (!this.enabled) return;
    this.queue.push({
      ...fields,
      id: this.env.id(),
      type,
      at: new Date(this.env.now()).toISOString(),
      anonymous_id: this.anonymousId,
      device: this.env.device,
    });
    if (this.queue.length > MAX_QUEUE) this.queue.splice(0, this.queue.length - MAX_QUEUE);
    if (this.queue.length >= this.o.batchSize) this.flush();
    else this.soon(this.o.flushMs);
  }

  identify(who: { email?: string; phone?: string; customer_id?: string }): void {
    this.track('identify', who);
  }

  cart(cart: {
    items: Item[];
    value: number;
    currency: string;
    cart_id?: string;
    recovery_url?: string;
  }): void {
    this.track('cart', { cart_id: this.cartId, ...cart });
  }

  checkoutStarted(): void {
    this.track('checkout_started', { cart_id: this.cartId });
  }

  exitIntent(): void {
    this.track('exit_intent', { cart_id: this.cartId });
  }

  emailCaptured(email: string, form?: string): void {
    this.track('email_captured', form ? { email, form } : { email });
  }

  purchase(order: { order_id: string; value: number; currency: string; cart_id?: string }): void {
    this.track('purchase', { cart_id: this.cartId, ...order });
    // The next cart is a new one.
    this.env.storage.set(CID, this.env.id());
    this.flush();
  }

  /**
   * Web push for cart reminders. Call it from a user gesture (a click): asks for the notification
   * permission, subscribes through the store's service worker with the store's VAPID key, and
   * sends the subscription with the visitor's id (and `cart_id`, a Carton cart, if given). Nothing
   * happens under Do-Not-Track or without the consent the store requires (`blocked`).
   */
  async subscribePush(o: { serviceWorker?: string; cart_id?: string } = {}): Promise<PushOutcome> {
    const push = this.env.push;
    if (!this.enabled) return 'blocked';
    if (!push) return 'unsupported';
    try {
      // First, while the gesture still counts (browsers ask only inside one).
      if ((await push.permission()) !== 'granted') return 'denied';
      const key = ((await this.env.getJson(this.url('key'))) as { vapid_public_key?: string } | null)
        ?.vapid_public_key;
      if (!key) return 'unavailable';
      const subscription = await push.subscribe(key, o.serviceWorker);
      if (!subscription) return 'unsupported';
      const status = await this.env.post(
        this.url('subscribe'),
        JSON.stringify({
          subscription,
          visitor_id: this.anonymousId,
          ...(o.cart_id ? { cart_id: o.cart_id } : {}),
          ...(this.env.storage.get(CONSENT) === '1' ? { consent: true } : {}),
        }),
      );
      return status >= 200 && status < 300 ? 'subscribed' : 'failed';
    } catch {
      return 'failed';
    }
  }

  /** Stop push reminders: unsubscribes the browser and tells the store (consent withdrawn). */
  async unsubscribePush(o: { serviceWorker?: string } = {}): Promise<boolean> {
    const endpoint = await this.env.push?.unsubscribe(o.serviceWorker).catch(() => null);
    if (!endpoint || this.env.dnt) return false;
    const status = await this.env.post(this.url('unsubscribe'), JSON.stringify({ endpoint }));
    return status >= 200 && status < 300;
  }

  /** The track endpoint, or its push siblings (`…/carts/push/<path>`). */
  private url(push?: string): string {
    const base = push ? this.o.endpoint.replace(/track$/, `push/${push}`) : this.o.endpoint;
    return `${base}${base.includes('?') ? '&' : '?'}key=${encodeURIComponent(this.o.key)}`;
  }

  private body(events: Event[]): string {
    return JSON.stringify({ consent: this.env.storage.get(CONSENT) === '1' || undefined, events });
  }

  private soon(ms: number): void {
    if (this.timer) return;
    this.timer = true;
    this.env.later(() => {
      this.timer = false;
      this.flush();
    }, ms);
  }

  /** Send the next batch; on failure keep it and retry with exponential backoff (1 s … 60 s). */
  flush(): void {
    if (this.sending || !this.queue.length || !this.enabled) return;
    const batch = this.queue.splice(0, this.o.batchSize);
    this.sending = true;
    this.env.post(this.url(), this.body(batch)).then((status) => {
      this.sending = false;
      const retry = status === 0 || status === 429 || status >= 500;
      if (retry && ++this.attempts <= MAX_ATTEMPTS) {
        this.queue.unshift(...batch);
        return this.soon(Math.min(60_000, 1000 * 2 ** (this.attempts - 1)));
      }
      // Sent, refused as invalid (a retry would be refused again), or out of attempts.
      this.attempts = 0;
      if (this.queue.length) this.flush();
    });
  }

  /** The page is going away: hand everything queued to the browser's beacon. */
  flushOnUnload(): void {
    if (!this.enabled) return;
    while (this.queue.length) {
      const batch = this.queue.slice(0, this.o.batchSize);
      if (!this.env.beacon(this.url(), this.body(batch))) return;
      this.queue.splice(0, batch.length);
    }
  }
}
