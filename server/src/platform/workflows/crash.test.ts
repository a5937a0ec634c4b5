import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testConfig } from '../../../test/harness.ts';
import { openDatabase, type Database } from '../db/database.ts';
import { createLogger } from '../logger.ts';
import { createWorkflowEngine, type WorkflowEngine } from './engine.ts';
import type { Workflow } from './workflows.ts';

const NODE = fileURLToPath(new URL('../../../../node_modules/.bin/node', import.meta.url));
const WORKER = fileURLToPath(new URL('./testing/crash-worker.ts', import.meta.url));

/** The fixture's workflow, known here by name only (as an API process that does not import it). */
const threeSteps = Object.assign(async (_label: string) => '', {
  workflowName: 'test.three-steps',
}) as Workflow<[string], string>;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('a worker killed in the middle of a workflow', () => {
  let tdb: { url: string; drop(): Promise<void> };
  let database: Database;
  let client: WorkflowEngine;
  const children: ChildProcess[] = [];

  function startWorker(): Promise<ChildProcess> {
    const child = spawn(NODE, [WORKER], {
      env: {
        PATH: process.env.PATH,
        NODE_ENV: 'test',
        LOG_LEVEL: 'warn',
        DATABASE_URL: tdb.url,
        CARTON_SECRET: 'test-secret-test-secret-test-secret-0123',
        CARTON_WORKER_ID: 'crash-test-worker',
        WORKER_SHUTDOWN_GRACE_MS: '0',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    let output = '';
    return new Promise((resolve, reject) => {
      child.stdout!.on('data', (d: Buffer) => {
        output += d.toString();
        if (output.includes('worker ready')) resolve(child);
      });
      child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
      child.once('exit', (code) =>
        reject(new Error(`worker exited (${code}) before it was ready:\n${output}`)),
      );
    });
  }

  const exited = (child: ChildProcess) =>
    child.exitCode !== null || child.signalCode !== null
      ? Promise.resolve()
      : new Promise<void>((resolve) => child.once('exit', () => resolve()));

  async function rows(query: string): Promise<Record<string, unknown>[]> {
    return (await database.pool.query(query)).rows;
  }

  async function until(query: string, ok: (r: Record<string, unknown>[]) => boolean, timeoutMs = 20_000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const r = await rows(query);
      if (ok(r)) return r;
      if (Date.now() > deadline) throw new Error(`timed out waiting for: ${query}`);
      await sleep(50);
    }
  }

  beforeAll(async () => {
    tdb = await createTestDatabase();
    database = openDatabase(tdb.url, { poolSize: 3 });
    await database.pool.query(`
      CREATE TABLE crash_attempts (workflow_id text NOT NULL, step text NOT NULL, at timestamptz NOT NULL DEFAULT clock_timestamp());
      CREATE TABLE crash_effects (workflow_id text NOT NULL, step text NOT NULL, at timestamptz NOT NULL DEFAULT clock_timestamp());
      CREATE TABLE crash_gate (opened boolean);`);
    const config = testConfig({ DATABASE_URL: tdb.url });
    client = createWorkflowEngine({ url: tdb.url, db: database.db, config, log: createLogger('silent') });
  });

  afterAll(async () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    await Promise.all(children.map(exited));
    await client?.close();
    await database?.close();
    await tdb?.drop();
  });

  it('resumes after restart and every step takes effect exactly once', async () => {
    const counts = (table: string) =>
      `SELECT step, count(*)::int AS n FROM ${table} WHERE workflow_id = 'crash-1' GROUP BY step ORDER BY step`;

    // An API-only process (this one) enqueues; the worker picks it up.
    await client.enqueue(threeSteps, { queue: 'test.crash', workflowId: 'crash-1' }, 'order-42');
    const first = await startWorker();

    // Steps one and two are done; step three has begun. Kill the worker without warning.
    await until(`SELECT 1 FROM crash_attempts WHERE step = 'three'`, (r) => r.length === 1);
    first.kill('SIGKILL');
    await exited(first);
    expect(first.signalCode).toBe('SIGKILL');

    const handle = await client.retrieve<string>('crash-1');
    expect((await handle.getStatus())?.status).toBe('PENDING');
    expect(await rows(counts('crash_effects'))).toEqual([
      { step: 'one', n: 1 },
      { step: 'two', n: 1 },
    ]);

    // A new worker process with the same id recovers the workflow and finishes it.
    await database.pool.query(`INSERT INTO crash_gate VALUES (true)`);
    const second = await startWorker();
    expect(await handle.getResult({ pollingIntervalMs: 100 })).toBe('order-42:one+two+three');
    expect((await handle.getStatus())?.status).toBe('SUCCESS');

    // Each effect exactly once. Steps one and two were replayed from their checkpoints, not run
    // again; only the interrupted step three ran a second time (its first attempt rolled back).
    expect(await rows(counts('crash_effects'))).toEqual([
      { step: 'one', n: 1 },
      { step: 'three', n: 1 },
      { step: 'two', n: 1 },
    ]);
    expect(await rows(counts('crash_attempts'))).toEqual([
      { step: 'one', n: 1 },
      { step: 'three', n: 2 },
      { step: 'two', n: 1 },
    ]);

    // A clean stop (SIGTERM) shuts DBOS down and exits 0.
    second.kill('SIGTERM');
    await exited(second);
    expect(second.exitCode).toBe(0);
  });
});
