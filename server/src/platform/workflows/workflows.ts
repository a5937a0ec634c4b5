/**
 * Durable work for modules: workflows, steps, queues and cron schedules on DBOS Transact.
 *
 * A module declares these at the top level of its `workflows.ts` (DBOS must know every workflow
 * before it launches, so a crashed workflow can be resumed by whichever worker starts next):
 *
 *   export const fulfilment = defineQueue('orders.fulfilment', { workerConcurrency: 4 });
 *   export const fulfilOrder = defineWorkflow('orders.fulfil', async (orderId: string) => {
 *     const parcel = await step('book-carrier', () => bookCarrier(orderId), { retries: 5 });
 *     await transaction(db, 'mark-shipped', (tx) => markShipped(tx, orderId, parcel));
 *   });
 *   defineSchedule({ name: 'orders.nightly-report', cron: '0 0 3 * * *', workflow: nightlyReport });
 *
 * and starts one with `platform.workflows.enqueue(fulfilOrder, { queue: fulfilment }, orderId)`.
 * Everything else DBOS offers (durable sleep, send/recv, events, workflow management) is used
 * directly through `DBOS` inside a workflow.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { DBOS } from '@dbos-inc/dbos-sdk';
import { sql, type SQL } from 'drizzle-orm';
import pg from 'pg';
import { keepAnswers, untakenAnswers, type ReadAhead } from '../db/read-ahead.ts';
import {
  hotStatement,
  sqlText,
  keyedStoreScope,
  KEYED_SCOPE_STATEMENTS,
  transactionOpenedWith,
  type Db,
  type Tx,
} from '../db/database.ts';

export { DBOS };

/** A registered workflow function. Called directly inside another workflow, it runs as a child. */
export type Workflow<Args extends unknown[] = unknown[], R = unknown> = ((...args: Args) => Promise<R>) & {
  readonly workflowName: string;
};

/** Concurrency and rate limits of a queue (DBOS queue parameters). */
export interface QueueLimits {
  /** Workflows of this queue running at once in one worker process. */
  workerConcurrency?: number;
  /** Workflows of this queue running at once across all workers. */
  globalConcurrency?: number;
  /** At most `limitPerPeriod` workflows started per `periodSec` seconds, across all workers. */
  rateLimit?: { limitPerPeriod: number; periodSec: number };
  /** How often (ms) a worker polls this queue when it is idle (DBOS default 1000). */
  pollingIntervalMs?: number;
}

export interface QueueDefinition {
  readonly name: string;
  readonly limits: QueueLimits;
}

export interface ScheduleDefinition {
  /** Unique name; a worker fires each tick at most once across all workers. */
  name: string;
  /** Cron with optional seconds field, e.g. `0 *\/5 * * * *` (every 5 minutes). */
  cron: string;
  /** Receives the scheduled time of the tick. */
  workflow: Workflow<[Date, unknown], void>;
  /** Run the ticks through this queue (to bound their concurrency). */
  queue?: QueueDefinition;
  /** IANA time zone of the cron expression (default UTC). */
  timezone?: string;
}

const workflows = new Map<string, Workflow>();
const sources = new Map<string, string>();
const queues = new Map<string, QueueDefinition>();
const schedules = new Map<string, ScheduleDefinition>();

/**
 * Register a durable workflow under a stable, module-prefixed name (`orders.fulfil`). Its code must
 * be deterministic outside its steps: anything that touches the world goes in `step` or
 * `transaction`, so a resumed workflow replays recorded results instead of redoing them.
 */
export function defineWorkflow<Args extends unknown[], R>(
  name: string,
  fn: (...args: Args) => Promise<R>,
  opts: { maxRecoveryAttempts?: number } = {},
): Workflow<Args, R> {
  if (workflows.has(name)) throw new Error(`workflow "${name}" is defined twice`);
  const registered = DBOS.registerWorkflow(fn, { name, ...opts }) as Workflow<Args, R>;
  Object.defineProperty(registered, 'workflowName', { value: name });
  workflows.set(name, registered as unknown as Workflow);
  sources.set(name, fn.toString());
  return registered;
}

export interface StepOptions {
  /** Retry a failing attempt this many times (exponential backoff from `retryIntervalSeconds`). */
  retries?: number;
  retryIntervalSeconds?: number;
  /** Fail an attempt that takes longer than this. */
  timeoutMs?: number;
}

/**
 * Run `fn` as a checkpointed step of the current workflow: once it has returned, a resumed
 * workflow gets its recorded result and does not run it again. A crash *during* the step runs it
 * again (at least once), so `fn` must be safe to repeat — for writes to Carton's own tables use
 * `transaction`, which is exactly once. Outside a workflow it is a plain call.
 */
export function step<R>(name: string, fn: () => Promise<R>, opts: StepOptions = {}): Promise<R> {
  if (!DBOS.isWithinWorkflow()) return fn();
  return DBOS.runStep(fn, {
    name,
    retriesAllowed: (opts.retries ?? 0) > 0,
    maxAttempts: (opts.retries ?? 0) + 1,
    intervalSeconds: opts.retryIntervalSeconds ?? 1,
    timeoutMS: opts.timeoutMs,
  });
}

/**
 * `step`, recorded by Carton under `name` in `workflow_transactions` instead of by DBOS: one
 * look-up before and one insert after, where a DBOS step costs its cancellation checks, its
 * look-up and a checkpoint transaction (seven statements; decision 0021). For a hot workflow's
 * steps. `name` must be unique within the run. At least once, as `step`: a crash during `fn` runs
 * it again; a failure (after `retries`, a second apart and doubling) is not recorded and goes up
 * to the workflow. Two executions of one run (a zombie after a takeover) keep the first record.
 */
export async function recordedStep<R>(
  db: Db,
  name: string,
  fn: () => Promise<R>,
  opts: Pick<StepOptions, 'retries' | 'retryIntervalSeconds'> = {},
): Promise<R> {
  if (!DBOS.isWithinWorkflow()) return fn();
  const workflowId = DBOS.workflowID!;
  const done = await recordedResult<R>(db, workflowId, name);
  if (done) return done.v as R;
  let value: R;
  for (let attempt = 0; ; attempt++) {
    try {
      value = await fn();
      break;
    } catch (err) {
      if (attempt >= (opts.retries ?? 0)) throw err;
      const delayMs = (opts.retryIntervalSeconds ?? 1) * 1000 * 2 ** attempt;
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
  }
  const { rows } = await db.execute(
    sql`${resultRecord(workflowId, name, value)} ON CONFLICT (workflow_id, name) DO NOTHING RETURNING 1`,
  );
  if (rows.length) return value;
  return (await recordedResult<R>(db, workflowId, name))!.v as R; // another execution recorded it first
}

/** The result recorded under `name` in the run `workflowId`, if any. */
async function recordedResult<R>(
  db: Db | Tx,
  workflowId: string,
  name: string,
): Promise<{ v?: R } | undefined> {
  const { rows } = await db.execute<{ output: { v?: R } }>(
    sql`SELECT output FROM workflow_transactions WHERE workflow_id = ${workflowId} AND name = ${name}`,
  );
  return rows[0]?.output;
}

/** The insert that records `value` under `name` in the run `workflowId`. */
function resultRecord(workflowId: string, name: string, value: unknown): SQL {
  return sql`INSERT INTO workflow_transactions (workflow_id, name, output)
             VALUES (${workflowId}, ${name}, ${JSON.stringify({ v: value })}::jsonb)`;
}

/**
 * What a store-scoped `transaction` step hands its work besides `tx` (see `transactionOpenedWith`):
 * the result of `opening` (the statement that travelled with `BEGIN`), `send` for statements in
 * one message, and `closeWith` for statements that go with `COMMIT` — where the step's recorded
 * result goes too.
 */
export interface StepTransaction {
  opened: pg.QueryResult | undefined;
  send(text: string): Promise<pg.QueryResult[]>;
  closeWith(text: string): void;
}

/**
 * Run `work` in one database transaction as a step of the current workflow, exactly once: the
 * step's result is recorded under `name` in `workflow_transactions` in the same transaction as its
 * writes, so a workflow resumed after a crash gets the recorded result and never writes twice.
 * `name` must be unique within one run of the workflow (number the steps of a loop). A failure is
 * not recorded: a resumed workflow runs the transaction again. With `storeId` the transaction runs
 * under that store's row-level security (`withStore`), and `opening` (SQL text, literals inlined)
 * travels with its `BEGIN`, the look-up of the recorded result too (one message), while the record
 * of the result goes with `COMMIT`. The result must be JSON. Outside a workflow it is a plain
 * transaction.
 *
 * `ahead` (with `storeId`): statements — writes too — whose answers `work` will read, sent after
 * `opening` in the same message and kept for their owners (`read-ahead.ts`). Whatever `work` does
 * not run as planned costs nothing wrong: a step already recorded, a work that throws, or one that
 * leaves an answer untaken rolls the whole transaction back (the first returns its record, the
 * last runs again without `ahead`), and so does a message that fails.
 */
export function transaction<R>(
  db: Db,
  name: string,
  work: (tx: Tx, io: StepTransaction) => Promise<R>,
  opts: { storeId?: string; opening?: string; ahead?: readonly ReadAhead[] } = {},
): Promise<R> {
  const noBatch: StepTransaction = {
    opened: undefined,
    send: () => Promise.reject(new Error('send needs a store-scoped transaction')),
    closeWith: () => {
      throw new Error('closeWith needs a store-scoped transaction');
    },
  };
  const scopedOnce = (
    storeId: string,
    first: string[],
    ahead: readonly ReadAhead[],
    fn: (tx: Tx, io: StepTransaction, opened: pg.QueryResult[]) => Promise<R>,
  ) =>
    transactionOpenedWith(
      db,
      [keyedStoreScope(storeId), ...first, ...ahead.map((a) => a.text)].join('; '),
      async (tx, io) => {
        const opened = io.opened.slice(KEYED_SCOPE_STATEMENTS, io.opened.length - ahead.length); // after the scope
        keepAnswers(tx, ahead, io.opened.slice(io.opened.length - ahead.length));
        const value = await fn(
          tx,
          { opened: opts.opening ? opened.at(-1) : undefined, send: io.send, closeWith: io.closeWith },
          opened,
        );
        if (untakenAnswers(tx)) throw new AheadUntaken();
        return value;
      },
    );
  // With statements sent ahead, a work that did not take them all (or a message that failed)
  // runs again the ordinary way, in a new transaction.
  const scoped = async (
    storeId: string,
    first: string[],
    fn: (tx: Tx, io: StepTransaction, opened: pg.QueryResult[]) => Promise<R>,
  ): Promise<R> => {
    const ahead = opts.ahead ?? [];
    if (!ahead.length) return scopedOnce(storeId, first, [], fn);
    try {
      return await scopedOnce(storeId, first, ahead, fn);
    } catch (err) {
      if (err instanceof AheadUntaken || err instanceof pg.DatabaseError)
        return scopedOnce(storeId, first, [], fn);
      throw err;
    }
  };
  if (!DBOS.isWithinWorkflow()) {
    if (opts.storeId)
      return scoped(opts.storeId, opts.opening ? [opts.opening] : [], (tx, io) => work(tx, io));
    return db.transaction((tx) => work(tx, noBatch));
  }

  // Inside a workflow: recorded under its name in this run, in Carton's own table, in the same
  // transaction as its writes — not through DBOS's step bookkeeping (its cancellation check, its
  // look-up and its own checkpoint: six statements, decision 0021). Nothing here needs DBOS's step
  // number; a run's names are unique (loops number them: `batch-3`).
  const workflowId = DBOS.workflowID!;
  const run = async (): Promise<R> => {
    // In a store's scope the look-up of the recorded result travels with BEGIN (one message) and
    // the record of the result with COMMIT.
    if (opts.storeId) {
      return scoped(
        opts.storeId,
        [transactionResultStatement(workflowId, name), ...(opts.opening ? [opts.opening] : [])],
        async (tx, io, opened) => {
          const done = opened[0]!.rows[0] as { output: { v?: R } } | undefined;
          // Recorded already: what was sent ahead with the look-up is rolled back.
          if (done) throw new StepRecorded(done.output.v);
          const value = await work(tx, io);
          io.closeWith(sqlText(resultRecord(workflowId, name, value)));
          return value;
        },
      ).catch((err: unknown) => {
        if (err instanceof StepRecorded) return err.value as R;
        throw err;
      });
    }
    return db.transaction(async (tx) => {
      const done = await recordedResult<R>(tx, workflowId, name);
      if (done) return done.v as R;
      const value = await work(tx, noBatch);
      await tx.execute(resultRecord(workflowId, name, value));
      return value;
    });
  };
  return run().catch(async (err: unknown) => {
    // Another execution of this workflow (a zombie after a takeover) committed this step first:
    // its writes stand, ours rolled back; return what it recorded.
    if (
      (err as { code?: string }).code === '23505' ||
      (err as { cause?: { code?: string } }).cause?.code === '23505'
    ) {
      const done = await recordedResult<R>(db, workflowId, name);
      if (done) return done.v as R;
    }
    throw err;
  });
}

/** Thrown to roll back a step's transaction whose result was recorded already (returned instead). */
class StepRecorded {
  readonly value: unknown;
  constructor(value: unknown) {
    this.value = value;
  }
}

/** Thrown to roll back a transaction whose work left an answer sent ahead untaken (it runs again). */
class AheadUntaken extends Error {
  constructor() {
    super('a statement sent ahead was not taken by the work');
  }
}

const transactionResultStatement = hotStatement(
  'workflow_transaction_result',
  ['text', 'text'],
  'SELECT output FROM workflow_transactions WHERE workflow_id = $1 AND name = $2',
);

/**
 * How a run's results are recorded (`transaction`, `recordedStep`): part of the workflows'
 * version, so that a run recorded one way is never resumed by code that looks it up another way.
 */
const RECORDING = 'transactions by name in workflow_transactions';

/**
 * The workflows' application version for DBOS, which resumes a run only with code of the same
 * version: as DBOS computes it (a hash of every workflow's source and of DBOS's version), and of
 * `RECORDING`, which DBOS cannot see. DBOS__APPVERSION, when set, is used instead.
 */
export function workflowsVersion(): string {
  // Its package.json is not exported: read it beside the entry point (dist/src/index.js).
  const entry = createRequire(import.meta.url).resolve('@dbos-inc/dbos-sdk');
  const dbos = JSON.parse(
    readFileSync(`${entry.slice(0, entry.lastIndexOf('/dist/'))}/package.json`, 'utf8'),
  ) as {
    version: string;
  };
  const hash = createHash('md5');
  for (const source of [...sources.values()].sort()) hash.update(source);
  return hash.update(dbos.version).update(RECORDING).digest('hex');
}

/** Declare a queue; workers register it (and its limits) in the database when they launch. */
export function defineQueue(name: string, limits: QueueLimits = {}): QueueDefinition {
  if (queues.has(name)) throw new Error(`queue "${name}" is defined twice`);
  const queue = { name, limits };
  queues.set(name, queue);
  return queue;
}

/** Declare a cron schedule; workers apply it when they launch (schedules no longer declared are removed). */
export function defineSchedule(schedule: ScheduleDefinition): void {
  if (schedules.has(schedule.name)) throw new Error(`schedule "${schedule.name}" is defined twice`);
  schedules.set(schedule.name, schedule);
}

/** What has been declared so far (the engine applies it at launch). */
export function declared(): {
  workflows: ReadonlyMap<string, Workflow>;
  queues: ReadonlyMap<string, QueueDefinition>;
  schedules: ReadonlyMap<string, ScheduleDefinition>;
} {
  return { workflows, queues, schedules };
}
