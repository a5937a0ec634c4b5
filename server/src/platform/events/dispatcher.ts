import { sql } from 'drizzle-orm';
import type { Database, Db } from '../db/database.ts';
import type { Logger } from '../logger.ts';
import { listen } from './listener.ts';
import { startLoop } from './loop.ts';
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
  retry?: Partial<RetryPolicy>;
}

export interface Dispatcher {
  wake(): void;
  stop(): Promise<void>;
}

/**
 * Fan-out: claim a batch of undispatched events (`FOR UPDATE SKIP LOCKED`, so any number of
 * workers share the outbox) and create one pending delivery per interested subscriber, as
 * recorded in `event_subscribers`. Returns how many events were dispatched.
 */
export async function dispatchOutbox(db: Db, batchSize = 100): Promise<number> {
  const result = await db.execute(sql`
    WITH claimed AS (
      SELECT id, store_id, type, aggregate_type, aggregate_id, sequence
      FROM events WHERE dispatched_at IS NULL
      ORDER BY id LIMIT ${batchSize}
      FOR UPDATE SKIP LOCKED
    ), fanned AS (
      INSERT INTO event_deliveries (subscriber, event_id, store_id, aggregate_type, aggregate_id, sequence)
      SELECT s.name, c.id, c.store_id, c.aggregate_type, c.aggregate_id, c.sequence
      FROM claimed c JOIN event_subscribers s
        ON '*' = ANY (s.types) OR c.type = ANY (s.types) OR split_part(c.type, '.', 1) || '.*' = ANY (s.types)
      ON CONFLICT DO NOTHING
    )
    UPDATE events SET dispatched_at = now() FROM claimed WHERE events.id = claimed.id
  `);
  const count = result.rowCount ?? 0;
  if (count) eventsDispatchedTotal.inc(count);
  return count;
}

function retryDelay(policy: RetryPolicy, attempt: number): number {
  const exp = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(exp * (0.8 + Math.random() * 0.4)); // jitter spreads a burst of retries
}

/**
 * Deliver due events to in-process subscribers, one claimed batch in one transaction.
 *
 * Only the head of each (subscriber, aggregate) is claimable: a delivery waits while an earlier
 * event of its aggregate is undispatched or still pending for that subscriber, so each
 * subscriber sees an aggregate's events in order. Each handler runs in a savepoint scoped to
 * the event's store; its acknowledgement commits with its writes. A crash before commit leaves
 * the row pending and it is delivered again. Returns how many deliveries were attempted.
 */
export async function deliverToSubscribers(
  db: Db,
  opts: { subscribers: readonly Subscriber[]; log: Logger; batchSize?: number; retry?: Partial<RetryPolicy> },
): Promise<number> {
  const byName = new Map(opts.subscribers.map((s) => [s.name, s]));
  if (byName.size === 0) return 0;
  const policy = { ...DEFAULT_SUBSCRIBER_RETRY, ...opts.retry };
  const names = sql.param([...byName.keys()]);
  return db.transaction(async (tx) => {
    const claimed = await tx.execute(sql`
      SELECT d.subscriber, d.attempts, e.*
      FROM event_deliveries d JOIN events e ON e.id = d.event_id
      WHERE d.status = 'pending' AND d.next_attempt_at <= now() AND d.subscriber = ANY (${names}::text[])
        AND NOT EXISTS (
          SELECT 1 FROM event_deliveries p
          WHERE p.status = 'pending' AND p.subscriber = d.subscriber AND p.store_id = d.store_id
            AND p.aggregate_type = d.aggregate_type AND p.aggregate_id = d.aggregate_id AND p.sequence < d.sequence)
        AND NOT EXISTS (
          SELECT 1 FROM events u
          WHERE u.dispatched_at IS NULL AND u.store_id = d.store_id
            AND u.aggregate_type = d.aggregate_type AND u.aggregate_id = d.aggregate_id AND u.sequence < d.sequence)
      ORDER BY d.next_attempt_at, d.event_id
      LIMIT ${opts.batchSize ?? 100}
      FOR UPDATE OF d SKIP LOCKED
    `);
    for (const row of claimed.rows) {
      const subscriber = byName.get(row.subscriber as string)!;
      const event = eventFromRow(row);
      const attempt = Number(row.attempts) + 1;
      const consumer = `subscriber:${subscriber.name}`;
      try {
        await tx.transaction(async (sp) => {
          await sp.execute(
            sql`SELECT set_config('role', 'carton_app', true), set_config('app.store_id', ${event.storeId}, true)`,
          );
          await subscriber.handle(event, { tx: sp, attempt });
          await sp.execute(sql`
            UPDATE event_deliveries SET status = 'delivered', attempts = ${attempt}, delivered_at = now(), last_error = NULL
            WHERE subscriber = ${subscriber.name} AND event_id = ${event.id}`);
          await sp.execute(
            sql`SELECT set_config('role', 'none', true), set_config('app.store_id', '', true)`,
          );
        });
        eventDeliveriesTotal.inc({ consumer, outcome: 'delivered' });
      } catch (err) {
        const dead = attempt >= policy.maxAttempts;
        const message = err instanceof Error ? err.message : String(err);
        await tx.execute(sql`
          UPDATE event_deliveries
          SET attempts = ${attempt}, last_error = ${message.slice(0, 1000)},
              status = ${dead ? 'dead' : 'pending'},
              next_attempt_at = now() + ${retryDelay(policy, attempt)} * interval '1 millisecond'
          WHERE subscriber = ${subscriber.name} AND event_id = ${event.id}`);
        eventDeliveriesTotal.inc({ consumer, outcome: dead ? 'dead' : 'retry' });
        opts.log[dead ? 'error' : 'warn'](
          { err, subscriber: subscriber.name, eventId: event.id, eventType: event.type, attempt },
          dead ? 'subscriber gave up on an event' : 'subscriber failed; will retry',
        );
      }
    }
    return claimed.rows.length;
  });
}

/** When the soonest pending retry of these subscribers falls due (epoch ms), if any. */
async function nextRetryAt(db: Db, names: readonly string[]): Promise<number | null> {
  if (names.length === 0) return null;
  const result = await db.execute(sql`
    SELECT min(next_attempt_at) AS at FROM event_deliveries
    WHERE status = 'pending' AND next_attempt_at > now() AND subscriber = ANY (${sql.param([...names])}::text[])`);
  const at = result.rows[0]?.at as Date | string | null | undefined;
  return at ? new Date(at).getTime() : null;
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
      lag(sql`SELECT count(*) AS pending, extract(epoch FROM now() - min(occurred_at)) AS oldest
              FROM events WHERE dispatched_at IS NULL`),
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
 * Start dispatching: LISTEN wakes the loop the moment an event commits on any node; a slow
 * poll covers lost notifications; retries wake it when they fall due.
 */
export async function startDispatcher(opts: DispatcherOptions): Promise<Dispatcher> {
  const db = opts.database.db;
  const subscribers = opts.subscribers ?? registeredSubscribers();
  const names = subscribers.map((s) => s.name);
  const batchSize = opts.batchSize ?? 100;
  await registerSubscribers(db, subscribers);

  const loop = startLoop({
    name: 'event-dispatcher',
    log: opts.log,
    idleMs: opts.pollIntervalMs ?? 5000,
    run: async () => {
      const dispatched = await dispatchOutbox(db, batchSize);
      const delivered = await deliverToSubscribers(db, {
        subscribers,
        log: opts.log,
        batchSize,
        retry: opts.retry,
      });
      if (dispatched > 0 || delivered > 0) return { more: true };
      return { more: false, nextDueAt: await nextRetryAt(db, names) };
    },
  });
  const unlisten = await listen(opts.database, EVENTS_CHANNEL, () => loop.wake()).catch(async (err) => {
    await loop.stop();
    throw err;
  });
  const untrack = trackOutboxLag(db);
  return {
    wake: () => loop.wake(),
    async stop() {
      untrack();
      await unlisten();
      await loop.stop();
    },
  };
}
