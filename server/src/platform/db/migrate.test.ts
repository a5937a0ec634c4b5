import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { inject } from 'vitest';
import { withDatabase } from './embedded.ts';
import { migrate } from './migrate.ts';

const name = `mig_${Date.now()}`;
let url: string;

beforeAll(async () => {
  const admin = new pg.Client({ connectionString: inject('pgServerUrl') });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  url = withDatabase(inject('pgServerUrl'), name);
});
afterAll(async () => {
  const admin = new pg.Client({ connectionString: inject('pgServerUrl') });
  await admin.connect();
  await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
  await admin.end();
});

it('applies every migration once even when two processes migrate at the same time', async () => {
  const [a, b] = await Promise.all([migrate(url), migrate(url)]);
  expect(a.applied.length + b.applied.length).toBeGreaterThan(0);
  expect(a.applied.length === 0 || b.applied.length === 0).toBe(true);
  const again = await migrate(url);
  expect(again.applied).toEqual([]);
});
