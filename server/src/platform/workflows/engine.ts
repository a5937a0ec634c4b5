import { DBOS, DBOSClient, type DLogger, type WorkflowHandle } from '@dbos-inc/dbos-sdk';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import type { Config } from '../config.ts';
import type { Db } from '../db/database.ts';
import { PreparingClient } from '../db/prepared.ts';
import type { Logger } from '../logger.ts';
import { observePool } from '../observability/metrics.ts';
import {
  declared,
  defineSchedule,
  defineWorkflow,
  step,
  type QueueDefinition,
  type Workflow,
  workflowsVersion,
} from './workflows.ts';

/** DBOS keeps its tables in this schema of Carton's own database. */
export const WORKFLOW_SCHEMA = 'dbos';
/** Scopes Carton's workflows, queues and schedules in that schema. */
const APPLICATION = 'carton';
const MIGRATION_LOCK = 0x64626f73; // "dbos": serializes concurrent migrations of the workflow schema

export interface EnqueueOptions {
  queue: QueueDefinition | string;
  /** Idempotency: enqueueing an id that already exists returns that workflow instead of a new one. */
  workflowId?: string;
  /** At most one workflow with this id waits or runs on the queue at a time. */
  deduplicationId?: string;
  /** 0 (default, highest) … 2^31-1. */
  priority?: number;
  delaySeconds?: number;
  /** For queues with per-partition limits. */
  partitionKey?: string;
}

/**
 * The process's handle on durable work. Worker processes `launch` it (DBOS runs workflows here);
 * any process, worker or API-only, can `enqueue` workflows for the workers to run.
 */
export interface WorkflowEngine {
  /** True while workflows run in this process. */
  readonly launched: boolean;
  /** running: workflows run here; enqueue-only: not launched (an API process); stopped: closed. */
  readonly state: 'enqueue-only' | 'running' | 'stopped';
  /** Run workflows here: recover this worker's interrupted workflows, dispatch queues, fire schedules. */
  launch(): Promise<void>;
  enqueue<Args extends unknown[], R>(
    workflow: Workflow<Args, R>,
    opts: EnqueueOptions,
    ...args: Args
  ): Promise<WorkflowHandle<R>>;
  /** A handle on any workflow by id: its status, or `getResult()` to wait for it. */
  retrieve<R>(workflowId: string): Promise<WorkflowHandle<R>>;
  /** Stop running workflows here (waiting up to WORKER_SHUTDOWN_GRACE_MS for those in flight). */
  close(): Promise<void>;
}

export interface WorkflowEngineOptions {
  /** Carton's database; DBOS keeps its system tables there, in schema `dbos`. */
  url: string;
  db: Db;
  config: Pick<Config, 'CARTON_WORKER_ID' | 'CARTON_WORKER_QUEUES' | 'WORKER_SHUTDOWN_GRACE_MS'> & {
    OTEL_EXPORTER_OTLP_ENDPOINT?: string | undefined;
  };
  log: Logger;
}

/**
 * Create or upgrade DBOS's system schema. Run once at start (after Carton's migrations) and in
 * the test template; an advisory lock makes concurrent starts take turns.
 */
export async function migrateWorkflowSchema(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    // DBOS's migrator overlaps queries on one pg client; pg only warns (once, on a fresh schema).
    const quiet = process.noDeprecation;
    process.noDeprecation = true;
    try {
      await DBOS.migrate(url, { schemaName: WORKFLOW_SCHEMA });
    } finally {
      process.noDeprecation = quiet;
    }
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => {});
    await client.end();
  }
}

/** DBOS's log lines, through Carton's logger. */
function dbosLogger(log: Logger): DLogger {
  const text = (entry: unknown) => (typeof entry === 'string' ? entry : String(entry));
  return {
    info: (entry) => log.info(text(entry)),
    debug: (entry) => log.debug(text(entry)),
    warn: (entry) => log.warn(text(entry)),
    error: (entry, meta) => log.error({ err: meta?.error }, text(entry)),
  };
}

let launchedBy: WorkflowEngine | null = null;
/** The database of the engine launched in this process, for the kernel's own workflows. */
let launchedDb: Db | null = null;

export function createWorkflowEngine(opts: WorkflowEngineOptions): WorkflowEngine {
  const log = opts.log.child({ component: 'workflows' });
  let client: Promise<DBOSClient> | null = null;
  let systemPool: pg.Pool | null = null;
  let closed = false;
  let unobservePool = () => {};

  // API-only processes enqueue through a DBOS client (a small pool, opened on first use).
  const dbosClient = () =>
    (client ??= DBOSClient.create({
      systemDatabaseUrl: opts.url,
      systemDatabaseSchemaName: WORKFLOW_SCHEMA,
      systemDatabasePoolSize: 4,
      applicationName: APPLICATION,
      logger: dbosLogger(log),
    }));

  const engine: WorkflowEngine = {
    get launched() {
      return launchedBy === engine && DBOS.isInitialized();
    },
    get state() {
      if (closed) return 'stopped';
      if (launchedBy === engine) return DBOS.isInitialized() ? 'running' : 'stopped';
      return 'enqueue-only';
    },

    async launch() {
      if (launchedBy) throw new Error('DBOS already runs in this process: one worker runtime per process');
      launchedBy = engine;
      launchedDb = opts.db;
      try {
        systemPool = new pg.Pool({
          Client: PreparingClient,
          connectionString: opts.url,
          max: 10,
          application_name: 'carton-workflows',
          // A session stuck inside a transaction must not hold DBOS's row locks for long.
          options: '-c idle_in_transaction_session_timeout=60000',
        });
        systemPool.on('error', () => {}); // idle client lost (server restart); replaced on next use
        unobservePool = observePool('workflows', systemPool);
        const listen = opts.config.CARTON_WORKER_QUEUES?.split(',')
          .map((q) => q.trim())
          .filter(Boolean);
        DBOS.setConfig({
          name: APPLICATION,
          systemDatabaseUrl: opts.url,
          systemDatabasePool: systemPool,
          systemDatabaseSchemaName: WORKFLOW_SCHEMA,
          executorID: opts.config.CARTON_WORKER_ID,
          applicationVersion: process.env.DBOS__APPVERSION || workflowsVersion(),
          runMigrations: false, // migrateWorkflowSchema ran at start
          logger: dbosLogger(log),
          // Workflow and step spans join Carton's OpenTelemetry traces when an exporter is set.
          tracingEnabled: Boolean(opts.config.OTEL_EXPORTER_OTLP_ENDPOINT),
          ...(listen?.length ? { listenQueues: listen } : {}),
        });
        await DBOS.launch();

        const { queues, schedules } = declared();
        for (const q of queues.values()) {
          await DBOS.registerQueue(q.name, {
            workerConcurrency: q.limits.workerConcurrency,
            globalConcurrency: q.limits.globalConcurrency,
            rateLimit: q.limits.rateLimit,
            minPollingIntervalMs: q.limits.pollingIntervalMs,
          });
        }
        await DBOS.applySchedules(
          [...schedules.values()].map((s) => ({
            scheduleName: s.name,
            workflowFn: s.workflow,
            schedule: s.cron,
            queueName: s.queue?.name,
            cronTimezone: s.timezone,
          })),
        );
        for (const existing of await DBOS.listSchedules()) {
          if (!schedules.has(existing.scheduleName)) await DBOS.deleteSchedule(existing.scheduleName);
        }
        log.info(
          { worker: opts.config.CARTON_WORKER_ID, queues: queues.size, schedules: schedules.size },
          'workflows launched',
        );
      } catch (err) {
        await DBOS.shutdown().catch(() => {});
        unobservePool();
        await systemPool?.end().catch(() => {});
        launchedBy = null;
        launchedDb = null;
        throw err;
      }
    },

    async enqueue(workflow, eo, ...args) {
      const queueName = typeof eo.queue === 'string' ? eo.queue : eo.queue.name;
      if (engine.launched) {
        return DBOS.startWorkflow(workflow, {
          queueName,
          workflowID: eo.workflowId,
          enqueueOptions: {
            deduplicationID: eo.deduplicationId,
            priority: eo.priority,
            delaySeconds: eo.delaySeconds,
            queuePartitionKey: eo.partitionKey,
          },
        })(...args);
      }
      return (await dbosClient()).enqueue(
        {
          queueName,
          workflowName: workflow.workflowName,
          workflowID: eo.workflowId,
          deduplicationID: eo.deduplicationId,
          priority: eo.priority,
          delaySeconds: eo.delaySeconds,
          queuePartitionKey: eo.partitionKey,
        },
        ...args,
      ) as Promise<WorkflowHandle<never>>;
    },

    async retrieve<R>(workflowId: string) {
      if (engine.launched) return DBOS.retrieveWorkflow<R>(workflowId) as WorkflowHandle<R>;
      return (await dbosClient()).retrieveWorkflow<R>(workflowId) as WorkflowHandle<R>;
    },

    async close() {
      closed = true;
      unobservePool();
      if (launchedBy === engine) {
        await DBOS.shutdown({ workflowCompletionTimeoutMS: opts.config.WORKER_SHUTDOWN_GRACE_MS });
        launchedBy = null;
        launchedDb = null;
        if (systemPool && !systemPool.ended) await systemPool.end();
        systemPool = null;
      }
      if (client) {
        const c = client;
        client = null;
        await (await c).destroy();
      }
    },
  };
  return engine;
}

// The kernel's own housekeeping: results of exactly-once transactions are only needed while their
// workflow may still be resumed, so drop them after a week.
const pruneStepResults = defineWorkflow('platform.prune-step-results', async (_at: Date, _ctx: unknown) => {
  const db = launchedDb;
  if (!db) return;
  await step('delete-old-results', async () => {
    await db.execute(sql`DELETE FROM workflow_transactions WHERE created_at < now() - interval '7 days'`);
  });
});
defineSchedule({ name: 'platform.prune-step-results', cron: '0 17 4 * * *', workflow: pruneStepResults });
