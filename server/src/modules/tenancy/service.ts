import { and, asc, eq, gt, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import { readInStore, rowFrom, sqlText, type Db, type DbOrTx } from '../../platform/db/database.ts';
import { sentAheadRows, writeAhead, type ReadAhead } from '../../platform/db/read-ahead.ts';
import { AppError } from '../../platform/errors.ts';
import { decodeCursor, toPage, type Page } from '../../platform/http/pagination.ts';
import { newId } from '../../platform/ids.ts';
import { parseInput } from '../../platform/validation.ts';
import { organizations, stores, type Organization, type Store } from './schema.ts';

const CURRENCIES = new Set(Intl.supportedValuesOf('currency'));
const TIMEZONES = new Set(Intl.supportedValuesOf('timeZone').concat('UTC'));

/** An IANA zone name, canonical or alias (ICU lists `Asia/Saigon` but people write `Asia/Ho_Chi_Minh`). */
function isTimeZone(tz: string): boolean {
  if (TIMEZONES.has(tz)) return true;
  if (!/^[A-Za-z]+(?:\/[A-Za-z0-9_+-]+)+$/.test(tz)) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export const CurrencyCode = z
  .string()
  .regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as USD')
  .refine((c) => CURRENCIES.has(c), 'unknown currency');
export const TimeZone = z.string().max(64).refine(isTimeZone, 'unknown IANA time zone');

export const StoreInput = z.object({
  name: z.string().trim().min(1).max(120),
  handle: z.string().regex(/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/, 'lowercase letters, digits and dashes'),
  currency: CurrencyCode,
  timezone: TimeZone.default('UTC'),
  locale: z.enum(['en', 'vi']).default('en'),
  settings: z.record(z.string(), z.unknown()).default({}),
});
export type StoreInput = z.input<typeof StoreInput>;

// Without defaults: a PATCH that names only `name` must leave time zone, locale and settings alone.
export const StoreUpdate = z
  .object({
    name: StoreInput.shape.name,
    currency: CurrencyCode,
    timezone: TimeZone,
    locale: z.enum(['en', 'vi']),
    settings: z.record(z.string(), z.unknown()),
  })
  .partial();
export type StoreUpdate = z.input<typeof StoreUpdate>;

export async function createOrganization(db: DbOrTx, input: { name: string }): Promise<Organization> {
  const [org] = await db
    .insert(organizations)
    .values({ id: newId('org'), name: input.name })
    .returning();
  return org!;
}

export async function createStore(
  db: DbOrTx,
  options: { organizationId: string; input: StoreInput },
): Promise<Store> {
  const input = parseInput(StoreInput, options.input);
  const [store] = await db
    .insert(stores)
    .values({ id: newId('store'), organizationId: options.organizationId, ...input })
    .onConflictDoNothing({ target: stores.handle })
    .returning();
  if (!store) throw new AppError('ALREADY_EXISTS', `A store with handle "${input.handle}" already exists.`);
  return store;
}

/** A store as the admin API shows it: snake_case, times as ISO 8601 strings in UTC. */
export interface StoreView extends Record<string, unknown> {
  id: string;
  organization_id: string;
  name: string;
  handle: string;
  currency: string;
  timezone: string;
  locale: string;
  settings: Store['settings'];
  created_at: string;
  updated_at: string;
}

/** `Date#toISOString()` of a timestamptz, formatted by PostgreSQL (no Date made and formatted per read). */
const ISO = (column: string) =>
  `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS ${column}`;

/**
 * The store as its own staff read it, ready to send: one round trip under the store's row-level
 * security (the hot admin read).
 */
export async function readStoreView(db: Db, storeId: string): Promise<StoreView> {
  const [row] = await readInStore<StoreView>(
    db,
    storeId,
    `SELECT id, organization_id, name, handle, currency, timezone, locale, settings,
            ${ISO('created_at')}, ${ISO('updated_at')}
       FROM stores WHERE id = $1`,
    [storeId],
  );
  if (!row) throw new AppError('STORE_NOT_FOUND', `Store ${storeId} does not exist.`);
  return row;
}

export async function getStore(db: DbOrTx, storeId: string): Promise<Store> {
  const kept = sentAheadRows(db, storeAheadKey(storeId));
  const store = kept
    ? kept[0] && rowFrom(stores, kept[0])
    : (await db.select().from(stores).where(eq(stores.id, storeId)))[0];
  if (!store) throw new AppError('STORE_NOT_FOUND', `Store ${storeId} does not exist.`);
  return store;
}

/** `getStore`'s read, to send ahead with a transaction's BEGIN (`read-ahead.ts`); `getStore` takes its answer. */
export function storeAhead(db: DbOrTx, storeId: string): ReadAhead {
  return writeAhead(sqlText(db.select().from(stores).where(eq(stores.id, storeId))), storeAheadKey(storeId));
}

const storeAheadKey = (storeId: string) => `store ${storeId}`;

export async function updateStore(db: DbOrTx, storeId: string, patch: StoreUpdate): Promise<Store> {
  const values = parseInput(StoreUpdate, patch);
  const [store] = await db
    .update(stores)
    .set({ ...values, updatedAt: sql`now()` })
    .where(eq(stores.id, storeId))
    .returning();
  if (!store) throw new AppError('STORE_NOT_FOUND', `Store ${storeId} does not exist.`);
  return store;
}

export async function getOrganization(db: DbOrTx, organizationId: string): Promise<Organization> {
  const [org] = await db.select().from(organizations).where(eq(organizations.id, organizationId));
  if (!org) throw new AppError('NOT_FOUND', `Organization ${organizationId} does not exist.`);
  return org;
}

/** Organizations in id (creation) order, keyset-paginated. */
export async function listOrganizations(
  db: DbOrTx,
  options: { limit: number; cursor?: string | undefined },
): Promise<Page<Organization>> {
  const after = decodeCursor<{ id: string }>(options.cursor);
  const rows = await db
    .select()
    .from(organizations)
    .where(after ? gt(organizations.id, String(after.id)) : undefined)
    .orderBy(asc(organizations.id))
    .limit(options.limit + 1);
  return toPage(rows, options.limit, (o) => ({ id: o.id }));
}

export async function findOrganizationByName(db: DbOrTx, name: string): Promise<Organization | null> {
  const [org] = await db
    .select()
    .from(organizations)
    .where(eq(organizations.name, name))
    .orderBy(asc(organizations.id))
    .limit(1);
  return org ?? null;
}

/** Stores in id (creation) order, optionally of one organization, keyset-paginated. */
export async function listStores(
  db: DbOrTx,
  options: { organizationId?: string | undefined; limit: number; cursor?: string | undefined },
): Promise<Page<Store>> {
  const after = decodeCursor<{ id: string }>(options.cursor);
  const rows = await db
    .select()
    .from(stores)
    .where(
      and(
        options.organizationId ? eq(stores.organizationId, options.organizationId) : undefined,
        after ? gt(stores.id, String(after.id)) : undefined,
      ),
    )
    .orderBy(asc(stores.id))
    .limit(options.limit + 1);
  return toPage(rows, options.limit, (s) => ({ id: s.id }));
}

export async function findStoreByHandle(db: DbOrTx, handle: string): Promise<Store | null> {
  const [store] = await db.select().from(stores).where(eq(stores.handle, handle));
  return store ?? null;
}

export async function getStoresByIds(db: DbOrTx, storeIds: string[]): Promise<Store[]> {
  if (storeIds.length === 0) return [];
  return db.select().from(stores).where(inArray(stores.id, storeIds));
}

export async function countOrganizations(db: DbOrTx): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(organizations);
  return row?.n ?? 0;
}

/**
 * Merge `patch` into one section of the store's settings (`settings.orders`, say) in one
 * statement, so two sections changed at once never lose each other's change. Returns the store.
 */
export async function mergeStoreSettings(
  db: DbOrTx,
  storeId: string,
  section: string,
  patch: Record<string, unknown>,
): Promise<Store> {
  const [store] = await db
    .update(stores)
    .set({
      settings: sql`jsonb_set(${stores.settings}, ARRAY[${section}]::text[],
        coalesce(${stores.settings} -> ${section}, '{}'::jsonb) || ${JSON.stringify(patch)}::jsonb)`,
      updatedAt: sql`now()`,
    })
    .where(eq(stores.id, storeId))
    .returning();
  if (!store) throw new AppError('STORE_NOT_FOUND', `Store ${storeId} does not exist.`);
  return store;
}
