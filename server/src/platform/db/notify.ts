import pg from 'pg';

/**
 * NOTIFY after commit, coalesced per process (decision 0007).
 *
 * A `pg_notify` inside a writing transaction makes PostgreSQL serialise that transaction's commit
 * with every other notifying commit in the database: the notify queue is guarded by one
 * database-wide lock, taken before commit and held through the commit's WAL flush. On a hot write
 * path (every event emitted through the outbox) that lock is the bottleneck. So writers hand
 * their notifications here once their transaction has committed, and this process sends them
 * itself, on a connection of its own:
 *
 * - at once after a quiet spell; then at most one statement per `delayMs`, never two in flight —
 *   what arrives meanwhile is joined, so a burst of N commits becomes a handful of NOTIFYs;
 * - with `synchronous_commit = off` for that statement alone: a NOTIFY is not durable anyway, so
 *   its transaction holds the lock without waiting for a WAL flush.
 *
 * Payloads for one channel are joined with `,` into as few notifications as fit PostgreSQL's
 * 8000-byte payload limit, so listeners of a coalesced channel must accept a comma-separated list.
 * A notification that cannot be sent (connection lost) is dropped: NOTIFY is only a wake-up, and
 * every listener also polls as a safety net.
 */
const MAX_PAYLOAD_BYTES = 7900;
export const DEFAULT_NOTIFY_DELAY_MS = 5;
/** The notify connection is closed after this long without work (a new one opens on demand). */
const IDLE_CLOSE_MS = 10_000;

export class NotifyCoalescer {
  readonly #clientOptions: pg.ClientConfig;
  readonly #delayMs: number;
  #pending = new Map<string, string[]>();
  /** Settles when the statement carrying the pending notifications has been sent. */
  #pendingSent: { promise: Promise<void>; resolve: () => void } | null = null;
  #timer: NodeJS.Timeout | null = null;
  #inFlight: Promise<void> | null = null;
  #lastSentAt = -Infinity;
  #soon = false;
  #client: pg.Client | null = null;
  #idleTimer: NodeJS.Timeout | null = null;
  #closed = false;
  /** Statements sent so far (each carries one or more NOTIFYs); for tests. */
  flushes = 0;

  constructor(clientOptions: pg.ClientConfig, delayMs = DEFAULT_NOTIFY_DELAY_MS) {
    this.#clientOptions = clientOptions;
    this.#delayMs = delayMs;
  }

  /**
   * Queue notifications; call only once the transaction they announce has committed. The promise
   * settles (never rejects) once it has been sent, or given up on.
   */
  add(channel: string, ...payloads: string[]): Promise<void> {
    if (this.#closed || !payloads.length) return Promise.resolve();
    const list = this.#pending.get(channel);
    if (list) list.push(...payloads);
    else this.#pending.set(channel, [...payloads]);
    if (!this.#pendingSent) {
      let resolve!: () => void;
      const promise = new Promise<void>((r) => (resolve = r));
      this.#pendingSent = { promise, resolve };
    }
    const sent = this.#pendingSent.promise;
    this.#schedule();
    return sent;
  }

  /** Send whatever is queued, then close the connection (before the pool closes). */
  async close(): Promise<void> {
    if (this.#timer) {
      clearTimeout(this.#timer);
      this.#timer = null;
    }
    while (this.#pending.size || this.#inFlight) {
      if (!this.#inFlight && !this.#soon) this.#flush();
      await this.#inFlight;
    }
    this.#closed = true;
    this.#endClient();
  }

  #schedule(): void {
    if (this.#timer || this.#inFlight || this.#soon) return; // the flush in flight schedules the next one
    const wait = this.#lastSentAt + this.#delayMs - performance.now();
    if (wait <= 0) {
      // At once, but after whatever else this tick adds (several events of one commit).
      this.#soon = true;
      queueMicrotask(() => {
        this.#soon = false;
        this.#flush();
      });
      return;
    }
    this.#timer = setTimeout(() => {
      this.#timer = null;
      this.#flush();
    }, wait);
  }

  #flush(): void {
    const batch = this.#pending;
    const done = this.#pendingSent;
    this.#pending = new Map();
    this.#pendingSent = null;
    const channels: string[] = [];
    const payloads: string[] = [];
    for (const [channel, list] of batch) {
      for (const payload of joinPayloads(list)) {
        channels.push(channel);
        payloads.push(payload);
      }
    }
    if (!channels.length) return done?.resolve();
    this.flushes++;
    this.#lastSentAt = performance.now();
    this.#inFlight = this.#send(channels, payloads).finally(() => {
      this.#inFlight = null;
      done?.resolve();
      if (this.#pending.size) this.#schedule();
      else this.#armIdleClose();
    });
  }

  async #send(channels: string[], payloads: string[]): Promise<void> {
    const values = channels.map((c, i) => `(${i}, ${literal(c)}, ${literal(payloads[i]!)})`).join(', ');
    const text =
      `BEGIN; SET LOCAL synchronous_commit = off; ` +
      `SELECT pg_notify(c, p) FROM (VALUES ${values}) AS n(i, c, p) ORDER BY i; COMMIT`;
    let client = this.#client;
    try {
      if (!client) {
        client = new pg.Client(this.#clientOptions);
        client.on('error', () => this.#drop(client!));
        await client.connect();
        this.#client = client;
      }
      await client.query(text);
    } catch {
      // A wake-up lost; listeners' polls catch up. The next flush opens a fresh connection.
      if (client) this.#drop(client);
    }
  }

  #armIdleClose(): void {
    if (this.#idleTimer) clearTimeout(this.#idleTimer);
    this.#idleTimer = setTimeout(() => {
      this.#idleTimer = null;
      if (!this.#inFlight && !this.#pending.size) this.#endClient();
    }, IDLE_CLOSE_MS);
    this.#idleTimer.unref();
  }

  #drop(client: pg.Client): void {
    if (this.#client === client) this.#client = null;
    client.end().catch(() => {});
  }

  #endClient(): void {
    if (this.#idleTimer) clearTimeout(this.#idleTimer);
    this.#idleTimer = null;
    if (this.#client) this.#drop(this.#client);
  }
}

const escapeLiteral = pg.Client.prototype.escapeLiteral;
const literal = (s: string) => escapeLiteral(s);

/** Distinct payloads in first-seen order, joined with `,` into chunks under the size limit. */
function joinPayloads(list: string[]): string[] {
  const out: string[] = [];
  let current = '';
  for (const payload of new Set(list)) {
    if (current && Buffer.byteLength(current) + 1 + Buffer.byteLength(payload) > MAX_PAYLOAD_BYTES) {
      out.push(current);
      current = '';
    }
    current = current ? `${current},${payload}` : payload;
  }
  if (current) out.push(current);
  return out;
}

const coalescers = new WeakMap<pg.Pool, NotifyCoalescer>();

/** This pool's coalescer (one per pool, i.e. per process and database), on a connection of its own. */
export function notifierFor(pool: pg.Pool): NotifyCoalescer {
  let c = coalescers.get(pool);
  if (!c) {
    const { max: _max, idleTimeoutMillis: _idle, ...clientOptions } = pool.options;
    coalescers.set(pool, (c = new NotifyCoalescer(clientOptions as pg.ClientConfig)));
  }
  return c;
}

/** Send what the pool's coalescer still holds and close its connection (called by `Database.close`). */
export async function closeNotifier(pool: pg.Pool): Promise<void> {
  const c = coalescers.get(pool);
  if (!c) return;
  coalescers.delete(pool);
  await c.close();
}
