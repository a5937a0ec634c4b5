import { createHash } from 'node:crypto';
import { getTableColumns, type SQL, type Table } from 'drizzle-orm';
import { drizzle, NodePgSession, NodePgTransaction, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import { PgDialect } from 'drizzle-orm/pg-core';
import pg from 'pg';
import { closeNotifier, notifierFor } from './notify.ts';
import { declareHotStatement, PreparingClient } from './prepared.ts';

export type Db = NodePgDatabase & { $client: pg.Pool | pg.PoolClient };
/** A transaction handle; every service function that writes takes one (or the Db). */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type DbOrTx = Db | Tx;

export interface Database {
  pool: pg.Pool;
  /** Connections that run as `carton_app` for good, for `readInStore` (see there). */
  readPool: pg.Pool;
  db: Db;
  close(): Promise<void>;
}

// Bigint counts and sums come back as JS numbers: they are counts and minor units well within 2^53.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

export function openDatabase(
  url: string,
  opts: { poolSize?: number; readPoolSize?: number; applicationName?: string } = {},
): Database {
  const name = opts.applicationName ?? 'carton';
  const pool = newPool({ connectionString: url, max: opts.poolSize ?? 20, application_name: name });
  // The role is a startup parameter: for the whole session, even across RESET ROLE.
  const readPool = newPool({
    connectionString: url,
    max: opts.readPoolSize ?? 10,
    application_name: `${name}-read`,
    options: '-c role=carton_app',
  });
  readPools.set(pool, readPool);
  const db = drizzle({ client: pool });
  return {
    pool,
    readPool,
    db,
    async close() {
      await closeNotifier(pool);
      await Promise.all([pool.end(), readPool.end()]);
    },
  };
}

function newPool(config: pg.PoolConfig): pg.Pool {
  const pool = new pg.Pool({ idleTimeoutMillis: 30_000, Client: PreparingClient, ...config });
  pool.on('error', () => {
    // An idle client lost its connection (server restart); the pool replaces it on next use.
  });
  pool.on('connect', (client) => {
    // A connection lost while checked out fails its query; without a listener the client's
    // 'error' event would also crash the process.
    client.on('error', () => {});
  });
  return pool;
}

/** Each main pool's read pool, for `readInStore` (which is handed the drizzle `Db`). */
const readPools = new WeakMap<pg.Pool, pg.Pool>();

/** What to do once a `withStore` transaction has committed (keyed by its `tx`), with its pool. */
const commitHooks = new WeakMap<object, CommitHook[]>();
type CommitHook = (pool: pg.Pool) => void | Promise<void>;

/**
 * Run `fn` once the `withStore` transaction `tx` has committed — never if it rolls back. The
 * connection is back in the pool by then; `withStore` returns without waiting for `fn`'s promise
 * (which should not reject). Returns false when `tx` is not the top-level transaction of a pooled
 * `withStore` (a savepoint, another kind of transaction): then the caller must do without, e.g.
 * by NOTIFYing inside the transaction.
 */
export function afterCommit(tx: DbOrTx, fn: CommitHook): boolean {
  const hooks = commitHooks.get(tx);
  if (!hooks) return false;
  hooks.push(fn);
  return true;
}

/**
 * NOTIFY `channel` with each payload once `tx` commits, coalesced with this process's other
 * notifications (`notify.ts`: payloads joined with `,`), sent after `withStore` has returned.
 * Returns false, queueing nothing, when `tx` cannot defer (see `afterCommit`).
 */
export function notifyAfterCommit(tx: DbOrTx, channel: string, payloads: readonly string[]): boolean {
  return afterCommit(tx, (pool) => notifierFor(pool).add(channel, ...payloads));
}

interface DrizzleInternals {
  session: { client: pg.Pool | pg.PoolClient; dialect: unknown; schema: unknown; options: unknown };
}

/**
 * Run `work` in a transaction scoped to one store. The transaction switches to the
 * `carton_app` role, for which PostgreSQL row-level security admits only rows whose
 * `store_id` matches `app.store_id` — so a query that forgets its own store filter still
 * cannot read or write another store's rows.
 *
 * `BEGIN` and the scope travel as one message (one round trip instead of two; see decision
 * 0007), then `work`'s statements, then `COMMIT`. `tx` is an ordinary drizzle transaction
 * (savepoints with `tx.transaction` work as usual). Hooks registered with `afterCommit` run once
 * `COMMIT` has succeeded.
 */
export async function withStore<T>(db: Db, storeId: string, work: (tx: Tx) => Promise<T>): Promise<T> {
  return transactionOpenedWith(db, storeScope(storeId), (tx) => work(tx));
}

/**
 * `withStore` for a read made of several statements (a page of rows, then their lines): every
 * statement sees one snapshot (`REPEATABLE READ`), so a change committed between two of them
 * never shows half-made — under read committed each statement has its own, and a list could show
 * a run's new step beside the run as it was before. A read-only transaction at this level never
 * fails to serialize; the `BEGIN` message is the same one round trip.
 */
export async function withStoreSnapshot<T>(
  db: Db,
  storeId: string,
  work: (tx: Tx) => Promise<T>,
): Promise<T> {
  return transactionOpenedWith(
    db,
    `SET TRANSACTION ISOLATION LEVEL REPEATABLE READ; ${storeScope(storeId)}`,
    (tx) => work(tx),
  );
}

/** What `transactionOpenedWith` hands its work besides the drizzle transaction. */
export interface OpenedTransaction {
  /** The results of the opening statements (one per statement, `BEGIN` excluded). */
  opened: pg.QueryResult[];
  /**
   * Send statements on the transaction's connection as one simple-protocol message (no
   * parameters: inline them with `sqlLiteral`); one result per statement.
   */
  send(text: string): Promise<pg.QueryResult[]>;
  /** A mark of the after-commit hooks registered so far; `dropHooksSince(mark)` forgets later ones (work rolled back to a savepoint). */
  hookMark(): number;
  dropHooksSince(mark: number): void;
  /**
   * Statements (literals inlined) to send with `COMMIT` in one message once `work` has returned:
   * a transaction whose last writes need no answer (an event, a status) saves a round trip. If
   * one fails, the transaction is rolled back and the error thrown.
   */
  closeWith(text: string): void;
}

/** What a function that writes in batches needs of its caller's transaction (see `OpenedTransaction`). */
export type Batch = Pick<OpenedTransaction, 'send' | 'closeWith'>;

/**
 * A transaction whose `BEGIN` travels with `opening` (statements, literals inlined) in one
 * message — what `withStore` does with the store scope, for hot paths that can also put their
 * first read there (the event dispatcher's claim). Otherwise as `withStore`: `tx` is an ordinary
 * drizzle transaction, `COMMIT` is checked, `afterCommit` hooks run once it has committed.
 */
export async function transactionOpenedWith<T>(
  db: Db,
  opening: string,
  work: (tx: Tx, io: OpenedTransaction) => Promise<T>,
): Promise<T> {
  const parent = (db as unknown as DrizzleInternals).session;
  const isPool = parent.client instanceof pg.Pool;
  const client = isPool ? await (parent.client as pg.Pool).connect() : (parent.client as pg.PoolClient);
  const session = isPool
    ? new NodePgSession(client, parent.dialect as never, parent.schema as never, parent.options as never)
    : (parent as unknown as NodePgSession<Record<string, never>, never>);
  const tx = new NodePgTransaction(parent.dialect as never, session, parent.schema as never) as unknown as Tx;
  const hooks: CommitHook[] = [];
  // Only a pooled transaction can defer work past commit: the coalesced NOTIFY needs the pool.
  if (isPool) commitHooks.set(tx, hooks);
  let broken: Error | undefined;
  let result: T;
  const send = async (text: string): Promise<pg.QueryResult[]> => {
    const r = (await client.query(text)) as unknown as pg.QueryResult | pg.QueryResult[];
    return Array.isArray(r) ? r : [r];
  };
  const closing: string[] = [];
  try {
    const opened = await send(`BEGIN; ${opening}`).catch((err: Error) => {
      broken = err;
      throw err;
    });
    try {
      result = await work(tx, {
        opened: opened.slice(1),
        send,
        hookMark: () => hooks.length,
        dropHooksSince: (mark) => void hooks.splice(mark),
        closeWith: (text) => void closing.push(text),
      });
    } catch (err) {
      await client.query('ROLLBACK').catch((rollbackErr: Error) => (broken = rollbackErr));
      throw err;
    }
    let done: pg.QueryResult;
    if (closing.length) {
      // The closing statements travel with COMMIT; one that fails skips the COMMIT and leaves the
      // transaction aborted, so it is rolled back.
      try {
        done = (await send(`${closing.join('; ')}; COMMIT`)).at(-1)!;
      } catch (err) {
        await client.query('ROLLBACK').catch((rollbackErr: Error) => (broken = rollbackErr));
        throw err;
      }
    } else {
      done = await client.query('COMMIT').catch((err: Error) => {
        broken = err;
        throw err;
      });
    }
    // COMMIT of a transaction in which a statement failed (its error caught by `work`) rolls back.
    if (done.command !== 'COMMIT') {
      throw new Error('The transaction was rolled back: a statement in it failed.');
    }
  } finally {
    commitHooks.delete(tx);
    if (isPool) (client as pg.PoolClient).release(broken);
  }
  // Not waited for: the caller's answer does not depend on them (wake-ups, announcements), and the
  // notifier paces its sends up to 5 ms apart, which a writing request would otherwise wait out.
  for (const hook of hooks) void Promise.resolve(hook(parent.client as pg.Pool)).catch(() => {});
  return result;
}

const escapeLiteral = pg.Client.prototype.escapeLiteral;

/**
 * Switch the current transaction to the RLS role and one store's scope (decision 0002). `SET
 * LOCAL` rather than `SELECT set_config(…)`: it answers with no row, so there is no row
 * description to parse on every scoped request. Also valid in the implicit transaction of a
 * multi-statement message (`runInStore`).
 */
export function storeScope(storeId: string): string {
  return `SET LOCAL ROLE carton_app; SET LOCAL app.store_id = ${literal(storeId)}`;
}

/**
 * `storeScope` for a hot path whose statements all find their rows by key (a cart, its lines, a
 * payment, an attempt): its prepared statements — hot statements, the ones `prepared.ts` names,
 * PL/pgSQL's and the foreign-key checks — run on a generic plan made once per connection. Left
 * to choose, PostgreSQL plans afresh on every call a statement whose parameter is an array
 * (`= ANY($2)`), because a generic plan for an unknown array looks dearer: under the checkout
 * benchmark that planning was about a tenth of its CPU (decision 0020). A statement that must
 * reach a partial index by a value (`status = 'pending'`) spells the value as a literal: a
 * generic plan cannot tell that a parameter matches the index's predicate.
 */
export function keyedStoreScope(storeId: string): string {
  return `${storeScope(storeId)}; SET LOCAL plan_cache_mode = force_generic_plan`;
}

/** How many statements `keyedStoreScope` is (results to skip in the opening's answer). */
export const KEYED_SCOPE_STATEMENTS = 3;
// pg's own conversion of a JS value to its text form (Dates, arrays, JSON), as for `$n` parameters.
const { prepareValue } = (pg as unknown as { utils: { prepareValue(value: unknown): unknown } }).utils;

/**
 * A statement that travels in multi-statement messages (with `BEGIN`, with `COMMIT`) on a hot
 * path, prepared once per connection instead of parsed and planned on every call (see
 * `prepared.ts`). `text` takes `$1…$n` of `types`; the function returned gives the
 * `EXECUTE …(literals)` to put in a message. Declare it at module level, once.
 */
export function hotStatement(
  name: string,
  types: readonly string[],
  text: string,
): (...params: unknown[]) => string {
  const id = `carton_h_${name}`;
  // Without parameters, no parentheses: PostgreSQL's grammar has no empty list.
  declareHotStatement(id, `PREPARE ${id}${types.length ? `(${types.join(', ')})` : ''} AS ${text}`);
  return (...params) => {
    if (params.length !== types.length) throw new Error(`${id} takes ${types.length} parameters`);
    return params.length ? `EXECUTE ${id}(${params.map(literal).join(', ')})` : `EXECUTE ${id}`;
  };
}

/** A parameter as a quoted SQL literal of unknown type: PostgreSQL resolves it as it would a `$n`. */
export function sqlLiteral(value: unknown): string {
  return literal(value);
}

function literal(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  return escapeLiteral(String(prepareValue(value)));
}

// SQL text split once at its `$n` placeholders (outside quoted strings): text, param index, text, …
const splitCache = new Map<string, (string | number)[]>();

function splitAtParams(text: string): (string | number)[] {
  let parts = splitCache.get(text);
  if (parts) return parts;
  parts = [];
  let last = 0;
  for (const m of text.matchAll(/'(?:[^']|'')*'|\$(\d+)/g)) {
    if (m[1] === undefined) continue;
    parts.push(text.slice(last, m.index), Number(m[1]) - 1);
    last = m.index + m[0].length;
  }
  parts.push(text.slice(last));
  if (splitCache.size < 1000) splitCache.set(text, parts);
  return parts;
}

const dialect = new PgDialect();

/**
 * A drizzle query (a query builder or an `sql` template) as SQL text with its parameters inlined
 * as literals, to travel with other statements in one simple-protocol message
 * (`transactionOpenedWith`'s `send` and `closeWith`). Rows come back keyed by column names.
 */
export function sqlText(query: SQL | { toSQL(): { sql: string; params: unknown[] } }): string {
  const q = 'toSQL' in query ? query.toSQL() : dialect.sqlToQuery(query);
  return inlineParams(q.sql, q.params);
}

/**
 * `hotStatement` for drizzle queries of one shape (built by one function from its arguments):
 * `shape` is one of them; the function returned gives a query of that shape as the `EXECUTE` to
 * put in a message — where `sqlText` would have PostgreSQL parse and plan it on every call. Each
 * parameter's type is inferred from where it stands, as for `$n`. Declare it at module level.
 */
export function hotStatementOf(name: string, shape: SQL): (query: SQL) => string {
  const { sql: text, params } = dialect.sqlToQuery(shape);
  const statement = hotStatement(
    name,
    params.map(() => 'unknown'),
    text,
  );
  return (query) => {
    const q = dialect.sqlToQuery(query);
    if (q.sql !== text) throw new Error(`carton_h_${name}: the query is not of the statement's shape`);
    return statement(...q.params);
  };
}

/**
 * `hotStatementOf` for queries whose shape varies with their arguments (the columns an update
 * sets, say): each shape is prepared once per connection (`hotStatementByText`). Up to
 * `MAX_SHAPES` shapes per name; a query of yet another shape goes as text (`sqlText`).
 */
export function hotStatementsOf(name: string): (query: SQL) => string {
  const shapes = new Set<string>();
  return (query) => {
    const { sql: text, params } = dialect.sqlToQuery(query);
    if (!shapes.has(text)) {
      if (shapes.size >= MAX_SHAPES) return inlineParams(text, params);
      shapes.add(text);
    }
    return hotStatementByText(
      name,
      params.map(() => 'unknown'),
      text,
    )(...params);
  };
}
const MAX_SHAPES = 32;

const byText = new Map<string, (...params: unknown[]) => string>();

/**
 * `hotStatement` for a text built at run time (from a dispatcher's subscribers, a query's shape):
 * named `name` and a hash of the text, declared the first time the text is met.
 */
export function hotStatementByText(
  name: string,
  types: readonly string[],
  text: string,
): (...params: unknown[]) => string {
  const key = `${name}\0${text}`;
  let statement = byText.get(key);
  if (!statement) {
    const hash = createHash('sha1').update(text).digest('hex').slice(0, 16);
    byText.set(key, (statement = hotStatement(`${name}_${hash}`, types, text)));
  }
  return statement;
}

/**
 * A row read with plain SQL (`send`, `runInStore`: keyed by column name) as drizzle's select of
 * `table` gives it (keyed by field name). Values are already in their JS types (pg's parsers).
 */
export function rowFrom<T extends Table>(table: T, raw: Record<string, unknown>): T['$inferSelect'] {
  const row: Record<string, unknown> = {};
  for (const [field, column] of Object.entries(getTableColumns(table))) row[field] = raw[column.name];
  return row as T['$inferSelect'];
}

/** Replace `$1…$n` outside quotes with literals. Only for SQL text written in this codebase. */
function inlineParams(text: string, params: readonly unknown[]): string {
  let out = '';
  for (const part of splitAtParams(text)) out += typeof part === 'number' ? literal(params[part]) : part;
  return out;
}

/**
 * Statements scoped to one store in ONE round trip: the scope statement and `text` travel as one
 * multi-statement message, which PostgreSQL runs as one implicit transaction — so the same
 * row-level security as `withStore` applies, without BEGIN and COMMIT round trips, and an error
 * anywhere rolls it all back. When the promise resolves, the work has committed. For hot paths
 * that find rows by key (`keyedStoreScope`); parameters are inlined as escaped literals (the
 * simple query protocol takes none). Returns the rows of `text` (of its last statement, if it has
 * several).
 */
export async function runInStore<Row extends Record<string, unknown>>(
  db: Db,
  storeId: string,
  text: string,
  params: readonly unknown[] = [],
): Promise<Row[]> {
  const message = `${keyedStoreScope(storeId)}; ${inlineParams(text, params)}`;
  const results = (await queryKeepingConnection(db.$client, message)) as unknown as pg.QueryResult<Row>[];
  return results[results.length - 1]!.rows;
}

/**
 * `pool.query`, except that an error PostgreSQL reported (a constraint, a refusal raised by a
 * function) returns the connection to the pool: `pool.query` would close it, and a refused
 * request would cost a new connection.
 */
async function queryKeepingConnection(client: pg.Pool | pg.PoolClient, text: string): Promise<unknown> {
  if (!(client instanceof pg.Pool)) return client.query(text);
  const connection = await client.connect();
  try {
    const result = await connection.query(text);
    connection.release();
    return result;
  } catch (err) {
    connection.release(err instanceof pg.DatabaseError ? undefined : (err as Error));
    throw err;
  }
}

/** The store each read-pool connection is scoped to for its session (`readInStore`). */
const sessionStore = new WeakMap<pg.PoolClient, string>();
/** A name per distinct read text: PostgreSQL parses and plans a named statement once per connection. */
const statementNames = new Map<string, string>();

function statementName(text: string): string | undefined {
  let name = statementNames.get(text);
  if (name === undefined && statementNames.size < 500) {
    name = `carton_read_${statementNames.size + 1}`;
    statementNames.set(text, name);
  }
  return name;
}

/**
 * A read scoped to one store, on the read pool, whose connections run as `carton_app` for their
 * whole session (row-level security applies to every statement, as in `withStore`) and keep the
 * last store they were scoped to (decision 0008). On a connection already scoped to `storeId` the
 * read is one prepared statement — parsed and planned once per connection, half of PostgreSQL's
 * work for a short read; otherwise the scope and the read travel as one message, like
 * `runInStore`. Any error forgets the connection's scope, so the next read sets it again.
 * Reads only: the read pool is never used to write.
 */
export async function readInStore<Row extends Record<string, unknown>>(
  db: Db,
  storeId: string,
  text: string,
  params: readonly unknown[] = [],
): Promise<Row[]> {
  const readPool = db.$client instanceof pg.Pool ? readPools.get(db.$client) : undefined;
  if (!readPool) return runInStore<Row>(db, storeId, text, params);
  const connection = await readPool.connect();
  try {
    let rows: Row[];
    if (sessionStore.get(connection) === storeId) {
      const name = statementName(text);
      rows = (await connection.query<Row>({ name, text, values: params as unknown[] })).rows;
    } else {
      sessionStore.delete(connection);
      const message = `SET app.store_id = ${literal(storeId)}; ${inlineParams(text, params)}`;
      const results = (await connection.query(message)) as unknown as pg.QueryResult<Row>[];
      sessionStore.set(connection, storeId);
      rows = results[results.length - 1]!.rows;
    }
    connection.release();
    return rows;
  } catch (err) {
    sessionStore.delete(connection);
    connection.release(err instanceof pg.DatabaseError ? undefined : (err as Error));
    throw err;
  }
}

/**
 * NOTIFY `channel` with each payload for work that has already committed (e.g. by `runInStore`),
 * coalesced like `notifyAfterCommit`: on a pool, resolves once queued (as `withStore`, the caller
 * does not wait out the notifier's pace); on one connection, once sent.
 */
export async function notifyCommitted(db: Db, channel: string, payloads: readonly string[]): Promise<void> {
  const client = db.$client;
  if (client instanceof pg.Pool) {
    void notifierFor(client).add(channel, ...payloads);
  } else {
    for (const p of payloads) await client.query('SELECT pg_notify($1, $2)', [channel, p]);
  }
}
