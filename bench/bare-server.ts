/**
 * The baseline for bench/admin-read.ts: a bare Fastify + pg endpoint that runs the same query as
 * Carton's `GET /admin/v1/store` (one store row by id) against the same database, with the same
 * pool size, and nothing else — no authentication, validation, rate limit, RLS or logging.
 *
 * `/store-prepared` runs the same query as a named prepared statement (PostgreSQL parses and plans
 * it once per connection), the way Carton's `readInStore` runs a read on a connection already
 * scoped to the store — so that the figures show what prepared statements alone are worth.
 * `/store-rls-1rt` runs the query in a row-level-security transaction sent as one multi-statement
 * message (BEGIN, the carton_app role and the store's scope, SELECT, COMMIT): one round trip.
 *
 *   DATABASE_URL=… STORE_ID=… PORT=… node bench/bare-server.ts
 */
import Fastify from 'fastify';
import pg from 'pg';

const pool = new pg.Pool({
  connectionString: process.env.DATABASE_URL,
  max: Number(process.env.DB_POOL_SIZE ?? 20),
});
const storeId = process.env.STORE_ID!;
const app = Fastify({ logger: false });

const SELECT_STORE = `SELECT id, organization_id, name, handle, currency, timezone, locale, settings, created_at, updated_at
  FROM stores WHERE id = $1`;

interface StoreRow {
  id: string;
  organization_id: string;
  name: string;
  handle: string;
  currency: string;
  timezone: string;
  locale: string;
  settings: Record<string, unknown>;
  created_at: Date;
  updated_at: Date;
}

const storeOut = (s: StoreRow) => ({
  ...s,
  created_at: s.created_at.toISOString(),
  updated_at: s.updated_at.toISOString(),
});

app.get('/store', async () => {
  const { rows } = await pool.query<StoreRow>(SELECT_STORE, [storeId]);
  return storeOut(rows[0]!);
});

app.get('/store-prepared', async () => {
  const { rows } = await pool.query<StoreRow>({
    name: 'select_store',
    text: SELECT_STORE,
    values: [storeId],
  });
  return storeOut(rows[0]!);
});

// The RLS transaction in one round trip: the simple-query protocol takes several statements in
// one message (values as escaped literals, since it takes no parameters). What a single-statement
// store-scoped read could cost if the kernel offered such a path.
app.get('/store-rls-1rt', async () => {
  const id = pg.Client.prototype.escapeLiteral(storeId);
  const results = (await pool.query(
    `BEGIN; SELECT set_config('role', 'carton_app', true), set_config('app.store_id', ${id}, true); ` +
      `${SELECT_STORE.replace('$1', id)}; COMMIT`,
  )) as unknown as pg.QueryResult<StoreRow>[];
  return storeOut(results[2]!.rows[0]!);
});

const address = await app.listen({ host: '127.0.0.1', port: Number(process.env.PORT ?? 0) });
console.log(`bare server listening on ${address}`);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    app
      .close()
      .then(() => pool.end())
      .then(() => process.exit(0));
  });
}
