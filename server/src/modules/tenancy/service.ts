import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { parseInput } from '../../platform/validation.ts';
import { organizations, stores, type Organization, type Store } from './schema.ts';

const CURRENCIES = new Set(Intl.supportedValuesOf('currency'));
const TIMEZONES = new Set(Intl.supportedValuesOf('timeZone').concat('UTC'));

export const CurrencyCode = z
  .string()
  .regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as USD')
  .refine((c) => CURRENCIES.has(c), 'unknown currency');
export const TimeZone = z.string().refine((tz) => TIMEZONES.has(tz), 'unknown IANA time zone');

export const StoreInput = z.object({
  name: z.string().trim().min(1).max(120),
  handle: z.string().regex(/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/, 'lowercase letters, digits and dashes'),
  currency: CurrencyCode,
  timezone: TimeZone.default('UTC'),
  locale: z.enum(['en', 'vi']).default('en'),
  settings: z.record(z.string(), z.unknown()).default({}),
});
export type StoreInput = z.input<typeof StoreInput>;

export const StoreUpdate = StoreInput.omit({ handle: true }).partial();
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

export async function getStore(db: DbOrTx, storeId: string): Promise<Store> {
  const [store] = await db.select().from(stores).where(eq(stores.id, storeId));
  if (!store) throw new AppError('STORE_NOT_FOUND', `Store ${storeId} does not exist.`);
  return store;
}

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

export async function listStoresOfOrganization(db: DbOrTx, organizationId: string): Promise<Store[]> {
  return db.select().from(stores).where(eq(stores.organizationId, organizationId)).orderBy(stores.id);
}
