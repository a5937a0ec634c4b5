import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { loadConfig, type Config } from '../src/platform/config.ts';
import type { Platform } from '../src/platform/context.ts';
import { openDatabase, type Database } from '../src/platform/db/database.ts';
import { withDatabase } from '../src/platform/db/embedded.ts';
import { createCounterStore } from '../src/platform/limits/counters.ts';
import { createLogger } from '../src/platform/logger.ts';
import { createMailer } from '../src/platform/mail/mailer.ts';
import type { Runtime } from '../src/platform/runtime.ts';
import { createWorkflowEngine } from '../src/platform/workflows/engine.ts';

const TEMPLATE_DB = 'carton_template';

/** A fresh database for one test file, cloned from the migrated template. */
export async function createTestDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const serverUrl = inject('pgServerUrl');
  const name = `test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${TEMPLATE_DB}`);
  } finally {
    await admin.end();
  }
  return {
    url: withDatabase(serverUrl, name),
    async drop() {
      const c = new pg.Client({ connectionString: serverUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

export function testConfig(overrides: Record<string, string> = {}): Config {
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    PORT: '0',
    CARTON_SECRET: 'test-secret-test-secret-test-secret-0123',
    ...overrides,
  });
  return config;
}

export interface TestPlatform extends Platform {
  database: Database;
  url: string;
  close(): Promise<void>;
}

/** A Platform on a fresh database: what services need in a test, with no HTTP. */
export async function createTestPlatform(overrides: Record<string, string> = {}): Promise<TestPlatform> {
  const tdb = await createTestDatabase();
  const config = testConfig({ DATABASE_URL: tdb.url, ...overrides });
  const database = openDatabase(tdb.url, { poolSize: 10 });
  const log = createLogger('silent');
  const counters = createCounterStore(config);
  const mailer = await createMailer(config, log);
  // Not launched: enqueues for workers; a test that runs workflows calls `workflows.launch()`.
  const workflows = createWorkflowEngine({ url: tdb.url, db: database.db, config, log });
  return {
    config,
    database,
    db: database.db,
    log,
    counters,
    mailer,
    workflows,
    url: tdb.url,
    async close() {
      await workflows.close();
      await mailer.close();
      await counters.close();
      await database.close();
      await tdb.drop();
    },
  };
}

/** A real Carton API process on a fresh database, listening on a random 127.0.0.1 port. */
export async function startTestServer(
  opts: { overrides?: Record<string, string>; worker?: boolean } = {},
): Promise<Runtime & { url: string; close(): Promise<void> }> {
  const { startRuntime } = await import('../src/platform/runtime.ts');
  const tdb = await createTestDatabase();
  const config = testConfig({ DATABASE_URL: tdb.url, ...opts.overrides });
  const runtime = await startRuntime({ api: true, worker: opts.worker ?? false, config });
  return {
    ...runtime,
    url: runtime.url!,
    async close() {
      await runtime.stop();
      await tdb.drop();
    },
  };
}
