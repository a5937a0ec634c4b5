import type { WebSocket } from 'ws';
import type { Database } from '../db/database.ts';
import type { Logger } from '../logger.ts';
import { matchesAnyEventType } from './catalog.ts';
import { listen } from './listener.ts';
import { EVENTS_CHANNEL, parseEventAnnouncements, type OutboxEvent } from './outbox.ts';
import { eventView, getEventsById, listEvents } from './queries.ts';

/** Messages the server sends on the live feed (JSON text frames). */
export type LiveFeedMessage =
  | { kind: 'ready'; store_id: string; types: string[] }
  | { kind: 'event'; event: ReturnType<typeof eventView> }
  /** Notifications may have been missed (the server's LISTEN connection dropped): catch up over REST. */
  | { kind: 'gap'; detail: string };

interface FeedClient {
  socket: WebSocket;
  storeId: string;
  types: string[];
  alive: boolean;
  /** While replaying `after`, live events wait here so none is lost or sent twice. */
  backlog: OutboxEvent[] | null;
  /** Ids the replay sent; their notifications may still arrive afterwards and are dropped. */
  replayed: Set<string>;
}

const HEARTBEAT_MS = 30_000;
const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;
const REPLAY_LIMIT = 500;

/**
 * The live event feed of one API process. Every process LISTENs for committed events itself
 * (a claimed delivery would reach only one process, and each process has its own sockets); a
 * socket receives only its own store's events. A client that was disconnected reconnects with
 * `after=<last event id>` and gets what it missed, then the live stream.
 */
export class LiveFeed {
  readonly #database: Database;
  readonly #log: Logger;
  readonly #clients = new Map<string, Set<FeedClient>>();
  #pending = new Map<string, string[]>();
  #flushScheduled = false;
  #chain: Promise<void> = Promise.resolve();
  #unlisten: Promise<() => Promise<void>> | null = null;
  #heartbeat: NodeJS.Timeout | null = null;

  constructor(database: Database, log: Logger) {
    this.#database = database;
    this.#log = log;
  }

  /** Serve one authenticated socket for `storeId`. */
  async attach(
    socket: WebSocket,
    opts: { storeId: string; types: string[]; after?: string | undefined; expiresAt?: number | null },
  ): Promise<void> {
    await this.#start();
    const client: FeedClient = {
      socket,
      storeId: opts.storeId,
      types: opts.types,
      alive: true,
      backlog: opts.after ? [] : null,
      replayed: new Set(),
    };
    let set = this.#clients.get(client.storeId);
    if (!set) this.#clients.set(client.storeId, (set = new Set()));
    set.add(client);
    socket.on('pong', () => (client.alive = true));
    // A socket lives no longer than the access token that opened it: reconnect with a fresh one.
    const expiry = opts.expiresAt
      ? setTimeout(() => socket.close(4001, 'access token expired'), Math.max(0, opts.expiresAt - Date.now()))
      : null;
    expiry?.unref();
    socket.on('close', () => {
      if (expiry) clearTimeout(expiry);
      this.#detach(client);
    });
    socket.on('error', () => this.#detach(client));
    // Clients only listen; anything they send is ignored.
    this.#send(client, { kind: 'ready', store_id: client.storeId, types: client.types });
    if (opts.after) await this.#replay(client, opts.after);
  }

  /** How many sockets are open (for tests and metrics). */
  get size(): number {
    let n = 0;
    for (const set of this.#clients.values()) n += set.size;
    return n;
  }

  async close(): Promise<void> {
    if (this.#heartbeat) clearInterval(this.#heartbeat);
    for (const set of this.#clients.values())
      for (const c of set) c.socket.close(1001, 'server shutting down');
    this.#clients.clear();
    const unlisten = this.#unlisten;
    this.#unlisten = null;
    if (unlisten) await (await unlisten.catch(() => async () => {}))();
    await this.#chain;
  }

  async #start(): Promise<void> {
    this.#unlisten ??= listen(this.#database, EVENTS_CHANNEL, (payload) => this.#onNotification(payload));
    await this.#unlisten;
    this.#heartbeat ??= setInterval(() => this.#beat(), HEARTBEAT_MS).unref();
  }

  #detach(client: FeedClient): void {
    const set = this.#clients.get(client.storeId);
    set?.delete(client);
    if (set?.size === 0) this.#clients.delete(client.storeId);
  }

  #beat(): void {
    for (const set of this.#clients.values()) {
      for (const c of set) {
        if (!c.alive) {
          c.socket.terminate();
          continue;
        }
        c.alive = false;
        c.socket.ping();
      }
    }
  }

  #onNotification(payload: string | null): void {
    if (payload === null) {
      const detail =
        'Events may have been missed; catch up with GET /admin/v1/events?order=asc&after=<last id>.';
      for (const set of this.#clients.values()) for (const c of set) this.#send(c, { kind: 'gap', detail });
      return;
    }
    // One or more `<store>:<event>`: a process announces its commits in coalesced NOTIFYs.
    let any = false;
    for (const { storeId, eventId } of parseEventAnnouncements(payload)) {
      if (!this.#clients.has(storeId)) continue;
      any = true;
      const ids = this.#pending.get(storeId);
      if (ids) ids.push(eventId);
      else this.#pending.set(storeId, [eventId]);
    }
    if (!any || this.#flushScheduled) return;
    this.#flushScheduled = true;
    // Gather a burst of notifications into one query per store; keep flushes in order.
    setImmediate(() => {
      this.#flushScheduled = false;
      const batch = this.#pending;
      this.#pending = new Map();
      this.#chain = this.#chain.then(() => this.#flush(batch));
    });
  }

  async #flush(batch: Map<string, string[]>): Promise<void> {
    for (const [storeId, ids] of batch) {
      try {
        const found = await getEventsById(this.#database.db, storeId, ids);
        // Announcement order is (close to) commit order: keep it, and within one aggregate
        // put events in sequence order (announcements of two processes may interleave).
        const order = new Map(ids.map((id, i) => [id, i]));
        found.sort((a, b) => order.get(a.id)! - order.get(b.id)!);
        inSequencePerAggregate(found);
        for (const client of this.#clients.get(storeId) ?? []) {
          for (const event of found) this.#deliver(client, event);
        }
      } catch (err) {
        this.#log.error({ err }, 'live feed could not load events');
      }
    }
  }

  #deliver(client: FeedClient, event: OutboxEvent): void {
    if (event.storeId !== client.storeId || !matchesAnyEventType(client.types, event.type)) return;
    if (client.replayed.delete(event.id)) return;
    if (client.backlog) client.backlog.push(event);
    else this.#send(client, { kind: 'event', event: eventView(event) });
  }

  async #replay(client: FeedClient, after: string): Promise<void> {
    const sent = client.replayed;
    try {
      const page = await listEvents(this.#database.db, {
        storeId: client.storeId,
        query: { limit: REPLAY_LIMIT, after, order: 'asc' },
      });
      for (const event of page.data) {
        if (!matchesAnyEventType(client.types, event.type)) continue;
        sent.add(event.id);
        this.#send(client, { kind: 'event', event: eventView(event) });
      }
      if (page.next_cursor) {
        const detail = `More than ${REPLAY_LIMIT} events were missed; page through GET /admin/v1/events?order=asc.`;
        this.#send(client, { kind: 'gap', detail });
      }
    } catch (err) {
      this.#log.error({ err }, 'live feed replay failed');
      this.#send(client, { kind: 'gap', detail: 'Could not replay missed events; catch up over REST.' });
    }
    const backlog = client.backlog ?? [];
    client.backlog = null;
    for (const event of backlog)
      if (!sent.delete(event.id)) this.#send(client, { kind: 'event', event: eventView(event) });
  }

  #send(client: FeedClient, message: LiveFeedMessage): void {
    if (client.socket.readyState !== client.socket.OPEN) return;
    if (client.socket.bufferedAmount > MAX_BUFFERED_BYTES) {
      // A client that cannot keep up is cut off rather than buffered without bound.
      client.socket.close(1013, 'too slow; reconnect with after=<last event id>');
      return;
    }
    client.socket.send(JSON.stringify(message));
  }
}

/** Reorder in place so each aggregate's events are in sequence order, keeping the slots they hold. */
function inSequencePerAggregate(events: OutboxEvent[]): void {
  const slots = new Map<string, number[]>();
  events.forEach((e, i) => {
    const key = `${e.aggregateType}\u0000${e.aggregateId}`;
    const list = slots.get(key);
    if (list) list.push(i);
    else slots.set(key, [i]);
  });
  for (const positions of slots.values()) {
    if (positions.length < 2) continue;
    const sorted = positions.map((i) => events[i]!).sort((a, b) => a.sequence - b.sequence);
    positions.forEach((pos, j) => (events[pos] = sorted[j]!));
  }
}
