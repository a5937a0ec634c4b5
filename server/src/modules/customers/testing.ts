import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { call } from '../../../test/identity.ts';
import type { Db } from '../../platform/db/database.ts';

/** Test helpers: shoppers signed in over real HTTP, and quick reads of this module's tables. */

type Server = { url: string };

export interface TestShopper {
  id: string;
  email: string;
  password: string;
  /** Publishable key and shopper token, ready for the store API. */
  headers: Record<string, string>;
}

export const uniqueEmail = (tag = 'shopper') => `${tag}-${randomBytes(5).toString('hex')}@example.com`;

/** Register a shopper with the store's publishable key and sign them in. */
export async function registerShopper(
  server: Server,
  publishableKey: Record<string, string>,
  options: { email?: string; firstName?: string; lastName?: string } = {},
): Promise<TestShopper> {
  const email = options.email ?? uniqueEmail();
  const password = `pw-${randomBytes(8).toString('hex')}`;
  const res = await call(server, 'POST', '/store/v1/customers/register', {
    headers: publishableKey,
    body: {
      email,
      password,
      ...(options.firstName ? { first_name: options.firstName } : {}),
      ...(options.lastName ? { last_name: options.lastName } : {}),
    },
  });
  if (res.status !== 201) throw new Error(`register → ${res.status} ${JSON.stringify(res.body)}`);
  return {
    id: res.body.customer.id,
    email,
    password,
    headers: { ...publishableKey, authorization: `Bearer ${res.body.access_token}` },
  };
}

/** Rows of a table for one store (as the database owner, outside row-level security). */
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

/** Payloads of the events of one type in a store, in order. */
export async function eventsOf(db: Db, storeId: string, type: string): Promise<Record<string, unknown>[]> {
  const { rows } = await db.execute<{ payload: Record<string, unknown> }>(
    sql`SELECT payload FROM events WHERE store_id = ${storeId} AND type = ${type} ORDER BY id`,
  );
  return rows.map((r) => r.payload);
}

/** Wait until `check` returns something truthy (events handled by the worker, say). */
export async function eventually<T>(check: () => Promise<T>, timeoutMs = 15_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}
