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
 * This process's own listeners (`listen`) hear them in-process, at the same pace but without a
 * message to PostgreSQL, and ignore the NOTIFYs of its own connection; so the NOTIFY, there only
 * for other processes, goes at most once per `REMOTE_NOTIFY_DELAY_MS` (decision 0019).
 *
 * Payloads for one channel are joined with `,` into as few notifications as fit PostgreSQL's
 * 8000-byte payload limit, so listeners of a coalesced channel must accept a comma-separated list.
 * A notification that cannot be sent (connection lost) is dropped: NOTIFY is only a wake-up, and
 * every listener also polls as a safety net.
 */
const MAX_PAYLOAD_BYTES = 7900;
export const DEFAULT_NOTIFY_DELAY_MS = 5;
/** How often at most other processes are NOTIFYed (this one hears at `DEFAULT_NOTIFY_DELAY_MS`). */
export const REMOTE_NOTIFY_DELAY_MS = 50;
/** The notify connection is closed after this long without work (a new one opens on demand). */
const IDLE_CLOSE_MS = 10_000;

type Deliver = (channels: string[], payloads: string[]) => Promise<void>;

/** Notifications joined and paced (see above); `deliver` sends each batch. */
class NotifyCoalescer {
  readonly #deliver: Deliver;
  readonly #delayMs: number;
  #pending = new Map<string, string[]>();
  /** Settles when the statement carrying the pending notifications has been sent. */
  #pendingSent: { promise: Promise<void>; resolve: () => void } | null = null;
  #timer: NodeJS.Timeout | null = null;
  #inFlight: Promise<void> | null = null;
  #lastSentAt = -Infinity;
  #soon = false;
  #closed = false;

  constructor(deliver: Deliver, delayMs: number) {
    this.#deliver = deliver;
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

  /** Deliver whatever is queued; nothing is taken afterwards. */
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
    this.#lastSentAt = performance.now();
    this.#inFlight = this.#deliver(channels, payloads).finally(() => {
      this.#inFlight = null;
      done?.resolve();
      if (this.#pending.size) this.#schedule();
    });
  }
}

/** The connection other processes are NOTIFYed on, opened on demand, closed when idle. */
class NotifyConnection {
  readonly #clientOptions: pg.ClientConfig;
  #client: pg.Client | null = null;
  #idleTimer: NodeJS.Timeout | null = null;
  #sending = false;
  /** The backend of the connection (PostgreSQL's pid), so that this process's listeners ignore their own. */
  processId: number | null = null;

  constructor(clientOptions: pg.ClientConfig) {
    this.#clientOptions = clientOptions;
  }

  async send(channels: string[], payloads: string[]): Promise<void> {
    const values = channels.map((c, i) => `(${i}, ${literal(c)}, ${literal(payloads[i]!)})`).join(', ');
    const text =
      `BEGIN; SET LOCAL synchronous_commit = off; ` +
      `SELECT pg_notify(c, p) FROM (VALUES ${values}) AS n(i, c, p) ORDER BY i; COMMIT`;
    let client = this.#client;
    this.#sending = true;
    try {
      if (!client) {
        client = new pg.Client(this.#clientOptions);
        client.on('error', () => this.#drop(client!));
        await client.connect();
        this.#client = client;
        this.processId = (client as unknown as { processID: number }).processID;
      }
      await client.query(text);
    } catch {
      // A wake-up lost; listeners' polls catch up. The next flush opens a fresh connection.
      if (client) this.#drop(client);
    } finally {
      this.#sending = false;
    }
    this.#armIdleClose();
  }

  #armIdleClose(): void {
    if (this.#idleTimer) clearTimeout(this.#idleTimer);
    this.#idleTimer = setTimeout(() => {
      this.#idleTimer = null;
      if (!this.#sending) this.close();
    }, IDLE_CLOSE_MS);
    this.#idleTimer.unref();
  }

  #drop(client: pg.Client): void {
    if (this.#client === client) this.#client = null;
    client.end().catch(() => {});
  }

  close(): void {
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

/** A pool's notifications: heard in this process, and NOTIFYed to the others. */
export class PoolNotifier {
  readonly #connection: NotifyConnection;
  readonly #local: NotifyCoalescer;
  readonly #remote: NotifyCoalescer;

  constructor(pool: pg.Pool) {
    const { max: _max, idleTimeoutMillis: _idle, ...clientOptions } = pool.options;
    this.#connection = new NotifyConnection(clientOptions as pg.ClientConfig);
    this.#local = new NotifyCoalescer(async (channels, payloads) => {
      const hear = listeners.get(pool);
      if (hear) channels.forEach((channel, i) => hear(channel, payloads[i]!));
    }, DEFAULT_NOTIFY_DELAY_MS);
    this.#remote = new NotifyCoalescer(
      (channels, payloads) => this.#connection.send(channels, payloads),
      REMOTE_NOTIFY_DELAY_MS,
    );
  }

  /**
   * Queue notifications; call only once the transaction they announce has committed. The promise
   * settles (never rejects) once this process's listeners have heard them.
   */
  add(channel: string, ...payloads: string[]): Promise<void> {
    void this.#remote.add(channel, ...payloads);
    return this.#local.add(channel, ...payloads);
  }

  /** Whether a notification came from this pool's own connection (heard in-process already). */
  sentThis(processId: number): boolean {
    return processId === this.#connection.processId;
  }

  /** Deliver and send whatever is queued, then close the connection (before the pool closes). */
  async close(): Promise<void> {
    await Promise.all([this.#local.close(), this.#remote.close()]);
    this.#connection.close();
  }
}

const notifiers = new WeakMap<pg.Pool, PoolNotifier>();
const listeners = new WeakMap<pg.Pool, (channel: string, payload: string) => void>();

/**
 * How this process's listeners of `pool` hear its notifications in-process (`listen`); null to
 * stop. Their LISTEN connection should then ignore what `sentByThisProcess`.
 */
export function hearInProcess(
  pool: pg.Pool,
  hear: ((channel: string, payload: string) => void) | null,
): void {
  if (hear) listeners.set(pool, hear);
  else listeners.delete(pool);
}

/** Whether a NOTIFY (by its sender's backend pid) came from this pool's own connection. */
export function sentByThisProcess(pool: pg.Pool, processId: number): boolean {
  return notifiers.get(pool)?.sentThis(processId) ?? false;
}

/** This pool's notifier (one per pool, i.e. per process and database), on a connection of its own. */
export function notifierFor(pool: pg.Pool): PoolNotifier {
  let n = notifiers.get(pool);
  if (!n) notifiers.set(pool, (n = new PoolNotifier(pool)));
  return n;
}

/** Send what the pool's notifier still holds and close its connection (called by `Database.close`). */
export async function closeNotifier(pool: pg.Pool): Promise<void> {
  const n = notifiers.get(pool);
  if (!n) return;
  notifiers.delete(pool);
  await n.close();
}
