import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../../../test/harness.ts';
import { sentAheadRows, writeAhead } from '../db/read-ahead.ts';
import { createWorkflowEngine, type WorkflowEngine } from './engine.ts';
import {
  DBOS,
  defineQueue,
  defineSchedule,
  defineWorkflow,
  recordedStep,
  step,
  transaction,
} from './workflows.ts';

// Workflows must be declared before the engine launches, as a module's workflows.ts does.
let platform: TestPlatform;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until<T>(read: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await read();
    if (ok(v) || Date.now() > deadline) return v;
    await sleep(50);
  }
}

const narrow = defineQueue('test.narrow', { globalConcurrency: 2, pollingIntervalMs: 100 });
let running = 0;
let mostAtOnce = 0;
const slowJob = defineWorkflow('test.slow-job', async (n: number) => {
  await step('work', async () => {
    running++;
    mostAtOnce = Math.max(mostAtOnce, running);
    await sleep(250);
    running--;
  });
  return n * 10;
});

const ticks: string[] = [];
const everySecond = defineWorkflow('test.every-second', async (at: Date, _ctx: unknown) => {
  await step('tick', async () => {
    ticks.push(at.toISOString());
  });
});
defineSchedule({ name: 'test.every-second', cron: '* * * * * *', workflow: everySecond });

const fast = defineQueue('test.fast', { pollingIntervalMs: 100 });
let effectRuns = 0;
const recordOrder = defineWorkflow('test.record-order', async (orderId: string) => {
  const runs = await transaction(platform.db, 'insert-order', async (tx) => {
    effectRuns++;
    await tx.execute(sql`INSERT INTO wf_test_orders (id) VALUES (${orderId})`);
    return effectRuns;
  });
  return { orderId, runs };
});

// A step recorded by Carton (`recordedStep`): it fails `failures` times first (retried).
let recordedRuns = 0;
const countCalls = defineWorkflow('test.recorded-step', async (failures: number) => {
  let failed = 0;
  return recordedStep(
    platform.db,
    'count',
    async () => {
      recordedRuns++;
      if (failed++ < failures) throw new Error('not yet');
      return { runs: recordedRuns };
    },
    { retries: 2, retryIntervalSeconds: 0.01 },
  );
});

// A store-scoped transaction step that sends its write ahead of its work (`ahead`), as the
// checkout's order placement does: `mode` says what the work does with the answer sent ahead.
let aheadRuns = 0;
const recordAhead = defineWorkflow(
  'test.record-ahead',
  async (orderId: string, mode: 'take' | 'ignore' | 'failing') => {
    const insert = `INSERT INTO wf_test_orders (id) VALUES ('${orderId}') RETURNING id`;
    const ahead = [writeAhead(mode === 'failing' ? 'SELECT 1 / 0 AS id' : insert, 'the order')];
    return transaction(
      platform.db,
      'insert-order',
      async (tx, io) => {
        aheadRuns++;
        const kept = mode === 'take' ? sentAheadRows<{ id: string }>(tx, 'the order') : undefined;
        // Ignoring it, the work writes a row of its own: only that one may stay.
        const own = mode === 'ignore' ? insert.replace(orderId, `${orderId}-own`) : insert;
        const rows = kept ?? ((await io.send(own))[0]!.rows as { id: string }[]);
        return { id: rows[0]!.id, sentAhead: Boolean(kept) };
      },
      { storeId: 'store_ahead', ahead },
    );
  },
);

describe('workflows (DBOS)', () => {
  let worker: WorkflowEngine;

  beforeAll(async () => {
    platform = await createTestPlatform();
    await platform.db.execute(sql`CREATE TABLE wf_test_orders (id text PRIMARY KEY)`);
    await platform.db.execute(sql`GRANT ALL ON wf_test_orders TO carton_app`);
    worker = createWorkflowEngine({
      url: platform.url,
      db: platform.db,
      config: { ...platform.config, WORKER_SHUTDOWN_GRACE_MS: 0 },
      log: platform.log,
    });
    await worker.launch();
  });
  afterAll(async () => {
    await worker?.close();
    await platform?.close();
  });

  it('launches once per process and reports its state', async () => {
    expect(worker.state).toBe('running');
    expect(platform.workflows.state).toBe('enqueue-only');
    await expect(platform.workflows.launch()).rejects.toThrow(/one worker runtime per process/);
  });

  it('a queue with a concurrency limit never runs more than that at once', async () => {
    const handles = await Promise.all(
      [1, 2, 3, 4, 5, 6].map((n) => worker.enqueue(slowJob, { queue: narrow }, n)),
    );
    const results = await Promise.all(handles.map((h) => h.getResult()));
    expect(results).toEqual([10, 20, 30, 40, 50, 60]);
    expect(mostAtOnce).toBe(2);
  });

  it('an API-only process enqueues through the DBOS client; the worker runs it', async () => {
    // platform.workflows was never launched: it writes the queue row, the launched worker runs it.
    const handle = await platform.workflows.enqueue(
      recordOrder,
      { queue: fast, workflowId: 'wf-api-1' },
      'ord_api',
    );
    expect(handle.workflowID).toBe('wf-api-1');
    const result = await (await platform.workflows.retrieve<{ orderId: string }>('wf-api-1')).getResult();
    expect(result.orderId).toBe('ord_api');
    // Enqueueing the same workflow id again returns the same workflow instead of running it twice.
    const again = await platform.workflows.enqueue(
      recordOrder,
      { queue: fast, workflowId: 'wf-api-1' },
      'ord_api',
    );
    expect(await again.getResult()).toEqual(result);
    const { rows } = await platform.db.execute(sql`SELECT id FROM wf_test_orders WHERE id = 'ord_api'`);
    expect(rows).toHaveLength(1);
  });

  it('a transaction step committed before a crash is not written again when the workflow resumes', async () => {
    const handle = await worker.enqueue(recordOrder, { queue: fast }, 'ord_1');
    await handle.getResult();
    // Recorded once, by Carton, under its name — not as a DBOS step too.
    const records = await platform.db.execute(sql`
      SELECT (SELECT count(*)::int FROM workflow_transactions
              WHERE workflow_id = ${handle.workflowID} AND name = 'insert-order') AS carton,
             (SELECT count(*)::int FROM dbos.operation_outputs WHERE workflow_uuid = ${handle.workflowID}) AS dbos`);
    expect(records.rows[0]).toEqual({ carton: 1, dbos: 0 });
    const runsBefore = effectRuns;
    // The state a crash right after the step's commit leaves: its result is recorded under its
    // name (committed with its writes), and the workflow runs again from the start.
    await platform.db.execute(sql`INSERT INTO wf_test_orders (id) VALUES ('ord_2')`);
    await platform.db.execute(
      sql`INSERT INTO workflow_transactions (workflow_id, name, output)
          VALUES ('wf-resumed', 'insert-order', '{"v": 4242}')`,
    );
    const result = await (
      await worker.enqueue(recordOrder, { queue: fast, workflowId: 'wf-resumed' }, 'ord_2')
    ).getResult();
    expect(result).toEqual({ orderId: 'ord_2', runs: 4242 }); // the recorded result, not a second run
    expect(effectRuns).toBe(runsBefore);
    const { rows } = await platform.db.execute(sql`SELECT id FROM wf_test_orders WHERE id = 'ord_2'`);
    expect(rows).toHaveLength(1);
  });

  it('a recorded step runs once, retried on failure, recorded by Carton; a resumed run gets its record', async () => {
    const before = recordedRuns;
    const handle = await worker.enqueue(countCalls, { queue: fast }, 1);
    expect(await handle.getResult()).toEqual({ runs: before + 2 }); // failed once, then ran
    const records = await platform.db.execute(sql`
      SELECT (SELECT array_agg(output) FROM workflow_transactions WHERE workflow_id = ${handle.workflowID}) AS carton,
             (SELECT count(*)::int FROM dbos.operation_outputs WHERE workflow_uuid = ${handle.workflowID}) AS dbos`);
    expect(records.rows[0]).toEqual({ carton: [{ v: { runs: before + 2 } }], dbos: 0 });
    // A run resumed after the step returned (recorded) gets the record and does not run it again.
    await platform.db.execute(
      sql`INSERT INTO workflow_transactions (workflow_id, name, output) VALUES ('wf-recorded', 'count', '{"v": {"runs": -1}}')`,
    );
    const runs = recordedRuns;
    const resumed = await worker.enqueue(countCalls, { queue: fast, workflowId: 'wf-recorded' }, 0);
    expect(await resumed.getResult()).toEqual({ runs: -1 });
    expect(recordedRuns).toBe(runs);
  });

  it('a write sent ahead is taken once; rolled back when the step was recorded, untaken or failing', async () => {
    const ids = async (like: string) =>
      (
        await platform.db.execute<{ id: string }>(
          sql`SELECT id FROM wf_test_orders WHERE id LIKE ${like} ORDER BY id`,
        )
      ).rows;
    let runs = aheadRuns;
    const taken = await (await worker.enqueue(recordAhead, { queue: fast }, 'ahd_taken', 'take')).getResult();
    expect(taken).toMatchObject({ id: 'ahd_taken', sentAhead: true });
    expect(aheadRuns - runs).toBe(1);

    // Recorded already (a crash right after the step's commit): the write sent with the look-up
    // is rolled back and the record returned.
    await platform.db.execute(
      sql`INSERT INTO workflow_transactions (workflow_id, name, output)
          VALUES ('wf-ahead-recorded', 'insert-order', '{"v": {"id": "recorded"}}')`,
    );
    runs = aheadRuns;
    const recorded = await (
      await worker.enqueue(
        recordAhead,
        { queue: fast, workflowId: 'wf-ahead-recorded' },
        'ahd_recorded',
        'take',
      )
    ).getResult();
    expect(recorded).toEqual({ id: 'recorded' });
    expect(aheadRuns).toBe(runs);

    // A work that does not take the answer, or an answer that fails: rolled back, run again the
    // ordinary way, written once.
    runs = aheadRuns;
    const untaken = await (
      await worker.enqueue(recordAhead, { queue: fast }, 'ahd_untaken', 'ignore')
    ).getResult();
    expect(untaken).toMatchObject({ id: 'ahd_untaken-own', sentAhead: false });
    expect(aheadRuns - runs).toBe(2);
    runs = aheadRuns;
    const failing = await (
      await worker.enqueue(recordAhead, { queue: fast }, 'ahd_failing', 'failing')
    ).getResult();
    expect(failing).toMatchObject({ id: 'ahd_failing', sentAhead: false });
    expect(aheadRuns - runs).toBe(1); // the failing message never reached the work
    expect(await ids('ahd_%')).toEqual([
      { id: 'ahd_failing' },
      { id: 'ahd_taken' },
      { id: 'ahd_untaken-own' },
    ]);
  });

  it('outside a workflow, step and transaction are plain calls', async () => {
    const ledger = () => platform.db.execute(sql`SELECT count(*)::int AS n FROM workflow_transactions`);
    const before = (await ledger()).rows[0];
    expect(await step('plain', async () => 7)).toBe(7);
    await transaction(platform.db, 'plain', (tx) =>
      tx.execute(sql`INSERT INTO wf_test_orders (id) VALUES ('ord_plain')`),
    );
    await expect(
      transaction(platform.db, 'plain-failing', async (tx) => {
        await tx.execute(sql`INSERT INTO wf_test_orders (id) VALUES ('ord_rolled_back')`);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    const { rows } = await platform.db.execute(
      sql`SELECT id FROM wf_test_orders WHERE id LIKE 'ord_plain%' OR id = 'ord_rolled_back'`,
    );
    expect(rows).toEqual([{ id: 'ord_plain' }]);
    expect((await ledger()).rows[0]).toEqual(before); // nothing recorded outside a workflow
  });

  it('a cron schedule fires on its ticks', async () => {
    const seen = await until(
      async () => [...ticks],
      (t) => t.length >= 2,
      8000,
    );
    expect(seen.length).toBeGreaterThanOrEqual(2);
    for (const at of seen) expect(at).toMatch(/T\d\d:\d\d:\d\d\.000Z$/); // whole seconds, as the cron says
    expect(new Set(seen).size).toBe(seen.length); // each tick once
    const schedules = await DBOS.listSchedules();
    expect(schedules.map((s) => s.scheduleName).sort()).toEqual([
      'platform.prune-step-results',
      'test.every-second',
    ]);
  });
});
