import { sql } from 'drizzle-orm';
import type pg from 'pg';
import {
  hotStatementByText,
  sqlLiteral,
  storeScope,
  transactionOpenedWith,
  type Database,
  type Db,
} from '../db/database.ts';
import type { Logger } from '../logger.ts';
import { listen } from './listener.ts';
import { startLoop, type Loop } from './loop.ts';
import { eventDeliveriesTotal, eventsDispatchedTotal, registerLagSource } from './metrics.ts';
import { EVENTS_CHANNEL, eventFromRow } from './outbox.ts';
import { eventSubscribers } from './schema.ts';
import { registeredSubscribers, type Subscriber } from './subscribers.ts';

export interface RetryPolicy {
  /** Delay before the first retry; doubles per attempt. */
  baseMs: number;
  /** Longest delay between attempts. */
  maxMs: number;
  /** After this many failed attempts the delivery is marked dead and the aggregate moves on. */
  maxAttempts: number;
}

export const DEFAULT_SUBSCRIBER_RETRY: RetryPolicy = { baseMs: 1000, maxMs: 5 * 60_000, maxAttempts: 25 };

export interface DispatcherOptions {
  database: Database;
  log: Logger;
  /** Defaults to every subscriber registered with `subscribe()` in this process. */
  subscribers?: readonly Subscriber[];
  batchSize?: number;
  /** The safety-net poll when no NOTIFY arrives. */
  pollIntervalMs?: number;
  /** Passes run at once (1 by default), each for its own share of the subscribers (`subscriberShares`). */
  concurrency?: number;
  retry?: Partial<RetryPolicy>;
}

export interface Dispatcher {
  wake(): void;
  stop(): Promise<void>;
}

/**
 * Fan-out: take a batch of events from the queue of undispatched ones (`events_undispatched`,
 * written with each event; `FOR UPDATE SKIP LOCKED`, so any number of workers share it) and
 * create one pending delivery per interested subscriber, as recorded in `event_subscribers`.
 * Returns how many events were dispatched.
 */
export async function dispatchOutbox(
  db: Db,
  batchSize = 100,
  subscribers: readonly Subscriber[] = [],
): Promise<number> {
  const result = await db.execute(sql.raw(dispatchText(batchSize, subscribers)));
  const count = Number(result.rows[0]?.dispatched ?? 0);
  if (count) eventsDispatchedTotal.inc(count);
  return count;
}

function retryDelay(policy: RetryPolicy, attempt: number): number {
  const exp = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(exp * (0.8 + Math.random() * 0.4)); // jitter spreads a burst of retries
}

/**
 * The fan-out of `dispatchOutbox` as SQL text (literals inlined: it also goes in a pass's opening
 * message). `subscribers` bring their `forStoresWhere` conditions; a subscriber recorded by
 * another process and unknown here gets every event of its types.
 */
function dispatchText(batchSize: number, subscribers: readonly Subscriber[]): string {
  const picky = new Map<string, string>();
  for (const s of [...registeredSubscribers(), ...subscribers]) {
    const conditions = [s.forStoresWhere, s.eventsWhere].filter(Boolean).map((c) => `(${c})`);
    if (conditions.length) picky.set(s.name, conditions.join(' AND '));
  }
  const wants = picky.size
    ? `AND CASE s.name ${[...picky].map(([name, where]) => `WHEN ${sqlLiteral(name)} THEN (${where})`).join(' ')} ELSE true END`
    : '';
  // The queue's rows are taken (deleted) and their events read from the outbox by key.
  return `
    WITH claimed AS (
      DELETE FROM events_undispatched q
      WHERE q.id IN (SELECT id FROM events_undispatched ORDER BY id LIMIT ${Math.trunc(batchSize)}
                     FOR UPDATE SKIP LOCKED)
      RETURNING q.id
    ), picked AS (
      SELECT e.id, e.store_id, e.type, e.aggregate_type, e.aggregate_id, e.sequence, e.payload
      FROM claimed JOIN events e ON e.id = claimed.id
    ), fanned AS (
      INSERT INTO event_deliveries (subscriber, event_id, store_id, aggregate_type, aggregate_id, sequence)
      SELECT s.name, c.id, c.store_id, c.aggregate_type, c.aggregate_id, c.sequence
      FROM picked c JOIN event_subscribers s
        ON ('*' = ANY (s.types) OR c.type = ANY (s.types) OR split_part(c.type, '.', 1) || '.*' = ANY (s.types))
          ${wants}
      ON CONFLICT DO NOTHING
      RETURNING subscriber
    )
    SELECT (SELECT count(*) FROM claimed)::int AS dispatched,
           (SELECT coalesce(array_agg(DISTINCT subscriber), '{}') FROM fanned) AS subscribers`;
}

/**
 * The claim of due deliveries. Only the head of each (subscriber, aggregate) is claimable: a
 * delivery waits while an earlier event of its aggregate is undispatched or still pending for
 * that subscriber, so each subscriber sees an aggregate's events in order.
 */
function claimText(subscribers: string, batchSize: number): string {
  // `has_next`: a later event of the aggregate waits for this subscriber, due once this one is done.
  return `
    SELECT d.subscriber, d.attempts, e.*,
      EXISTS (
        SELECT 1 FROM event_deliveries n
        WHERE n.status = 'pending' AND n.subscriber = d.subscriber AND n.store_id = d.store_id
          AND n.aggregate_type = d.aggregate_type AND n.aggregate_id = d.aggregate_id AND n.sequence > d.sequence
      ) AS has_next
    FROM event_deliveries d JOIN events e ON e.id = d.event_id
    WHERE d.status = 'pending' AND d.next_attempt_at <= now() AND d.subscriber = ANY (${subscribers})
      AND NOT EXISTS (
        SELECT 1 FROM event_deliveries p
        WHERE p.status = 'pending' AND p.subscriber = d.subscriber AND p.store_id = d.store_id
          AND p.aggregate_type = d.aggregate_type AND p.aggregate_id = d.aggregate_id AND p.sequence < d.sequence)
      AND NOT EXISTS (
        SELECT 1 FROM events_undispatched u
        WHERE u.store_id = d.store_id
          AND u.aggregate_type = d.aggregate_type AND u.aggregate_id = d.aggregate_id AND u.sequence < d.sequence)
    ORDER BY d.next_attempt_at, d.event_id
    LIMIT ${batchSize}
    FOR UPDATE OF d SKIP LOCKED`;
}

function nextRetryText(subscribers: string): string {
  return `
    SELECT min(next_attempt_at) AS at FROM event_deliveries
    WHERE status = 'pending' AND next_attempt_at > now() AND subscriber = ANY (${subscribers})`;
}

/**
 * A pass's opening — the fan-out, the claim and the soonest retry — as statements prepared once
 * per connection (a pass runs them every time it is woken). Their subscribers and batch size are
 * fixed for a dispatcher, so they are written into the text rather than passed: a statement
 * without parameters runs on one plan, where one with an array and a LIMIT was planned afresh on
 * every pass (decision 0020).
 */
function passOpening(subscribers: readonly Subscriber[], batchSize: number): string {
  const names = sqlLiteral([...new Set(subscribers.map((s) => s.name))]) + '::text[]';
  const size = Math.trunc(batchSize);
  return [
    hotStatementByText('dispatch_fan_out', [], dispatchText(size, subscribers))(),
    hotStatementByText('dispatch_claim', [], claimText(names, size))(),
    hotStatementByText('dispatch_next_retry', [], nextRetryText(names))(),
  ].join('; ');
}

export interface DispatchPass {
  /** Events fanned out to their subscribers' deliveries. */
  dispatched: number;
  /** The subscribers those events brought deliveries for. */
  fannedTo: string[];
  /** Deliveries attempted (delivered or failed). */
  delivered: number;
  /**
   * Whether another pass may find deliveries due at once: a full batch was claimed, or a later
   * event of a delivered aggregate waits for its subscriber.
   */
  more: boolean;
  /** When (epoch ms) the soonest pending retry of these subscribers falls due, if any. */
  nextDueAt: number | null;
}

// One savepoint name for every delivery: a handler's own `tx.transaction` nests below it.
const SAVEPOINT = 'carton_delivery';

/**
 * One pass of the dispatcher in one transaction, with as few round trips as it can:
 *
 * 1. one message: `BEGIN`, the fan-out of undispatched events (`dispatchOutbox`), the claim of
 *    due deliveries of these subscribers (`FOR UPDATE OF d SKIP LOCKED`, so any number of
 *    workers share them) and the time of the next retry;
 * 2. per delivery, one message — release the previous delivery's savepoint, open this one's and
 *    scope it to the event's store (role carton_app under RLS) — then the handler's own
 *    statements; a handler that throws is rolled back to its savepoint (one message). A
 *    subscriber with `handleMany` gets all its claimed events of one store in one savepoint
 *    (if that throws: rolled back, then its events one by one through `handle`);
 * 3. one message: back to the dispatcher's role, every acknowledgement and every failure
 *    (attempts, next retry, dead) recorded in two statements; then `COMMIT`.
 *
 * The acknowledgements commit with the handlers' writes, so database writes made by a handler
 * happen exactly once; a crash before the commit leaves every claimed delivery pending (and the
 * fan-out undone) and they are delivered again: at least once, in order per aggregate.
 */
export async function dispatchAndDeliver(
  db: Db,
  opts: { subscribers: readonly Subscriber[]; log: Logger; batchSize?: number; retry?: Partial<RetryPolicy> },
): Promise<DispatchPass> {
  const byName = new Map(opts.subscribers.map((s) => [s.name, s]));
  const batchSize = opts.batchSize ?? 100;
  if (byName.size === 0) {
    const dispatched = await dispatchOutbox(db, batchSize, opts.subscribers);
    return { dispatched, fannedTo: [], delivered: 0, more: false, nextDueAt: null };
  }
  const policy = { ...DEFAULT_SUBSCRIBER_RETRY, ...opts.retry };
  return transactionOpenedWith(db, passOpening(opts.subscribers, batchSize), async (tx, io) => {
    const [fanOut, claim, retry] = io.opened as [pg.QueryResult, pg.QueryResult, pg.QueryResult];
    const dispatched = Number(fanOut.rows[0]?.dispatched ?? 0);
    const fannedTo = (fanOut.rows[0]?.subscribers as string[] | undefined) ?? [];
    if (dispatched) eventsDispatchedTotal.inc(dispatched);
    const at = retry.rows[0]?.at as Date | string | null | undefined;
    const nextDueAt = at ? new Date(at).getTime() : null;

    const delivered: { subscriber: string; event_id: string; attempts: number }[] = [];
    const failed: {
      subscriber: string;
      event_id: string;
      attempts: number;
      error: string;
      status: 'pending' | 'dead';
      delay_ms: number;
    }[] = [];
    let inSavepoint = false;
    /** Open a savepoint scoped to a store (releasing the previous one in the same message). */
    const enter = async (storeId: string) => {
      await io.send(
        `${inSavepoint ? `RELEASE SAVEPOINT ${SAVEPOINT}; ` : ''}SAVEPOINT ${SAVEPOINT}; ${storeScope(storeId)}`,
      );
      inSavepoint = true;
      return io.hookMark();
    };
    /** Undo what was done since `enter` (writes, scope, after-commit announcements). */
    const undoSince = async (hooks: number) => {
      io.dropHooksSince(hooks);
      await io.send(`ROLLBACK TO SAVEPOINT ${SAVEPOINT}; RELEASE SAVEPOINT ${SAVEPOINT}`);
      inSavepoint = false;
    };

    const deliverOne = async (row: Record<string, unknown>) => {
      const subscriber = byName.get(row.subscriber as string)!;
      const event = eventFromRow(row);
      const attempt = Number(row.attempts) + 1;
      const consumer = `subscriber:${subscriber.name}`;
      const hooks = await enter(event.storeId);
      try {
        await subscriber.handle(event, { tx, attempt });
        delivered.push({ subscriber: subscriber.name, event_id: event.id, attempts: attempt });
        eventDeliveriesTotal.inc({ consumer, outcome: 'delivered' });
      } catch (err) {
        await undoSince(hooks);
        const dead = attempt >= policy.maxAttempts;
        const message = err instanceof Error ? err.message : String(err);
        failed.push({
          subscriber: subscriber.name,
          event_id: event.id,
          attempts: attempt,
          error: message.slice(0, 1000),
          status: dead ? 'dead' : 'pending',
          delay_ms: retryDelay(policy, attempt),
        });
        eventDeliveriesTotal.inc({ consumer, outcome: dead ? 'dead' : 'retry' });
        opts.log[dead ? 'error' : 'warn'](
          { err, subscriber: subscriber.name, eventId: event.id, eventType: event.type, attempt },
          dead ? 'subscriber gave up on an event' : 'subscriber failed; will retry',
        );
      }
    };

    // Deliveries of one store to a subscriber that takes several events at once go together.
    const groups = new Map<string, Record<string, unknown>[]>();
    for (const row of claim.rows) {
      const key = byName.get(row.subscriber as string)!.handleMany
        ? `${row.subscriber as string}\n${row.store_id as string}`
        : `#${groups.size}`;
      const group = groups.get(key);
      if (group) group.push(row);
      else groups.set(key, [row]);
    }
    for (const rows of groups.values()) {
      const subscriber = byName.get(rows[0]!.subscriber as string)!;
      if (rows.length === 1 || !subscriber.handleMany) {
        for (const row of rows) await deliverOne(row);
        continue;
      }
      const events = rows.map((r) => eventFromRow(r));
      const hooks = await enter(events[0]!.storeId);
      try {
        await subscriber.handleMany(events, { tx });
      } catch (err) {
        opts.log.warn(
          { err, subscriber: subscriber.name, events: events.length },
          'subscriber failed on a batch; delivering its events one by one',
        );
        await undoSince(hooks);
        for (const row of rows) await deliverOne(row);
        continue;
      }
      for (const row of rows) {
        delivered.push({
          subscriber: subscriber.name,
          event_id: row.id as string,
          attempts: Number(row.attempts) + 1,
        });
      }
      eventDeliveriesTotal.inc(
        { consumer: `subscriber:${subscriber.name}`, outcome: 'delivered' },
        rows.length,
      );
    }
    if (claim.rows.length) {
      const statements = [
        ...(inSavepoint ? [`RELEASE SAVEPOINT ${SAVEPOINT}`] : []),
        // Back to the dispatcher's own role (a delivery's scope outlives its released savepoint).
        `SET LOCAL ROLE NONE`,
        `SET LOCAL app.store_id = ''`,
      ];
      if (delivered.length) {
        statements.push(`
          UPDATE event_deliveries d
          SET status = 'delivered', attempts = x.attempts, delivered_at = now(), last_error = NULL
          FROM jsonb_to_recordset(${sqlLiteral(JSON.stringify(delivered))}::jsonb)
            AS x(subscriber text, event_id text, attempts int)
          WHERE d.subscriber = x.subscriber AND d.event_id = x.event_id`);
      }
      if (failed.length) {
        statements.push(`
          UPDATE event_deliveries d
          SET attempts = x.attempts, last_error = x.error, status = x.status,
              next_attempt_at = now() + x.delay_ms * interval '1 millisecond'
          FROM jsonb_to_recordset(${sqlLiteral(JSON.stringify(failed))}::jsonb)
            AS x(subscriber text, event_id text, attempts int, error text, status text, delay_ms int)
          WHERE d.subscriber = x.subscriber AND d.event_id = x.event_id`);
      }
      // With COMMIT, in one message: a failure rolls the pass back as before.
      io.closeWith(statements.join('; '));
    }
    const more = claim.rows.length >= batchSize || claim.rows.some((r) => r.has_next === true);
    return { dispatched, fannedTo, delivered: claim.rows.length, more, nextDueAt };
  });
}

/** Record (or update) which event types each subscriber wants, so every worker fans out for it. */
export async function registerSubscribers(db: Db, subscribers: readonly Subscriber[]): Promise<void> {
  if (subscribers.length === 0) return;
  await db
    .insert(eventSubscribers)
    .values(subscribers.map((s) => ({ name: s.name, types: [...s.types] })))
    .onConflictDoUpdate({ target: eventSubscribers.name, set: { types: sql`excluded.types` } });
}

/** Report the dispatch and subscriber backlogs on /metrics. */
export function trackOutboxLag(db: Db): () => void {
  const lag = (query: ReturnType<typeof sql>) => async () => {
    const row = (await db.execute(query)).rows[0] as { pending: number; oldest: number | string | null };
    return { pending: Number(row.pending), oldestSeconds: Number(row.oldest ?? 0) };
  };
  const stops = [
    registerLagSource(
      'dispatch',
      lag(sql`SELECT count(*) AS pending, extract(epoch FROM now() - min(e.occurred_at)) AS oldest
              FROM events_undispatched q JOIN events e ON e.id = q.id`),
    ),
    registerLagSource(
      'subscribers',
      lag(sql`SELECT count(*) AS pending, extract(epoch FROM now() - min(created_at)) AS oldest
              FROM event_deliveries WHERE status = 'pending'`),
    ),
  ];
  return () => stops.forEach((s) => s());
}

/**
 * Split subscribers into at most `n` shares, whole modules (the name up to its first dot) at a
 * time, dealt out in name order. Always at least one share (it may be empty: it still fans out).
 */
export function subscriberShares(subscribers: readonly Subscriber[], n: number): Subscriber[][] {
  const byModule = new Map<string, Subscriber[]>();
  for (const s of subscribers) {
    const module = s.name.split('.')[0]!;
    byModule.set(module, [...(byModule.get(module) ?? []), s]);
  }
  const modules = [...byModule.keys()].sort();
  const shares: Subscriber[][] = Array.from({ length: Math.max(1, Math.min(n, modules.length)) }, () => []);
  modules.forEach((m, i) => shares[i % shares.length]!.push(...byModule.get(m)!));
  return shares;
}

/**
 * Start dispatching: LISTEN wakes the loop the moment an event commits on any node; a slow
 * poll covers lost notifications; retries wake it when they fall due.
 */
export async function startDispatcher(opts: DispatcherOptions): Promise<Dispatcher> {
  const db = opts.database.db;
  const subscribers = opts.subscribers ?? registeredSubscribers();
  const batchSize = opts.batchSize ?? 100;
  await registerSubscribers(db, subscribers);

  // Several passes at once, each delivering for its own share of the subscribers. One module's
  // subscribers stay in one share: they touch the same rows (recovery's carts and contacts), and
  // passes of one share never run together, so they cannot deadlock each other. A NOTIFY wakes
  // the first share's loop; a pass that fans events out wakes the loops of the shares it brought
  // deliveries for (every pass fans out, through SKIP LOCKED), so a share with nothing to do
  // costs no pass.
  const shares = subscriberShares(subscribers, opts.concurrency ?? 1);
  const shareOf = new Map(shares.flatMap((share, i) => share.map((s) => [s.name, i] as const)));
  const loops: Loop[] = shares.map((share, i) =>
    startLoop({
      name: `event-dispatcher-${i + 1}`,
      log: opts.log,
      idleMs: opts.pollIntervalMs ?? 5000,
      run: async () => {
        const pass = await dispatchAndDeliver(db, {
          subscribers: share,
          log: opts.log,
          batchSize,
          retry: opts.retry,
        });
        const others = new Set(pass.fannedTo.map((name) => shareOf.get(name)));
        for (const k of others) if (k !== undefined && k !== i) loops[k]!.wake();
        // Again at once when deliveries may be due (a full batch, or the next event of a delivered
        // aggregate) or after a full fan-out; else sleep until woken (NOTIFY, another share's
        // fan-out) or a retry falls due. A pass after every delivering pass found nothing most of
        // the time: two messages each, a quarter of a checkout's (decision 0021).
        if (pass.more || pass.dispatched >= batchSize) return { more: true };
        return { more: false, nextDueAt: pass.nextDueAt };
      },
    }),
  );
  const wake = () => loops.forEach((l) => l.wake());
  const stopLoops = () => Promise.all(loops.map((l) => l.stop()));
  const unlisten = await listen(opts.database, EVENTS_CHANNEL, () => loops[0]!.wake()).catch(async (err) => {
    await stopLoops();
    throw err;
  });
  const untrack = trackOutboxLag(db);
  return {
    wake,
    async stop() {
      untrack();
      await unlisten();
      await stopLoops();
    },
  };
}
