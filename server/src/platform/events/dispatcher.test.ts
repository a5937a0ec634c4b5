import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../../../test/harness.ts';
import { sentQueries } from '../../../test/sent-queries.ts';
import { createOrganization, createStore } from '../../modules/tenancy/service.ts';
import { openDatabase, withStore, type Database } from '../db/database.ts';
import { REMOTE_NOTIFY_DELAY_MS } from '../db/notify.ts';
import { metrics } from '../observability/metrics.ts';
import {
  dispatchAndDeliver,
  registerSubscribers,
  startDispatcher,
  subscriberShares,
  trackOutboxLag,
  type Dispatcher,
} from './dispatcher.ts';
import { listen } from './listener.ts';
import { emitEvent, type OutboxEvent } from './outbox.ts';
import { subscribe, type Subscriber } from './subscribers.ts';

let platform: TestPlatform;
let storeA: string;
let storeB: string;
const extraDatabases: Database[] = [];

beforeAll(async () => {
  platform = await createTestPlatform();
  const org = await createOrganization(platform.db, { name: 'Events Co' });
  storeA = (
    await createStore(platform.db, {
      organizationId: org.id,
      input: { name: 'A', handle: 'ev-a', currency: 'USD' },
    })
  ).id;
  storeB = (
    await createStore(platform.db, {
      organizationId: org.id,
      input: { name: 'B', handle: 'ev-b', currency: 'EUR' },
    })
  ).id;
  await platform.db.execute(sql`CREATE TABLE test_notes (store_id text NOT NULL, body text NOT NULL)`);
  await platform.db.execute(sql`SELECT carton_enable_tenant_rls('test_notes')`);
});

afterAll(async () => {
  for (const d of extraDatabases) await d.close();
  await platform?.close();
});

/** Another process's connection pool to the same database. */
function otherNode(): Database {
  const d = openDatabase(platform.url, { poolSize: 4 });
  extraDatabases.push(d);
  return d;
}

async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 10));
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function emit(
  storeId: string,
  aggregateId: string,
  type = 'note.added',
  payload: Record<string, unknown> = {},
) {
  return withStore(platform.db, storeId, (tx) =>
    emitEvent(tx, { storeId, type, aggregateType: 'note', aggregateId, payload }),
  );
}

describe('emitEvent (transactional outbox)', () => {
  it('commits with the state change and numbers events per aggregate', async () => {
    const first = await withStore(platform.db, storeA, async (tx) => {
      await tx.execute(sql`INSERT INTO test_notes (store_id, body) VALUES (${storeA}, 'hello')`);
      return emitEvent(tx, {
        storeId: storeA,
        type: 'note.added',
        aggregateType: 'note',
        aggregateId: 'n-commit',
        payload: { body: 'hello' },
      });
    });
    const second = await emit(storeA, 'n-commit');
    const otherStore = await emit(storeB, 'n-commit');
    expect(first.id).toMatch(/^evt_[0-9A-Z]{26}$/);
    expect([first.sequence, second.sequence, otherStore.sequence]).toEqual([1, 2, 1]);
    const rows = await platform.db.execute(sql`SELECT payload FROM events WHERE id = ${first.id}`);
    expect(rows.rows[0]!.payload).toEqual({ body: 'hello' });
  });

  it('rolls back with the state change, leaving no event and no notification', async () => {
    const listener = new pg.Client({ connectionString: platform.url });
    await listener.connect();
    const heard: string[] = [];
    listener.on('notification', (m) => heard.push(m.payload ?? ''));
    await listener.query('LISTEN carton_events');
    let doomed = '';
    await expect(
      withStore(platform.db, storeA, async (tx) => {
        await tx.execute(sql`INSERT INTO test_notes (store_id, body) VALUES (${storeA}, 'doomed')`);
        doomed = (
          await emitEvent(tx, {
            storeId: storeA,
            type: 'note.added',
            aggregateType: 'note',
            aggregateId: 'n-rb',
            payload: {},
          })
        ).id;
        throw new Error('business rule failed');
      }),
    ).rejects.toThrow('business rule failed');
    const committed = await emit(storeA, 'n-rb-2');
    const announced = () => heard.flatMap((p) => p.split(','));
    await waitFor(() => announced().includes(`${storeA}:${committed.id}`));
    await listener.end();
    expect(announced()).not.toContain(`${storeA}:${doomed}`);
    const notes = await platform.db.execute(sql`SELECT count(*) AS n FROM test_notes WHERE body = 'doomed'`);
    const events = await platform.db.execute(
      sql`SELECT count(*) AS n FROM events WHERE aggregate_id = 'n-rb'`,
    );
    expect([notes.rows[0]!.n, events.rows[0]!.n]).toEqual([0, 0]);
  });

  it('is confined to its store by row-level security', async () => {
    await expect(
      withStore(platform.db, storeA, (tx) =>
        emitEvent(tx, {
          storeId: storeB,
          type: 'note.added',
          aggregateType: 'note',
          aggregateId: 'x',
          payload: {},
        }),
      ),
    ).rejects.toMatchObject({ cause: { message: expect.stringMatching(/row-level security/) } });
    const seen = await withStore(platform.db, storeA, (tx) =>
      tx.execute(sql`SELECT DISTINCT store_id FROM events`),
    );
    expect(seen.rows.map((r) => r.store_id)).toEqual([storeA]);
  });

  it('rejects names that are not entity.verb_past', async () => {
    await expect(
      platform.db.transaction((tx) =>
        emitEvent(tx, {
          storeId: storeA,
          type: 'OrderPlaced',
          aggregateType: 'order',
          aggregateId: 'o',
          payload: {},
        }),
      ),
    ).rejects.toThrow(/entity\.verb_past/);
  });
});

describe('the wake-up NOTIFY (sent after commit, coalesced)', () => {
  /** A LISTEN connection of its own, and every statement this process sends meanwhile. */
  async function observe() {
    const listener = new pg.Client({ connectionString: platform.url });
    await listener.connect();
    const heard: string[] = [];
    listener.on('notification', (m) => heard.push(m.payload ?? ''));
    await listener.query('LISTEN carton_events');
    const sent: string[] = [];
    const original = pg.Client.prototype.query;
    pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
      if (this !== listener) {
        const text = typeof args[0] === 'string' ? args[0] : (args[0] as { text?: string }).text;
        sent.push(String(text));
      }
      return (original as (...a: unknown[]) => unknown).apply(this, args);
    } as typeof original;
    const announced = () => heard.flatMap((p) => p.split(','));
    return {
      heard,
      sent,
      announced,
      async stop() {
        pg.Client.prototype.query = original;
        await listener.end();
      },
    };
  }

  it('is sent only after COMMIT, outside the transaction', async () => {
    const o = await observe();
    try {
      let inside: string[] = [];
      const event = await withStore(platform.db, storeA, async (tx) => {
        const e = await emitEvent(tx, {
          storeId: storeA,
          type: 'note.added',
          aggregateType: 'note',
          aggregateId: 'n-after-commit',
          payload: {},
        });
        await sleep(50); // the transaction is still open: nothing may be announced yet
        inside = [...o.sent];
        expect(o.heard).toEqual([]);
        return e;
      });
      await waitFor(() => o.announced().includes(`${storeA}:${event.id}`));
      expect(inside.some((q) => q.includes('pg_notify'))).toBe(false);
      const commit = o.sent.indexOf('COMMIT');
      const notify = o.sent.findIndex((q) => q.includes('pg_notify'));
      expect(commit).toBeGreaterThanOrEqual(0);
      expect(notify).toBeGreaterThan(commit);
    } finally {
      await o.stop();
    }
  });

  it('is never sent for a rolled back transaction', async () => {
    const o = await observe();
    try {
      let doomed = '';
      await expect(
        withStore(platform.db, storeA, async (tx) => {
          doomed = (
            await emitEvent(tx, {
              storeId: storeA,
              type: 'note.added',
              aggregateType: 'note',
              aggregateId: 'n-rolled-back',
              payload: {},
            })
          ).id;
          throw new Error('changed my mind');
        }),
      ).rejects.toThrow('changed my mind');
      await sleep(100);
      expect(o.sent.filter((q) => q.includes('pg_notify'))).toEqual([]);
      const committed = await emit(storeA, 'n-after-rollback');
      await waitFor(() => o.announced().includes(`${storeA}:${committed.id}`));
      expect(o.announced()).not.toContain(`${storeA}:${doomed}`);
    } finally {
      await o.stop();
    }
  });

  it('this process hears its announcements in-process, once; another process by NOTIFY, once', async () => {
    const here: string[] = [];
    const there: string[] = [];
    const stopHere = await listen(platform.database, 'carton_events', (p) => p && here.push(...p.split(',')));
    const stopThere = await listen(otherNode(), 'carton_events', (p) => p && there.push(...p.split(',')));
    try {
      const event = await emit(storeA, 'n-heard');
      const announced = `${storeA}:${event.id}`;
      // Heard here when the commit returns (delivered before the NOTIFY is even sent).
      expect(here).toContain(announced);
      await waitFor(() => there.includes(announced));
      await sleep(REMOTE_NOTIFY_DELAY_MS * 3); // the NOTIFY reaches this process's connection too
      expect(here.filter((a) => a === announced)).toHaveLength(1);
      expect(there.filter((a) => a === announced)).toHaveLength(1);
    } finally {
      await stopHere();
      await stopThere();
    }
  });

  it('announces a burst of N commits in far fewer NOTIFYs, every event included', async () => {
    await sleep(20); // let earlier tests' announcements go out
    const o = await observe();
    try {
      const n = 200;
      const started = performance.now();
      const events = await Promise.all(
        Array.from({ length: n }, (_, i) => emit(i % 2 ? storeA : storeB, `burst-${i % 7}`)),
      );
      const elapsedMs = performance.now() - started;
      const expected = events.map((e) => `${e.storeId}:${e.id}`);
      await waitFor(() => expected.every((a) => o.announced().includes(a)));
      const notifies = o.heard.length;
      // One NOTIFY per REMOTE_NOTIFY_DELAY_MS at most (plus the leading one), far fewer than commits.
      expect(notifies).toBeLessThanOrEqual(Math.ceil(elapsedMs / REMOTE_NOTIFY_DELAY_MS) + 2);
      // Far fewer than commits (a loaded machine spreads the burst out, hence only half).
      expect(notifies).toBeLessThan(n / 2);
    } finally {
      await o.stop();
    }
  });
});

describe('dispatcher', () => {
  const running: Dispatcher[] = [];
  // A test that fails mid-way must not leave its dispatcher claiming the next test's events.
  afterEach(async () => {
    while (running.length) await running.pop()!.stop();
  });

  async function start(
    database: Database,
    subscribers: Subscriber[],
    pollIntervalMs = 50,
    concurrency = 1,
    batchSize = 20,
  ) {
    const d = await startDispatcher({
      database,
      log: platform.log,
      subscribers,
      pollIntervalMs,
      concurrency,
      batchSize,
      retry: { baseMs: 20, maxMs: 100, maxAttempts: 3 },
    });
    running.push(d);
    return d;
  }

  async function stopAll() {
    while (running.length) await running.pop()!.stop();
  }

  it('two dispatchers of two concurrent shares each share the work: every event once, in order per aggregate', async () => {
    const delivered: { event: OutboxEvent; by: string }[] = [];
    // A second module's subscriber: its own share, delivered by a pass of its own at the same time.
    const tallied: OutboxEvent[] = [];
    const tally: Subscriber = {
      name: 'tally.orders',
      types: ['order.*'],
      async handle(event) {
        tallied.push(event);
        await sleep(Math.random() * 2);
      },
    };
    const recorder = (by: string): Subscriber => ({
      name: 'recorder',
      types: ['order.*'],
      async handle(event, { tx }) {
        delivered.push({ event, by });
        // The subscriber's own write commits with its acknowledgement, under the event's store.
        await tx.execute(sql`INSERT INTO test_notes (store_id, body) VALUES (${event.storeId}, ${event.id})`);
        await sleep(Math.random() * 2);
      },
    });
    const nodeA = otherNode();
    const nodeB = otherNode();
    // Batches smaller than the eight aggregates' heads: a pass never holds every head, so both
    // nodes find work whatever the timing (a node re-runs at once only while it has more).
    await start(nodeA, [recorder('a'), tally], 50, 3, 3);
    await start(nodeB, [recorder('b'), tally], 50, 3, 3);

    // 240 events over 8 orders in two stores, emitted by 4 concurrent writers.
    const expected: string[] = [];
    await Promise.all(
      [0, 1, 2, 3].map(async (w) => {
        for (let i = 0; i < 60; i++) {
          const storeId = i % 2 ? storeA : storeB;
          const e = await withStore(platform.db, storeId, (tx) =>
            emitEvent(tx, {
              storeId,
              type: i % 3 ? 'order.updated' : 'order.placed',
              aggregateType: 'order',
              aggregateId: `ord-${(w + i) % 4}`,
              payload: { i },
            }),
          );
          expected.push(e.id);
        }
      }),
    );
    // Events of other types are not this subscriber's business.
    await emit(storeA, 'n-ignored', 'note.added');

    await waitFor(() => delivered.length >= expected.length && tallied.length >= expected.length, 15_000);
    await sleep(100);
    await stopAll();

    const ids = delivered.map((d) => d.event.id);
    expect(new Set(ids).size).toBe(ids.length); // no duplicates
    expect(ids.sort()).toEqual([...expected].sort());
    const byAggregate = new Map<string, number[]>();
    for (const { event } of delivered) {
      const key = `${event.storeId}/${event.aggregateId}`;
      byAggregate.set(key, [...(byAggregate.get(key) ?? []), event.sequence]);
    }
    for (const seqs of byAggregate.values()) expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(delivered.some((d) => d.by === 'a') && delivered.some((d) => d.by === 'b')).toBe(true);
    const talliedIds = tallied.map((e) => e.id);
    expect(new Set(talliedIds).size).toBe(talliedIds.length);
    expect(talliedIds.sort()).toEqual([...expected].sort());
    const tallyOrder = new Map<string, number[]>();
    for (const e of tallied) {
      const key = `${e.storeId}/${e.aggregateId}`;
      tallyOrder.set(key, [...(tallyOrder.get(key) ?? []), e.sequence]);
    }
    for (const seqs of tallyOrder.values()) expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    const notes = await platform.db.execute(
      sql`SELECT count(*) AS n, count(DISTINCT body) AS d FROM test_notes WHERE body LIKE 'evt_%'`,
    );
    expect(notes.rows[0]).toEqual({ n: expected.length, d: expected.length });
    const pending = await platform.db.execute(
      sql`SELECT count(*) AS n FROM event_deliveries WHERE subscriber = 'recorder' AND status <> 'delivered'`,
    );
    expect(pending.rows[0]!.n).toBe(0);
  });

  it('redelivers when the process dies between handling and acknowledging', async () => {
    const admin = new pg.Client({ connectionString: platform.url });
    await admin.connect();
    const calls: string[] = [];
    let crashed = false;
    await start(otherNode(), [
      {
        name: 'crashy',
        types: ['parcel.shipped'],
        async handle(event, { tx }) {
          calls.push(event.id);
          if (!crashed) {
            crashed = true;
            // Kill our own connection after the side effect, before the acknowledgement commits.
            const pid = (await tx.execute(sql`SELECT pg_backend_pid() AS pid`)).rows[0]!.pid;
            await admin.query('SELECT pg_terminate_backend($1)', [pid]);
            await tx.execute(sql`SELECT 1`);
          }
        },
      },
    ]);
    const e = await emit(storeA, 'parcel-1', 'parcel.shipped');
    await waitFor(() => calls.length >= 2);
    await stopAll();
    await admin.end();
    expect(calls).toEqual([e.id, e.id]);
    const row = await platform.db.execute(
      sql`SELECT status FROM event_deliveries WHERE subscriber = 'crashy' AND event_id = ${e.id}`,
    );
    expect(row.rows[0]!.status).toBe('delivered');
  });

  it('holds back an aggregate behind a failing event, retries with backoff, and gives up after max attempts', async () => {
    const seen: { aggregate: string; seq: number; ok: boolean }[] = [];
    await start(otherNode(), [
      {
        name: 'picky',
        types: ['ticket.opened'],
        async handle(event, { tx }) {
          const fail =
            (event.aggregateId === 't-retry' &&
              event.sequence === 1 &&
              seen.filter((s) => s.aggregate === 't-retry' && !s.ok).length < 2) ||
            event.aggregateId === 't-dead';
          seen.push({ aggregate: event.aggregateId, seq: event.sequence, ok: !fail });
          await tx.execute(sql`INSERT INTO test_notes (store_id, body) VALUES (${event.storeId}, 'picky')`);
          if (fail) throw new Error('not now');
        },
      },
    ]);
    await emit(storeA, 't-retry', 'ticket.opened');
    await emit(storeA, 't-retry', 'ticket.opened');
    await emit(storeA, 't-dead', 'ticket.opened');
    await emit(storeA, 't-dead', 'ticket.opened');
    await waitFor(() => seen.filter((s) => s.aggregate === 't-retry' && s.ok).length === 2);
    await waitFor(() => seen.filter((s) => s.aggregate === 't-dead').length === 4);
    await stopAll();

    const retry = seen.filter((s) => s.aggregate === 't-retry');
    expect(retry).toEqual([
      { aggregate: 't-retry', seq: 1, ok: false },
      { aggregate: 't-retry', seq: 1, ok: false },
      { aggregate: 't-retry', seq: 1, ok: true },
      { aggregate: 't-retry', seq: 2, ok: true },
    ]);
    // The first event dies after 3 attempts; only then does the second go out (and die too).
    expect(
      seen
        .filter((s) => s.aggregate === 't-dead')
        .map((s) => s.seq)
        .slice(0, 4),
    ).toEqual([1, 1, 1, 2]);
    // A failed handler's writes roll back with it: only the two successes left a note.
    const notes = await platform.db.execute(sql`SELECT count(*) AS n FROM test_notes WHERE body = 'picky'`);
    expect(notes.rows[0]!.n).toBe(2);
    const states = await platform.db.execute(sql`
      SELECT d.status, d.attempts, d.last_error FROM event_deliveries d JOIN events e ON e.id = d.event_id
      WHERE d.subscriber = 'picky' AND e.aggregate_id = 't-dead' ORDER BY e.sequence`);
    expect(states.rows[0]).toEqual({ status: 'dead', attempts: 3, last_error: 'not now' });
    expect(states.rows[1]).toMatchObject({ last_error: 'not now' });
  });

  it('two shares claim their deliveries of one event at once: a claim locks its deliveries, not the event', async () => {
    const node = otherNode();
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let heldStarted!: () => void;
    const started = new Promise<void>((r) => (heldStarted = r));
    const slow: Subscriber = {
      name: 'share-slow',
      types: ['shared.done'],
      async handle() {
        heldStarted();
        await held; // its pass stays open, its claim held
      },
    };
    const quick: Subscriber = { name: 'share-quick', types: ['shared.done'], async handle() {} };
    await registerSubscribers(node.db, [slow, quick]);
    await emit(storeA, 'shared-1', 'shared.done');
    // Fanned out and committed first (a pass of another share), as under load.
    await dispatchAndDeliver(node.db, { subscribers: [], log: platform.log });
    const slowPass = dispatchAndDeliver(node.db, { subscribers: [slow], log: platform.log });
    try {
      await started;
      const quickPass = await dispatchAndDeliver(node.db, { subscribers: [quick], log: platform.log });
      expect(quickPass.delivered).toBe(1);
    } finally {
      release();
    }
    expect((await slowPass).delivered).toBe(1);
  });

  it('delivers a batch in one transaction with one message per delivery: each handler in its store, a failure undone alone', async () => {
    const node = otherNode();
    const failOn = 'b-2';
    const handled: string[] = [];
    const batcher: Subscriber = {
      name: 'batcher',
      types: ['batch.done'],
      async handle(event, { tx }) {
        handled.push(event.aggregateId);
        // Row-level security admits the note only under the event's own store scope.
        await tx.execute(
          sql`INSERT INTO test_notes (store_id, body) VALUES (current_setting('app.store_id'), ${`batch:${event.aggregateId}`})`,
        );
        if (event.aggregateId === failOn && handled.filter((a) => a === failOn).length === 1) {
          throw new Error('not yet');
        }
      },
    };
    await registerSubscribers(node.db, [batcher]);
    for (let i = 0; i < 5; i++) await emit(i % 2 ? storeB : storeA, `b-${i}`, 'batch.done');

    let pass: Awaited<ReturnType<typeof dispatchAndDeliver>> | undefined;
    const sent = await sentQueries(async () => {
      pass = await dispatchAndDeliver(node.db, {
        subscribers: [batcher],
        log: platform.log,
        retry: { baseMs: 1, maxMs: 1, maxAttempts: 3 },
      });
    });
    expect(pass!.dispatched).toBeGreaterThanOrEqual(5);
    expect(pass!.delivered).toBe(5);
    // BEGIN + fan-out + claim; per delivery its savepoint and scope, then the handler's insert;
    // the failed one's rollback; acknowledgements and failure with COMMIT.
    expect(sent.filter((q) => !/notify/i.test(q))).toHaveLength(1 + 5 * 2 + 1 + 1);
    expect(sent.filter((q) => !/notify/i.test(q)).at(-1)).toMatch(/UPDATE event_deliveries.*; COMMIT$/s);

    const notes = async () =>
      (
        await platform.db.execute<{ store_id: string; body: string }>(
          sql`SELECT store_id, body FROM test_notes WHERE body LIKE 'batch:%' ORDER BY body`,
        )
      ).rows;
    expect(await notes()).toEqual(
      [0, 1, 3, 4].map((i) => ({ store_id: i % 2 ? storeB : storeA, body: `batch:b-${i}` })),
    );
    const states = await platform.db.execute(sql`
      SELECT d.aggregate_id, d.status, d.attempts, d.last_error FROM event_deliveries d
      WHERE d.subscriber = 'batcher' ORDER BY d.aggregate_id`);
    expect(states.rows).toEqual([
      { aggregate_id: 'b-0', status: 'delivered', attempts: 1, last_error: null },
      { aggregate_id: 'b-1', status: 'delivered', attempts: 1, last_error: null },
      { aggregate_id: 'b-2', status: 'pending', attempts: 1, last_error: 'not yet' },
      { aggregate_id: 'b-3', status: 'delivered', attempts: 1, last_error: null },
      { aggregate_id: 'b-4', status: 'delivered', attempts: 1, last_error: null },
    ]);

    // The retry falls due and goes out alone; the others are not delivered again.
    await sleep(20);
    const again = await dispatchAndDeliver(node.db, { subscribers: [batcher], log: platform.log });
    expect(again.delivered).toBe(1);
    expect(handled).toEqual(['b-0', 'b-1', 'b-2', 'b-3', 'b-4', 'b-2']);
    expect((await notes()).map((n) => n.body)).toEqual([
      'batch:b-0',
      'batch:b-1',
      'batch:b-2',
      'batch:b-3',
      'batch:b-4',
    ]);
    const nothing = await dispatchAndDeliver(node.db, { subscribers: [batcher], log: platform.log });
    expect(nothing.delivered).toBe(0);
  });

  it('a pass says there is more at once only when a later event of a delivered aggregate waits', async () => {
    const node = otherNode();
    const seen: string[] = [];
    const chain: Subscriber = {
      name: 'chain',
      types: ['link.made'],
      async handle(event) {
        seen.push(`${event.aggregateId}#${event.sequence}`);
      },
    };
    await registerSubscribers(node.db, [chain]);
    await emit(storeA, 'l-1', 'link.made');
    await emit(storeA, 'l-1', 'link.made');
    await emit(storeA, 'l-2', 'link.made');
    const first = await dispatchAndDeliver(node.db, { subscribers: [chain], log: platform.log });
    expect(first).toMatchObject({ delivered: 2, more: true }); // l-1's second event waits for its first
    const second = await dispatchAndDeliver(node.db, { subscribers: [chain], log: platform.log });
    expect(second).toMatchObject({ delivered: 1, more: false });
    expect(seen).toEqual(['l-1#1', 'l-2#1', 'l-1#2']);
  });

  it("hands a subscriber with handleMany each store's events at once, and one by one when the batch fails", async () => {
    const node = otherNode();
    const batches: string[][] = [];
    const singles: string[] = [];
    let failBatches = false;
    const many: Subscriber = {
      name: 'many',
      types: ['crate.packed'],
      async handle(event, { tx }) {
        singles.push(event.aggregateId);
        await tx.execute(
          sql`INSERT INTO test_notes (store_id, body) VALUES (current_setting('app.store_id'), ${`many:${event.aggregateId}`})`,
        );
        if (event.aggregateId === 'c-bad') throw new Error('bad crate');
      },
      async handleMany(events, { tx }) {
        batches.push(events.map((e) => e.aggregateId));
        for (const e of events) {
          expect(e.storeId).toBe(events[0]!.storeId);
          await tx.execute(
            sql`INSERT INTO test_notes (store_id, body) VALUES (current_setting('app.store_id'), ${`many:${e.aggregateId}`})`,
          );
        }
        if (failBatches) throw new Error('batch refused');
      },
    };
    await registerSubscribers(node.db, [many]);
    for (const [storeId, id] of [
      [storeA, 'c-1'],
      [storeB, 'c-2'],
      [storeA, 'c-3'],
      [storeB, 'c-4'],
      [storeA, 'c-5'],
    ] as const) {
      await emit(storeId, id, 'crate.packed');
    }
    const sent = await sentQueries(() =>
      dispatchAndDeliver(node.db, { subscribers: [many], log: platform.log }),
    );
    expect(batches).toEqual([
      ['c-1', 'c-3', 'c-5'],
      ['c-2', 'c-4'],
    ]);
    expect(singles).toEqual([]);
    // BEGIN + claim · per store: savepoint + scope, then its inserts · acknowledgements with COMMIT.
    expect(sent.filter((q) => !/notify/i.test(q))).toHaveLength(1 + 2 + 5 + 1);

    // A failing batch is undone and its events go one by one: the bad one alone is retried.
    failBatches = true;
    await emit(storeA, 'c-6', 'crate.packed');
    await emit(storeA, 'c-bad', 'crate.packed');
    const pass = await dispatchAndDeliver(node.db, { subscribers: [many], log: platform.log });
    expect(pass.delivered).toBe(2);
    expect(batches.at(-1)).toEqual(['c-6', 'c-bad']);
    expect(singles).toEqual(['c-6', 'c-bad']);
    const notes = await platform.db.execute<{ body: string }>(
      sql`SELECT body FROM test_notes WHERE body LIKE 'many:%' ORDER BY body`,
    );
    expect(notes.rows.map((r) => r.body)).toEqual([
      'many:c-1',
      'many:c-2',
      'many:c-3',
      'many:c-4',
      'many:c-5',
      'many:c-6',
    ]);
    const states = await platform.db.execute(sql`
      SELECT aggregate_id, status, attempts FROM event_deliveries WHERE subscriber = 'many' ORDER BY aggregate_id`);
    expect(states.rows).toEqual([
      { aggregate_id: 'c-1', status: 'delivered', attempts: 1 },
      { aggregate_id: 'c-2', status: 'delivered', attempts: 1 },
      { aggregate_id: 'c-3', status: 'delivered', attempts: 1 },
      { aggregate_id: 'c-4', status: 'delivered', attempts: 1 },
      { aggregate_id: 'c-5', status: 'delivered', attempts: 1 },
      { aggregate_id: 'c-6', status: 'delivered', attempts: 1 },
      { aggregate_id: 'c-bad', status: 'pending', attempts: 1 },
    ]);
  });

  it('creates no delivery for the stores a subscriber does not want (forStoresWhere)', async () => {
    const handled: string[] = [];
    const choosy: Subscriber = {
      name: 'choosy',
      types: ['choosy.noted'],
      forStoresWhere: `c.store_id = '${storeB}'`,
      async handle(event) {
        handled.push(event.storeId);
      },
    };
    // Registered as modules do (at import time), so every dispatcher of the process knows its condition.
    subscribe(choosy);
    await registerSubscribers(platform.db, [choosy]);
    await emit(storeA, 'p-a', 'choosy.noted');
    await emit(storeB, 'p-b', 'choosy.noted');
    await dispatchAndDeliver(platform.db, { subscribers: [choosy], log: platform.log });
    expect(handled).toEqual([storeB]);
    const { rows } = await platform.db.execute<{ store_id: string }>(
      sql`SELECT store_id FROM event_deliveries WHERE subscriber = 'choosy'`,
    );
    expect(rows.map((r) => r.store_id)).toEqual([storeB]);
    // Both events are dispatched all the same: nothing waits for the store that was passed over.
    const { rows: left } = await platform.db.execute(
      sql`SELECT 1 FROM events e JOIN events_undispatched q ON q.id = e.id WHERE e.type = 'choosy.noted'`,
    );
    expect(left).toHaveLength(0);
  });

  it('splits subscribers into shares by module', () => {
    const sub = (name: string): Subscriber => ({ name, types: ['x.y'], handle: async () => {} });
    const names = (shares: Subscriber[][]) => shares.map((share) => share.map((s) => s.name));
    const all = [sub('orders.a'), sub('recovery.b'), sub('orders.c'), sub('search.d'), sub('recovery.e')];
    expect(names(subscriberShares(all, 2))).toEqual([
      ['orders.a', 'orders.c', 'search.d'],
      ['recovery.b', 'recovery.e'],
    ]);
    expect(names(subscriberShares(all, 8))).toEqual([
      ['orders.a', 'orders.c'],
      ['recovery.b', 'recovery.e'],
      ['search.d'],
    ]);
    expect(names(subscriberShares([], 4))).toEqual([[]]);
  });

  it('creates no delivery for the events a subscriber does not want (eventsWhere)', async () => {
    const handled: string[] = [];
    const picky: Subscriber = {
      name: 'events-where',
      types: ['picky.*'],
      eventsWhere: `c.payload->>'wanted' = 'yes' AND c.type <> 'picky.skipped'`,
      async handle(event) {
        handled.push(event.aggregateId);
      },
    };
    subscribe(picky);
    await registerSubscribers(platform.db, [picky]);
    await emit(storeA, 'p-1', 'picky.noted', { wanted: 'yes' });
    await emit(storeA, 'p-2', 'picky.noted', { wanted: 'no' });
    await emit(storeA, 'p-3', 'picky.skipped', { wanted: 'yes' });
    await emit(storeA, 'p-4', 'picky.noted', {});
    // An event it skips does not hold back the next one of the same aggregate.
    await emit(storeA, 'p-2', 'picky.noted', { wanted: 'yes' });
    await dispatchAndDeliver(platform.db, { subscribers: [picky], log: platform.log });
    expect(handled).toEqual(['p-1', 'p-2']);
    const { rows } = await platform.db.execute<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM event_deliveries WHERE subscriber = 'events-where'`,
    );
    expect(rows[0]!.n).toBe(2);
    const { rows: left } = await platform.db.execute(
      sql`SELECT 1 FROM events e JOIN events_undispatched q ON q.id = e.id WHERE e.type LIKE 'picky.%'`,
    );
    expect(left).toHaveLength(0);
  });

  it('wakes on NOTIFY from another node at once, without waiting for the poll', async () => {
    const got: number[] = [];
    await start(
      otherNode(),
      [{ name: 'prompt', types: ['bell.rung'], handle: async () => void got.push(Date.now()) }],
      60_000,
    );
    await sleep(50); // let the first (empty) pass finish and the loop go to sleep
    const writer = otherNode();
    const before = Date.now();
    await withStore(writer.db, storeB, (tx) =>
      emitEvent(tx, {
        storeId: storeB,
        type: 'bell.rung',
        aggregateType: 'bell',
        aggregateId: 'b1',
        payload: {},
      }),
    );
    await waitFor(() => got.length === 1, 5000);
    await stopAll();
    expect(got[0]! - before).toBeLessThan(1000);
  });

  it('reports the outbox lag and delivery counts on /metrics', async () => {
    const untrack = trackOutboxLag(platform.db);
    await emit(storeA, 'm-1', 'meter.read');
    await sleep(1100); // an event waiting for over a second, with no dispatcher running
    const text = await metrics.metrics();
    untrack();
    const pending = Number(/carton_outbox_pending\{stage="dispatch"\} (\d+)/.exec(text)?.[1]);
    const oldest = Number(
      /carton_outbox_oldest_pending_seconds\{stage="dispatch"\} ([\d.]+)/.exec(text)?.[1],
    );
    expect(pending).toBe(1);
    expect(oldest).toBeGreaterThanOrEqual(1);
    expect(text).toMatch(
      /carton_event_deliveries_total\{consumer="subscriber:recorder",outcome="delivered"\} 240/,
    );
    expect(text).toMatch(/carton_event_deliveries_total\{consumer="subscriber:picky",outcome="dead"\} [1-9]/);
  });
});
