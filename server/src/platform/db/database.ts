import { sql } from 'drizzle-orm';
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import pg from 'pg';

export type Db = NodePgDatabase;
/** A transaction handle; every service function that writes takes one (or the Db). */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type DbOrTx = Db | Tx;

export interface Database {
  pool: pg.Pool;
  db: Db;
  close(): Promise<void>;
}

// Bigint counts and sums come back as JS numbers: they are counts and minor units well within 2^53.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

export function openDatabase(
  url: string,
  opts: { poolSize?: number; applicationName?: string } = {},
): Database {
  const pool = new pg.Pool({
    connectionString: url,
    max: opts.poolSize ?? 20,
    application_name: opts.applicationName ?? 'carton',
    idleTimeoutMillis: 30_000,
  });
  pool.on('error', () => {
    // An idle client lost its connection (server restart); the pool replaces it on next use.
  });
  pool.on('connect', (client) => {
    // A connection lost while checked out fails its query; without a listener the client's
    // 'error' event would also crash the process.
    client.on('error', () => {});
  });
  const db = drizzle({ client: pool });
  return { pool, db, close: () => pool.end() };
}

/**
 * Run `work` in a transaction scoped to one store. The transaction switches to the
 * `carton_app` role, for which PostgreSQL row-level security admits only rows whose
 * `store_id` matches `app.store_id` — so a query that forgets its own store filter still
 * cannot read or write another store's rows.
 */
export async function withStore<T>(db: Db, storeId: string, work: (tx: Tx) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.execute(
      sql`SELECT set_config('role', 'carton_app', true), set_config('app.store_id', ${storeId}, true)`,
    );
    return work(tx);
  });
}
