import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../../../test/harness.ts';
import { createOrganization, createStore } from '../../modules/tenancy/service.ts';
import {
  hotStatement,
  keyedStoreScope,
  openDatabase,
  storeScope,
  transactionOpenedWith,
  withStore,
  type Database,
} from './database.ts';

let p: TestPlatform;
let database: Database;
const stores: string[] = [];

beforeAll(async () => {
  p = await createTestPlatform();
  const org = await createOrganization(p.db, { name: 'Org' });
  for (const handle of ['a', 'b']) {
    stores.push(
      (await createStore(p.db, { organizationId: org.id, input: { name: handle, handle, currency: 'USD' } }))
        .id,
    );
  }
  await p.db.execute(sql`CREATE TABLE prepared_notes (store_id text NOT NULL, body text NOT NULL)`);
  await p.db.execute(sql`SELECT carton_enable_tenant_rls('prepared_notes')`);
  await p.db.execute(sql`INSERT INTO prepared_notes VALUES (${stores[0]}, 'a1'), (${stores[1]}, 'b1')`);
  // One connection, so that every statement below meets the same session's prepared statements.
  database = openDatabase(p.url, { poolSize: 1 });
});
afterAll(async () => {
  await database?.close();
  await p.close();
});

const prepared = async () =>
  (
    await database.db.execute<{ statement: string; generic_plans: number }>(
      sql`SELECT statement, generic_plans FROM pg_prepared_statements WHERE statement LIKE ${'%prepared_notes%'}`,
    )
  ).rows;

describe('hot statements are prepared once per connection', () => {
  it('names a parameterised statement once it is hot, with the same answers', async () => {
    const read = (limit: number) =>
      database.db.execute(sql`SELECT body FROM prepared_notes ORDER BY body LIMIT ${limit}`);
    for (let i = 0; i < 10; i++) expect((await read(1)).rows).toEqual([{ body: 'a1' }]);
    expect((await read(5)).rows).toEqual([{ body: 'a1' }, { body: 'b1' }]);
    const rows = await prepared();
    expect(rows.map((r) => r.statement)).toEqual(['SELECT body FROM prepared_notes ORDER BY body LIMIT $1']);
  });

  it('keeps row-level security on a cached plan: each store sees only its rows', async () => {
    const mine = (storeId: string) =>
      withStore(database.db, storeId, (tx) =>
        tx.execute(sql`SELECT body FROM prepared_notes WHERE body <> ${'none'}`),
      );
    for (let i = 0; i < 8; i++) {
      expect((await mine(stores[i % 2]!)).rows).toEqual([{ body: i % 2 ? 'b1' : 'a1' }]);
    }
    const plans = await prepared();
    expect(plans.some((r) => r.statement.includes('<> $1') && r.generic_plans > 0)).toBe(true);
  });

  it('leaves a statement sent once or twice unprepared', async () => {
    await database.db.execute(sql`SELECT count(*) FROM prepared_notes WHERE body = ${'x'} AND 1 = 1`);
    await database.db.execute(sql`SELECT count(*) FROM prepared_notes WHERE body = ${'y'} AND 1 = 1`);
    expect((await prepared()).some((r) => r.statement.includes('1 = 1'))).toBe(false);
  });

  it('recovers after a failed statement in a transaction', async () => {
    const insert = (body: string) =>
      database.db.execute(sql`INSERT INTO prepared_notes VALUES (${stores[0]}, ${body}) RETURNING body`);
    for (let i = 0; i < 4; i++) await insert(`n${i}`);
    await expect(
      database.db.transaction(async (tx) => {
        await tx.execute(sql`SELECT 1/0 AS boom WHERE ${1} = 1`);
      }),
    ).rejects.toThrow(/1\/0/);
    expect((await insert('after')).rows).toEqual([{ body: 'after' }]);
  });
});

describe('hot statements in multi-statement messages (hotStatement)', () => {
  const notesOf = hotStatement(
    'test_notes_of',
    ['text'],
    'SELECT body FROM prepared_notes WHERE body LIKE $1 ORDER BY body',
  );
  const inStore = (storeId: string, pattern: string) =>
    transactionOpenedWith(database.db, `${storeScope(storeId)}; ${notesOf(pattern)}`, async (_tx, io) =>
      io.opened.at(-1)!.rows.map((r) => (r as { body: string }).body),
    );
  const named = async () =>
    (
      await database.db.execute<{ name: string }>(
        sql`SELECT name FROM pg_prepared_statements WHERE name = 'carton_h_test_notes_of'`,
      )
    ).rows;

  it('is prepared once per connection, answers only the caller, and keeps each store to its rows', async () => {
    expect(await named()).toEqual([]);
    expect(await inStore(stores[0]!, 'a1')).toEqual(['a1']); // prepared with this message
    expect(await named()).toHaveLength(1);
    expect(await inStore(stores[1]!, 'b1')).toEqual(['b1']); // executed again, under another store
    expect(await inStore(stores[1]!, 'a1')).toEqual([]); // and never another store's rows
    // An answer of one statement stays one result; the PREPARE's is taken out.
    const client = await database.pool.connect();
    try {
      const one = (await client.query(notesOf('zzz'))) as unknown as { command: string; rows: unknown[] };
      expect(one.command).toBe('SELECT');
    } finally {
      client.release();
    }
  });

  it('stays prepared when the transaction that prepared it rolls back', async () => {
    const other = openDatabase(p.url, { poolSize: 1 });
    try {
      await expect(
        transactionOpenedWith(
          other.db,
          `${storeScope(stores[0]!)}; ${notesOf('%')}; SELECT 1/0`,
          async () => 0,
        ),
      ).rejects.toThrow(/division by zero/);
      const again = await transactionOpenedWith(
        other.db,
        `${storeScope(stores[0]!)}; ${notesOf('a1')}`,
        async (_tx, io) => io.opened.at(-1)!.rows,
      );
      expect(again).toEqual([{ body: 'a1' }]);
    } finally {
      await other.close();
    }
  });
});

describe('keyed transactions plan their prepared statements once (keyedStoreScope)', () => {
  // An array parameter: left to choose, PostgreSQL makes a custom plan for each of the first five
  // calls (and, when the generic plan looks dearer, for every call after).
  const notesIn = hotStatement(
    'test_notes_in',
    ['text[]'],
    'SELECT body FROM prepared_notes WHERE body = ANY ($1)',
  );
  const plans = async () =>
    (
      await database.db.execute<{ generic_plans: number; custom_plans: number }>(
        sql`SELECT generic_plans, custom_plans FROM pg_prepared_statements WHERE name = 'carton_h_test_notes_in'`,
      )
    ).rows[0];
  const read = (scope: string, bodies: string[]) =>
    transactionOpenedWith(database.db, `${scope}; ${notesIn(bodies)}`, async (_tx, io) =>
      io.opened.at(-1)!.rows.map((r) => (r as { body: string }).body),
    );

  it('runs them on a generic plan from the first call, each store still seeing only its rows', async () => {
    expect(await read(storeScope(stores[0]!), ['a1'])).toEqual(['a1']);
    expect(await plans()).toEqual({ generic_plans: 0, custom_plans: 1 });
    expect(await read(keyedStoreScope(stores[0]!), ['a1', 'b1'])).toEqual(['a1']);
    expect(await read(keyedStoreScope(stores[1]!), ['a1', 'b1'])).toEqual(['b1']);
    expect(await read(keyedStoreScope(stores[1]!), ['b1'])).toEqual(['b1']);
    expect(await plans()).toEqual({ generic_plans: 3, custom_plans: 1 });
    // The setting ends with its transaction: the next one chooses as before.
    expect(await read(storeScope(stores[0]!), ['a1'])).toEqual(['a1']);
    expect(await plans()).toEqual({ generic_plans: 3, custom_plans: 2 });
  });
});
