import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testConfig } from '../../../../test/harness.ts';
import { createTestStore } from '../../../../test/identity.ts';
import type { Platform } from '../../../platform/context.ts';
import { openDatabase, type Database } from '../../../platform/db/database.ts';
import { createLogger } from '../../../platform/logger.ts';
import { createWorkflowEngine, type WorkflowEngine } from '../../../platform/workflows/engine.ts';
import { createImportJob } from './import.ts';
import { generateShopifyCsv } from './testing.ts';
import { catalogImportQueue, importProducts } from './workflows.ts';

const NODE = fileURLToPath(new URL('../../../../../node_modules/.bin/node', import.meta.url));
const MAIN = fileURLToPath(new URL('../../../main.ts', import.meta.url));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('an import whose worker is killed mid-way', () => {
  let tdb: { url: string; drop(): Promise<void> };
  let database: Database;
  let client: WorkflowEngine;
  const children: ChildProcess[] = [];

  const startWorker = () => {
    const child = spawn(NODE, [MAIN, 'worker'], {
      env: {
        PATH: process.env.PATH,
        NODE_ENV: 'test',
        LOG_LEVEL: 'silent',
        DATABASE_URL: tdb.url,
        CARTON_SECRET: 'test-secret-test-secret-test-secret-0123',
        CARTON_WORKER_ID: 'import-crash-worker',
        WORKER_SHUTDOWN_GRACE_MS: '0',
      },
      stdio: 'ignore',
    });
    children.push(child);
    return child;
  };
  const job = async (id: string) =>
    (
      await database.pool.query(
        'SELECT status, processed_rows, total_rows, error_count, products_created FROM catalog_import_jobs WHERE id = $1',
        [id],
      )
    ).rows[0] as {
      status: string;
      processed_rows: number;
      total_rows: number;
      error_count: number;
      products_created: number;
    };

  beforeAll(async () => {
    tdb = await createTestDatabase();
    database = openDatabase(tdb.url, { poolSize: 3 });
    client = createWorkflowEngine({
      url: tdb.url,
      db: database.db,
      config: testConfig({ DATABASE_URL: tdb.url }),
      log: createLogger('silent'),
    });
  });
  afterAll(async () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    await client?.close();
    await database?.close();
    await tdb?.drop();
  });

  it('resumes from the first uncommitted batch and writes every row exactly once', async () => {
    const store = await createTestStore({ db: database.db } as Platform);
    const created = await createImportJob(database.db, {
      storeId: store.id,
      csv: generateShopifyCsv(6000, { prefix: 'crash' }),
      actor: { storeId: store.id, actor: { type: 'system', id: null }, ip: null, requestId: 'test' },
    });
    await client.enqueue(
      importProducts,
      { queue: catalogImportQueue, workflowId: `import-${created.id}` },
      store.id,
      created.id,
    );

    const first = startWorker();
    const deadline = Date.now() + 60_000;
    let seen = await job(created.id);
    while (seen.processed_rows === 0 && Date.now() < deadline) {
      await sleep(20);
      seen = await job(created.id);
    }
    first.kill('SIGKILL');
    await new Promise((r) => first.once('exit', r));
    const atKill = await job(created.id);
    expect(atKill.processed_rows).toBeGreaterThan(0);
    expect(atKill.processed_rows).toBeLessThan(6000); // killed mid-import

    startWorker(); // same worker id: DBOS recovers the interrupted workflow
    let done = atKill;
    while (done.status !== 'completed' && Date.now() < deadline + 60_000) {
      await sleep(100);
      done = await job(created.id);
    }
    expect(done).toMatchObject({
      status: 'completed',
      processed_rows: 6000,
      total_rows: 6000,
      error_count: 0,
    });
    expect(done.products_created).toBe(2000);
    const counts = (
      await database.pool.query(
        `SELECT (SELECT count(*) FROM variants WHERE store_id = $1)::int AS variants,
                (SELECT count(*) FROM prices WHERE store_id = $1)::int AS prices,
                (SELECT count(*) FROM events WHERE store_id = $1 AND type = 'product.created')::int AS created_events`,
        [store.id],
      )
    ).rows[0];
    expect(counts).toEqual({ variants: 6000, prices: 6000, created_events: 2000 });

    // Stock committed with its products, exactly once: one level per variant, one ledger row per
    // non-zero quantity, and the file's total on hand.
    const quantities = Array.from({ length: 6000 }, (_, i) => (Math.floor(i / 3) * 7 + (i % 3)) % 50);
    const stock = (
      await database.pool.query(
        `SELECT (SELECT count(*) FROM inventory_levels WHERE store_id = $1)::int AS levels,
                (SELECT coalesce(sum(on_hand), 0) FROM inventory_levels WHERE store_id = $1)::int AS on_hand,
                (SELECT count(*) FROM inventory_movements WHERE store_id = $1)::int AS movements`,
        [store.id],
      )
    ).rows[0];
    expect(stock).toEqual({
      levels: 6000,
      on_hand: quantities.reduce((a, b) => a + b, 0),
      movements: quantities.filter((q) => q > 0).length,
    });
  }, 150_000);
});
