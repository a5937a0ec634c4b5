import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../../../test/harness.ts';
import { createOrganization, createStore } from '../../modules/tenancy/service.ts';
import { openDatabase, readInStore, withStore, withStoreSnapshot, type Tx } from './database.ts';

let p: TestPlatform;
let storeA: string;
let storeB: string;

beforeAll(async () => {
  p = await createTestPlatform();
  const org = await createOrganization(p.db, { name: 'Org' });
  storeA = (
    await createStore(p.db, { organizationId: org.id, input: { name: 'A', handle: 'a', currency: 'USD' } })
  ).id;
  storeB = (
    await createStore(p.db, { organizationId: org.id, input: { name: 'B', handle: 'b', currency: 'EUR' } })
  ).id;
  await p.db.execute(sql`CREATE TABLE notes (id serial, store_id text NOT NULL, body text NOT NULL)`);
  await p.db.execute(sql`SELECT carton_enable_tenant_rls('notes')`);
  await p.db.execute(sql`INSERT INTO notes (store_id, body) VALUES (${storeA}, 'a1'), (${storeB}, 'b1')`);
});
afterAll(() => p.close());

describe('row-level security', () => {
  it('hides other stores even when the query forgets its store filter', async () => {
    const rows = await withStore(p.db, storeA, (tx) => tx.execute(sql`SELECT store_id, body FROM notes`));
    expect(rows.rows).toEqual([{ store_id: storeA, body: 'a1' }]);
    const stores = await withStore(p.db, storeA, (tx) => tx.execute(sql`SELECT id FROM stores`));
    expect(stores.rows).toEqual([{ id: storeA }]);
  });

  it("cannot update or delete another store's rows", async () => {
    const upd = await withStore(p.db, storeA, (tx) => tx.execute(sql`UPDATE notes SET body = 'hacked'`));
    expect(upd.rowCount).toBe(1);
    const del = await withStore(p.db, storeA, (tx) =>
      tx.execute(sql`DELETE FROM notes WHERE store_id = ${storeB}`),
    );
    expect(del.rowCount).toBe(0);
    const b = await p.db.execute(sql`SELECT body FROM notes WHERE store_id = ${storeB}`);
    expect(b.rows).toEqual([{ body: 'b1' }]);
  });

  it('cannot insert rows into another store', async () => {
    await expect(
      withStore(p.db, storeA, (tx) =>
        tx.execute(sql`INSERT INTO notes (store_id, body) VALUES (${storeB}, 'x')`),
      ),
    ).rejects.toMatchObject({ cause: { message: expect.stringMatching(/row-level security/) } });
  });

  it('sees nothing without a store scope', async () => {
    const rows = await p.db.transaction(async (tx) => {
      await tx.execute(sql`SET LOCAL ROLE carton_app`);
      return tx.execute(sql`SELECT * FROM notes`);
    });
    expect(rows.rows).toEqual([]);
  });
});

describe('readInStore (one round trip)', () => {
  it('applies the same row-level security as withStore', async () => {
    const rows = await readInStore(p.db, storeA, 'SELECT store_id, body FROM notes ORDER BY body');
    expect(rows).toEqual([{ store_id: storeA, body: expect.any(String) }]);
    const none = await readInStore(p.db, storeA, 'SELECT body FROM notes WHERE store_id = $1', [storeB]);
    expect(none).toEqual([]);
  });

  it('inlines parameters as escaped literals, leaving quoted text alone', async () => {
    const evil = "x'); DELETE FROM notes; --";
    const rows = await readInStore<{ a: string; b: string; c: number; d: null }>(
      p.db,
      storeA,
      "SELECT $1::text AS a, '$2 stays' AS b, $2::int AS c, $3::text AS d",
      [evil, 42, null],
    );
    expect(rows).toEqual([{ a: evil, b: '$2 stays', c: 42, d: null }]);
    const count = await p.db.execute(sql`SELECT count(*)::int AS n FROM notes`);
    expect(count.rows).toEqual([{ n: 2 }]);
  });

  it('leaves the pooled connection without a store scope', async () => {
    await readInStore(p.db, storeA, 'SELECT 1');
    const pool = p.database.pool;
    const clients = await Promise.all(Array.from({ length: 10 }, () => pool.connect()));
    try {
      for (const c of clients) {
        const r = await c.query(`SELECT current_user AS u, current_setting('app.store_id', true) AS s`);
        expect(r.rows[0].u).not.toBe('carton_app');
        expect(r.rows[0].s || null).toBeNull();
      }
    } finally {
      for (const c of clients) c.release();
    }
  });
});

describe('readInStore on a connection that keeps its store scope', () => {
  // One read connection, so that every read below reuses it: scoped to A, then B, then A again.
  let one: ReturnType<typeof openDatabase>;
  beforeAll(() => {
    one = openDatabase(p.url, { poolSize: 1, readPoolSize: 1 });
  });
  afterAll(() => one.close());
  // Which stores' rows a read sees when it forgets its store filter.
  const bodies = (storeId: string) =>
    readInStore<{ store_id: string }>(one.db, storeId, 'SELECT DISTINCT store_id FROM notes');

  it('gives each store only its rows as the connection switches between stores', async () => {
    for (let i = 0; i < 3; i++) {
      expect(await bodies(storeA)).toEqual([{ store_id: storeA }]);
      expect(await bodies(storeA)).toEqual([{ store_id: storeA }]); // the prepared statement, scope kept
      expect(await bodies(storeB)).toEqual([{ store_id: storeB }]);
    }
  });

  it('runs as carton_app for the whole session, even after RESET ROLE', async () => {
    await readInStore(one.db, storeA, 'RESET ROLE');
    const [row] = await readInStore<{ u: string }>(one.db, storeA, 'SELECT current_user AS u');
    expect(row!.u).toBe('carton_app');
    expect(await bodies(storeB)).toEqual([{ store_id: storeB }]);
  });

  it('sets the scope again after a failed read', async () => {
    expect(await bodies(storeA)).toEqual([{ store_id: storeA }]);
    // Fails inside the message that would switch the connection to B: the switch rolls back.
    await expect(readInStore(one.db, storeB, 'SELECT 1 / 0')).rejects.toThrow(/division by zero/);
    expect(await bodies(storeB)).toEqual([{ store_id: storeB }]);
    await expect(readInStore(one.db, storeB, 'SELECT 1 / 0')).rejects.toThrow(/division by zero/);
    expect(await bodies(storeA)).toEqual([{ store_id: storeA }]);
    expect(await bodies(storeB)).toEqual([{ store_id: storeB }]);
  });

  it('cannot write: the read pool is the RLS role with no store filter forgotten', async () => {
    await expect(
      readInStore(one.db, storeA, 'INSERT INTO notes (store_id, body) VALUES ($1, $2)', [storeB, 'x']),
    ).rejects.toThrow(/row-level security/);
  });
});

describe('withStoreSnapshot (one snapshot for a read of several statements)', () => {
  const count = async (tx: Tx) =>
    Number((await tx.execute<{ n: string }>(sql`SELECT count(*) AS n FROM notes`)).rows[0]!.n);
  const addNote = (body: string) =>
    p.db.execute(sql`INSERT INTO notes (store_id, body) VALUES (${storeA}, ${body})`);

  it('does not see a change committed between its statements; withStore does', async () => {
    const snapshot = await withStoreSnapshot(p.db, storeA, async (tx) => {
      const before = await count(tx);
      await addNote('during snapshot'); // another connection, committed
      return [before, await count(tx)];
    });
    expect(snapshot[1]).toBe(snapshot[0]);
    const committed = await withStore(p.db, storeA, async (tx) => {
      const before = await count(tx);
      await addNote('during read committed');
      return [before, await count(tx)];
    });
    expect(committed[1]).toBe(committed[0]! + 1);
  });

  it('is scoped to its store like withStore', async () => {
    const rows = await withStoreSnapshot(p.db, storeB, (tx) =>
      tx.execute(sql`SELECT DISTINCT store_id FROM notes`),
    );
    expect(rows.rows).toEqual([{ store_id: storeB }]);
  });
});
