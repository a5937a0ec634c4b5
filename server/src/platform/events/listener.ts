import pg from 'pg';
import type { Database } from '../db/database.ts';
import { hearInProcess, sentByThisProcess } from '../db/notify.ts';

/** Called with the NOTIFY payload, or with null after a reconnect (notifications may have been missed). */
export type NotificationHandler = (payload: string | null) => void;

const CHANNEL = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * One LISTEN connection per process and database, shared by every channel and handler: the
 * dispatcher, the webhook sender and the live feed each add handlers. It lives outside the
 * pool (a LISTEN connection is held for good) and reconnects with backoff when dropped. What
 * this process itself announces is heard in-process (`notify.ts`), so its own NOTIFYs are ignored.
 */
class NotificationHub {
  readonly #pool: pg.Pool;
  readonly #options: pg.ClientConfig;
  readonly #handlers = new Map<string, Set<NotificationHandler>>();
  #client: pg.Client | null = null;
  #connecting: Promise<void> | null = null;
  #retryTimer: NodeJS.Timeout | null = null;
  #closed = false;
  readonly #onEmpty: () => void;

  constructor(pool: pg.Pool, onEmpty: () => void) {
    const { max: _max, idleTimeoutMillis: _idle, ...options } = pool.options;
    this.#pool = pool;
    this.#options = options as pg.ClientConfig;
    this.#onEmpty = onEmpty;
    hearInProcess(pool, (channel, payload) => this.#hear(channel, payload));
  }

  #hear(channel: string, payload: string): void {
    for (const h of this.#handlers.get(channel) ?? []) h(payload);
  }

  async add(channel: string, handler: NotificationHandler): Promise<void> {
    if (!CHANNEL.test(channel)) throw new Error(`Invalid channel name ${channel}`);
    let set = this.#handlers.get(channel);
    const isNew = !set;
    if (!set) this.#handlers.set(channel, (set = new Set()));
    set.add(handler);
    await this.#connect();
    if (isNew && this.#client) await this.#client.query(`LISTEN ${channel}`);
  }

  async remove(channel: string, handler: NotificationHandler): Promise<void> {
    const set = this.#handlers.get(channel);
    if (!set) return;
    set.delete(handler);
    if (set.size > 0) return;
    this.#handlers.delete(channel);
    if (this.#handlers.size === 0) {
      await this.close();
      this.#onEmpty();
    } else {
      await this.#client?.query(`UNLISTEN ${channel}`).catch(() => {});
    }
  }

  async close(): Promise<void> {
    this.#closed = true;
    hearInProcess(this.#pool, null);
    if (this.#retryTimer) clearTimeout(this.#retryTimer);
    const client = this.#client;
    this.#client = null;
    await this.#connecting?.catch(() => {}); // a connection completing now sees #closed and ends itself
    await client?.end().catch(() => {});
  }

  #connect(): Promise<void> {
    if (this.#client) return Promise.resolve();
    this.#connecting ??= (async () => {
      const client = new pg.Client(this.#options);
      client.on('notification', (msg) => {
        if (!sentByThisProcess(this.#pool, msg.processId)) this.#hear(msg.channel, msg.payload ?? '');
      });
      client.on('error', () => this.#lost(client));
      client.on('end', () => this.#lost(client));
      await client.connect();
      for (const channel of this.#handlers.keys()) await client.query(`LISTEN ${channel}`);
      if (this.#closed) {
        await client.end().catch(() => {});
        return;
      }
      this.#client = client;
    })().finally(() => {
      this.#connecting = null;
    });
    return this.#connecting;
  }

  #lost(client: pg.Client): void {
    if (this.#client !== client) return;
    this.#client = null;
    client.end().catch(() => {});
    this.#scheduleReconnect(250);
  }

  #scheduleReconnect(delay: number): void {
    if (this.#closed || this.#retryTimer) return;
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = null;
      this.#connect().then(
        () => {
          // Whatever was announced while we were away is lost: tell everyone to look.
          for (const set of this.#handlers.values()) for (const h of set) h(null);
        },
        () => this.#scheduleReconnect(Math.min(delay * 2, 10_000)),
      );
    }, delay);
    this.#retryTimer.unref();
  }
}

const hubs = new WeakMap<pg.Pool, NotificationHub>();

/**
 * LISTEN on `channel` for this database; returns how to stop listening. The last handler to
 * leave closes the shared connection.
 */
export async function listen(
  database: Database,
  channel: string,
  handler: NotificationHandler,
): Promise<() => Promise<void>> {
  let hub = hubs.get(database.pool);
  if (!hub) {
    const created = new NotificationHub(database.pool, () => {
      if (hubs.get(database.pool) === created) hubs.delete(database.pool);
    });
    hubs.set(database.pool, (hub = created));
  }
  const active = hub;
  await active.add(channel, handler);
  return () => active.remove(channel, handler);
}
