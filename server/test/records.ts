import { sql } from 'drizzle-orm';
import type { Db } from '../src/platform/db/database.ts';
import { call, type HttpResult } from './identity.ts';

/** What tests read back from the database, as its owner (outside row-level security). */

/** Rows of a table for one store. */
export async function rowsOf<T extends Record<string, unknown>>(
  db: Db,
  table: string,
  storeId: string,
  where = sql`true`,
): Promise<T[]> {
  const { rows } = await db.execute<T>(
    sql`SELECT * FROM ${sql.identifier(table)} WHERE store_id = ${storeId} AND ${where} ORDER BY 1`,
  );
  return rows as T[];
}

/** How many rows a table holds for one store. */
export async function countOf(db: Db, table: string, storeId: string): Promise<number> {
  const { rows } = await db.execute<{ n: number }>(
    sql`SELECT count(*)::int AS n FROM ${sql.identifier(table)} WHERE store_id = ${storeId}`,
  );
  return rows[0]!.n;
}

/** Payloads of the events of one type in a store, in order. */
export async function eventsOf(db: Db, storeId: string, type: string): Promise<Record<string, unknown>[]> {
  const { rows } = await db.execute<{ payload: Record<string, unknown> }>(
    sql`SELECT payload FROM events WHERE store_id = ${storeId} AND type = ${type} ORDER BY id`,
  );
  return rows.map((r) => r.payload);
}

/** Entity ids of a store's audit entries for one action, oldest first. */
export async function auditedIds(db: Db, storeId: string, action: string): Promise<string[]> {
  const { rows } = await db.execute<{ entity_id: string }>(
    sql`SELECT entity_id FROM audit_log WHERE store_id = ${storeId} AND action = ${action} ORDER BY id`,
  );
  return rows.map((r) => r.entity_id);
}

/** GET/POST/PATCH/DELETE against a test server with headers chosen at call time (set in beforeAll). */
export function verbs(server: () => { url: string }, headers: () => Record<string, string>) {
  return {
    get: (path: string, h = headers()): Promise<HttpResult> => call(server(), 'GET', path, { headers: h }),
    post: (path: string, body?: unknown, h = headers()): Promise<HttpResult> =>
      call(server(), 'POST', path, { headers: h, body }),
    patch: (path: string, body: unknown, h = headers()): Promise<HttpResult> =>
      call(server(), 'PATCH', path, { headers: h, body }),
    del: (path: string, h = headers()): Promise<HttpResult> => call(server(), 'DELETE', path, { headers: h }),
  };
}
