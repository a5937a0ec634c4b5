import { and, asc, eq, gt, inArray, sql } from 'drizzle-orm';
import type { PgUpdateSetSource } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import { withStore, type Db, type DbOrTx, type Tx } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { emitEvent } from '../../platform/events/outbox.ts';
import { decodeCursor, PageQuery, toPage, type Page } from '../../platform/http/pagination.ts';
import { newId } from '../../platform/ids.ts';
import { parseInput } from '../../platform/validation.ts';
import { auditAs, type Actor } from '../audit/service.ts';
import { getVariants } from '../catalog/service.ts';
import { CurrencyCode } from '../tenancy/service.ts';
import { invalidateStorePrices, pricingFacts } from './price-for.ts';
import { resolvePrice, type PriceQuote } from './resolve.ts';
import {
  exchangeRates,
  priceListEntries,
  priceLists,
  priceRules,
  prices,
  type ExchangeRate,
  type Price,
  type PriceList,
  type PriceListEntry,
  type PriceRule,
} from './schema.ts';
import { exchangeRateView, priceListEntryView, priceListView, priceRuleView, priceView } from './views.ts';

/** Wakes every API node's price cache (payload: the store id), on commit. */
export const PRICING_CHANNEL = 'carton_pricing';

// --- input shapes ---------------------------------------------------------------------------

/** Integer minor units (cents, đồng, yen…): never negative, never fractional. */
export const MinorUnits = z
  .number({ error: 'must be a number of minor units' })
  .int('must be a whole number of minor units (e.g. 1999 for 19.99)')
  .min(0, 'must not be negative')
  .max(Number.MAX_SAFE_INTEGER);

const Id = z.string().trim().min(1).max(64);
// Kept a string through parsing (so a parsed body parses again unchanged); `toDate` at the write.
const Instant = z.iso.datetime({ offset: true, error: 'an ISO 8601 date-time such as 2026-12-01T00:00:00Z' });
const toDate = (s: string | null | undefined) => (s ? new Date(s) : null);
const GroupIds = z.array(z.string().trim().min(1).max(64)).max(50);
const Priority = z.number().int().min(-1000).max(1000);

/** Refuse a window that ends before (or when) it starts. */
function checkWindow(v: { starts_at?: string | null; ends_at?: string | null }, ctx: z.RefinementCtx): void {
  if (v.starts_at && v.ends_at && Date.parse(v.ends_at) <= Date.parse(v.starts_at)) {
    ctx.addIssue({ code: 'custom', path: ['ends_at'], message: 'must be after starts_at' });
  }
}

export const PriceInput = z.strictObject({
  variant_id: Id,
  currency: CurrencyCode,
  amount: MinorUnits,
  compare_at_amount: MinorUnits.nullable().default(null),
});
export type PriceInput = z.input<typeof PriceInput>;

export const PriceBatchInput = z.strictObject({ prices: z.array(PriceInput).min(1).max(1000) });

export const PriceListQuery = PageQuery.extend({
  variant_id: Id.optional(),
  currency: CurrencyCode.optional(),
});

const PriceListFields = {
  name: z.string().trim().min(1).max(120),
  description: z.string().trim().max(1000),
  status: z.enum(['active', 'draft']),
  priority: Priority,
  starts_at: Instant.nullable(),
  ends_at: Instant.nullable(),
  customer_group_ids: GroupIds.describe(
    'Empty: every shopper; otherwise only shoppers in one of these groups',
  ),
};

export const PriceListInput = z
  .strictObject({
    ...PriceListFields,
    description: PriceListFields.description.default(''),
    status: PriceListFields.status.default('active'),
    priority: PriceListFields.priority.default(0),
    starts_at: PriceListFields.starts_at.default(null),
    ends_at: PriceListFields.ends_at.default(null),
    customer_group_ids: PriceListFields.customer_group_ids.default([]),
  })
  .superRefine(checkWindow);
export type PriceListInput = z.input<typeof PriceListInput>;

export const PriceListPatch = z.strictObject(PriceListFields).partial().superRefine(checkWindow);
export type PriceListPatch = z.input<typeof PriceListPatch>;

export const PriceListEntryInput = z.strictObject({
  variant_id: Id,
  currency: CurrencyCode,
  amount: MinorUnits,
  compare_at_amount: MinorUnits.nullable().default(null),
  min_quantity: z
    .number()
    .int()
    .min(1)
    .max(1_000_000)
    .default(1)
    .describe('Quantity tier: applies from this many units'),
  location_id: Id.nullable().default(null).describe('A stock location id; null: any location'),
});
export type PriceListEntryInput = z.input<typeof PriceListEntryInput>;
export const PriceListEntriesInput = z.strictObject({
  entries: z.array(PriceListEntryInput).min(1).max(1000),
});

const TargetKind = z.enum(['all', 'products', 'variants', 'categories', 'tags', 'brands']);
const RuleFields = {
  name: z.string().trim().min(1).max(120),
  status: z.enum(['active', 'draft']),
  priority: Priority,
  starts_at: Instant.nullable(),
  ends_at: Instant.nullable(),
  customer_group_ids: GroupIds,
  target: z.strictObject({
    kind: TargetKind,
    values: z.array(z.string().trim().min(1).max(200)).max(1000).default([]),
  }),
  adjustment: z.discriminatedUnion('kind', [
    z.strictObject({
      kind: z.literal('percentage_off'),
      basis_points: z.number().int().min(1).max(10000).describe('1500 = 15 % off'),
    }),
    z.strictObject({
      kind: z.literal('amount_off'),
      amount: MinorUnits.min(1, 'must be at least 1'),
      currency: CurrencyCode,
    }),
  ]),
};

function checkTarget(v: { target?: { kind: string; values: string[] } }, ctx: z.RefinementCtx): void {
  if (!v.target) return;
  if (v.target.kind === 'all' && v.target.values.length > 0) {
    ctx.addIssue({ code: 'custom', path: ['target', 'values'], message: 'must be empty for kind "all"' });
  }
  if (v.target.kind !== 'all' && v.target.values.length === 0) {
    ctx.addIssue({
      code: 'custom',
      path: ['target', 'values'],
      message: `name at least one of the ${v.target.kind}`,
    });
  }
}

export const PriceRuleInput = z
  .strictObject({
    ...RuleFields,
    status: RuleFields.status.default('active'),
    priority: RuleFields.priority.default(0),
    starts_at: RuleFields.starts_at.default(null),
    ends_at: RuleFields.ends_at.default(null),
    customer_group_ids: RuleFields.customer_group_ids.default([]),
  })
  .superRefine(checkWindow)
  .superRefine(checkTarget);
export type PriceRuleInput = z.input<typeof PriceRuleInput>;

export const PriceRulePatch = z
  .strictObject(RuleFields)
  .partial()
  .superRefine(checkWindow)
  .superRefine(checkTarget);
export type PriceRulePatch = z.input<typeof PriceRulePatch>;

export const ExchangeRateInput = z
  .strictObject({
    base_currency: CurrencyCode,
    quote_currency: CurrencyCode,
    rate: z
      .string()
      .regex(/^\d{1,12}(\.\d{1,12})?$/, 'a positive decimal string such as "0.92" (up to 12 decimals)')
      .refine((r) => /[1-9]/.test(r), 'must be greater than zero')
      .describe('1 unit of base_currency = rate units of quote_currency, as a decimal string'),
  })
  .refine((v) => v.base_currency !== v.quote_currency, {
    path: ['quote_currency'],
    message: 'must differ from base_currency',
  });
export type ExchangeRateInput = z.input<typeof ExchangeRateInput>;

export const QuoteQuery = z.object({
  variant_id: Id,
  currency: CurrencyCode,
  quantity: z.coerce.number().int().min(1).max(1_000_000).default(1),
  customer_group_ids: z.string().max(2000).optional().describe('Comma-separated customer group ids'),
  location_id: Id.optional(),
  at: Instant.optional().describe('Price at this moment (default: now)'),
});
export type QuoteQuery = z.input<typeof QuoteQuery>;

// --- plumbing -------------------------------------------------------------------------------

/** Queue the cache wake-up for other nodes; this node invalidates itself right after commit. */
export async function notifyPricingChanged(tx: DbOrTx, storeId: string): Promise<void> {
  await tx.execute(sql`SELECT pg_notify(${PRICING_CHANNEL}, ${storeId})`);
}

/** A pricing write: in the store's transaction, announced to other nodes, and invalidated here after commit. */
async function pricingWrite<T>(db: Db, storeId: string, work: (tx: Tx) => Promise<T>): Promise<T> {
  try {
    const result = await withStore(db, storeId, async (tx) => {
      const out = await work(tx);
      await notifyPricingChanged(tx, storeId);
      return out;
    });
    invalidateStorePrices(storeId);
    return result;
  } catch (err) {
    throw translateDbError(err);
  }
}

function pgCode(err: unknown): { code?: string; constraint?: string } {
  const e = err as { code?: string; constraint?: string; cause?: { code?: string; constraint?: string } };
  return e.cause?.code ? e.cause : e;
}

/** Constraint violations a client can cause are 4xx answers, never a 500. */
function translateDbError(err: unknown): unknown {
  if (err instanceof AppError) return err;
  const { code, constraint } = pgCode(err);
  if (code === '23505') {
    const what = constraint?.startsWith('price_rules')
      ? 'A price rule with this name already exists.'
      : constraint?.startsWith('price_lists')
        ? 'A price list with this name already exists.'
        : 'This already exists.';
    return new AppError('ALREADY_EXISTS', what);
  }
  if (code === '23503')
    return new AppError('UNPROCESSABLE', 'A referenced variant or price list does not exist.');
  return err;
}

/**
 * Every id must be a variant of this store. Another store's variant is invisible under RLS, so it
 * is "unknown" here too — a foreign key alone would accept it.
 */
async function assertVariantsOfStore(
  tx: Tx,
  storeId: string,
  variantIds: readonly string[],
  path: (index: number) => string,
): Promise<void> {
  const found = new Set((await getVariants(tx, storeId, variantIds)).map((v) => v.id));
  const errors = variantIds.flatMap((id, i) =>
    found.has(id) ? [] : [{ path: path(i), message: `no variant ${id} in this store` }],
  );
  if (errors.length > 0) throw new AppError('UNPROCESSABLE', 'Unknown variant.', { errors });
}

// --- prices ---------------------------------------------------------------------------------

type ParsedPrice = z.output<typeof PriceInput>;

/**
 * Set (insert or replace) variant prices inside the caller's transaction — for bulk writers such
 * as the CSV importer. Validates every row first; emits `price.changed` per changed price unless
 * `emitEvents` is false (seeding), and queues the cache NOTIFY. The caller's commit makes them
 * visible; other nodes and this one drop cached prices when the NOTIFY arrives.
 */
export async function setVariantPricesInTx(
  tx: Tx,
  options: { storeId: string; prices: PriceInput[]; emitEvents?: boolean; actor?: Actor },
): Promise<Price[]> {
  const { storeId } = options;
  const input = parseInput(PriceBatchInput, { prices: options.prices }).prices;
  await assertVariantsOfStore(
    tx,
    storeId,
    input.map((p) => p.variant_id),
    (i) => `body.prices.${i}.variant_id`,
  );
  // One statement for the whole batch; the last row wins when a (variant, currency) repeats.
  const byKey = new Map<string, ParsedPrice>();
  for (const p of input) byKey.set(`${p.variant_id}:${p.currency}`, p);
  const rows = [...byKey.values()].sort((a, b) =>
    a.variant_id === b.variant_id
      ? a.currency.localeCompare(b.currency)
      : a.variant_id < b.variant_id
        ? -1
        : 1,
  );
  const before = await tx
    .select()
    .from(prices)
    .where(
      and(
        eq(prices.storeId, storeId),
        inArray(
          prices.variantId,
          rows.map((r) => r.variant_id),
        ),
      ),
    );
  const previous = new Map(before.map((p) => [`${p.variantId}:${p.currency}`, p]));
  const saved = await tx
    .insert(prices)
    .values(
      rows.map((r) => ({
        id: newId('price'),
        storeId,
        variantId: r.variant_id,
        currency: r.currency,
        amount: r.amount,
        compareAtAmount: r.compare_at_amount,
      })),
    )
    .onConflictDoUpdate({
      target: [prices.storeId, prices.variantId, prices.currency],
      set: {
        amount: sql`excluded.amount`,
        compareAtAmount: sql`excluded.compare_at_amount`,
        updatedAt: sql`now()`,
      },
    })
    .returning();
  saved.sort((a, b) =>
    a.variantId === b.variantId ? a.currency.localeCompare(b.currency) : a.variantId < b.variantId ? -1 : 1,
  );
  for (const price of saved) {
    const old = previous.get(`${price.variantId}:${price.currency}`) ?? null;
    if (old && old.amount === price.amount && old.compareAtAmount === price.compareAtAmount) continue;
    const view = priceView(price);
    if (options.emitEvents !== false) {
      await emitEvent(tx, {
        storeId,
        type: 'price.changed',
        aggregateType: 'variant_price',
        aggregateId: price.variantId,
        payload: { ...view, previous: old ? priceView(old) : null },
      });
    }
    await auditAs(tx, options.actor, {
      storeId,
      action: 'price.changed',
      entityType: 'price',
      entityId: price.id,
      before: old ? priceView(old) : null,
      after: view,
    });
  }
  await notifyPricingChanged(tx, storeId);
  return saved;
}

/** Set several variant prices at once, all or nothing. */
export async function setVariantPrices(
  db: Db,
  options: { storeId: string; prices: PriceInput[]; actor?: Actor },
): Promise<Price[]> {
  return pricingWrite(db, options.storeId, (tx) => setVariantPricesInTx(tx, options));
}

export async function setVariantPrice(
  db: Db,
  options: { storeId: string; input: PriceInput; actor?: Actor },
): Promise<Price> {
  const input = parseInput(PriceInput, options.input);
  const [price] = await setVariantPrices(db, {
    storeId: options.storeId,
    prices: [input],
    actor: options.actor,
  });
  return price!;
}

export async function listPrices(
  db: Db,
  options: { storeId: string; query: z.input<typeof PriceListQuery> },
): Promise<Page<Price>> {
  const query = parseInput(PriceListQuery, options.query, 'querystring');
  const cursor = decodeCursor<{ id: string }>(query.cursor);
  const rows = await withStore(db, options.storeId, (tx) =>
    tx
      .select()
      .from(prices)
      .where(
        and(
          eq(prices.storeId, options.storeId),
          query.variant_id ? eq(prices.variantId, query.variant_id) : undefined,
          query.currency ? eq(prices.currency, query.currency) : undefined,
          cursor ? gt(prices.id, String(cursor.id)) : undefined,
        ),
      )
      .orderBy(asc(prices.id))
      .limit(query.limit + 1),
  );
  return toPage(rows, query.limit, (p) => ({ id: p.id }));
}

export async function deletePrice(
  db: Db,
  options: { storeId: string; priceId: string; actor?: Actor },
): Promise<void> {
  const { storeId } = options;
  await pricingWrite(db, storeId, async (tx) => {
    const [gone] = await tx
      .delete(prices)
      .where(and(eq(prices.storeId, storeId), eq(prices.id, options.priceId)))
      .returning();
    if (!gone) throw new AppError('NOT_FOUND', `Price ${options.priceId} does not exist.`);
    await emitEvent(tx, {
      storeId,
      type: 'price.changed',
      aggregateType: 'variant_price',
      aggregateId: gone.variantId,
      payload: { ...priceView(gone), amount: null, compare_at_amount: null, previous: priceView(gone) },
    });
    await auditAs(tx, options.actor, {
      storeId,
      action: 'price.deleted',
      entityType: 'price',
      entityId: gone.id,
      before: priceView(gone),
    });
  });
}

// --- price lists ----------------------------------------------------------------------------

async function findPriceList(tx: DbOrTx, storeId: string, id: string, lock = false): Promise<PriceList> {
  const q = tx
    .select()
    .from(priceLists)
    .where(and(eq(priceLists.storeId, storeId), eq(priceLists.id, id)));
  const [list] = lock ? await q.for('update') : await q;
  if (!list) throw new AppError('NOT_FOUND', `Price list ${id} does not exist.`);
  return list;
}

async function emitListEvent(tx: Tx, storeId: string, type: string, list: PriceList, extra: object = {}) {
  await emitEvent(tx, {
    storeId,
    type,
    aggregateType: 'price_list',
    aggregateId: list.id,
    payload: { ...priceListView(list), ...extra },
  });
}

export async function createPriceList(
  db: Db,
  options: { storeId: string; input: PriceListInput; actor?: Actor },
): Promise<PriceList> {
  const input = parseInput(PriceListInput, options.input);
  const { storeId } = options;
  return pricingWrite(db, storeId, async (tx) => {
    const [list] = await tx
      .insert(priceLists)
      .values({
        id: newId('plist'),
        storeId,
        name: input.name,
        description: input.description,
        status: input.status,
        priority: input.priority,
        startsAt: toDate(input.starts_at),
        endsAt: toDate(input.ends_at),
        customerGroupIds: input.customer_group_ids,
      })
      .returning();
    await emitListEvent(tx, storeId, 'price_list.created', list!);
    await auditAs(tx, options.actor, {
      storeId,
      action: 'price_list.created',
      entityType: 'price_list',
      entityId: list!.id,
      after: priceListView(list!),
    });
    return list!;
  });
}

export async function listPriceLists(
  db: Db,
  options: { storeId: string; query: z.input<typeof PageQuery> },
): Promise<Page<PriceList>> {
  const query = parseInput(PageQuery, options.query, 'querystring');
  const cursor = decodeCursor<{ id: string }>(query.cursor);
  const rows = await withStore(db, options.storeId, (tx) =>
    tx
      .select()
      .from(priceLists)
      .where(
        and(
          eq(priceLists.storeId, options.storeId),
          cursor ? gt(priceLists.id, String(cursor.id)) : undefined,
        ),
      )
      .orderBy(asc(priceLists.id))
      .limit(query.limit + 1),
  );
  return toPage(rows, query.limit, (l) => ({ id: l.id }));
}

export async function getPriceList(
  db: Db,
  options: { storeId: string; priceListId: string },
): Promise<PriceList> {
  return withStore(db, options.storeId, (tx) => findPriceList(tx, options.storeId, options.priceListId));
}

export async function updatePriceList(
  db: Db,
  options: { storeId: string; priceListId: string; patch: PriceListPatch; actor?: Actor },
): Promise<PriceList> {
  const patch = parseInput(PriceListPatch, options.patch);
  const { storeId, priceListId } = options;
  return pricingWrite(db, storeId, async (tx) => {
    const before = await findPriceList(tx, storeId, priceListId, true);
    const startsAt = patch.starts_at !== undefined ? toDate(patch.starts_at) : before.startsAt;
    const endsAt = patch.ends_at !== undefined ? toDate(patch.ends_at) : before.endsAt;
    if (startsAt && endsAt && endsAt <= startsAt) {
      throw new AppError('VALIDATION_FAILED', 'The window ends before it starts.', {
        errors: [{ path: 'body.ends_at', message: 'must be after starts_at' }],
      });
    }
    const set: PgUpdateSetSource<typeof priceLists> = { updatedAt: sql`now()` };
    if (patch.name !== undefined) set.name = patch.name;
    if (patch.description !== undefined) set.description = patch.description;
    if (patch.status !== undefined) set.status = patch.status;
    if (patch.priority !== undefined) set.priority = patch.priority;
    if (patch.starts_at !== undefined) set.startsAt = startsAt;
    if (patch.ends_at !== undefined) set.endsAt = endsAt;
    if (patch.customer_group_ids !== undefined) set.customerGroupIds = patch.customer_group_ids;
    const [after] = await tx.update(priceLists).set(set).where(eq(priceLists.id, priceListId)).returning();
    await emitListEvent(tx, storeId, 'price_list.updated', after!);
    await auditAs(tx, options.actor, {
      storeId,
      action: 'price_list.updated',
      entityType: 'price_list',
      entityId: priceListId,
      before: priceListView(before),
      after: priceListView(after!),
    });
    return after!;
  });
}

export async function deletePriceList(
  db: Db,
  options: { storeId: string; priceListId: string; actor?: Actor },
): Promise<void> {
  const { storeId, priceListId } = options;
  await pricingWrite(db, storeId, async (tx) => {
    const before = await findPriceList(tx, storeId, priceListId, true);
    await tx.delete(priceLists).where(eq(priceLists.id, priceListId));
    await emitListEvent(tx, storeId, 'price_list.deleted', before);
    await auditAs(tx, options.actor, {
      storeId,
      action: 'price_list.deleted',
      entityType: 'price_list',
      entityId: priceListId,
      before: priceListView(before),
    });
  });
}

/** Add or replace entries of a price list (same variant, currency, tier and location: replaced). */
export async function setPriceListEntries(
  db: Db,
  options: { storeId: string; priceListId: string; entries: PriceListEntryInput[]; actor?: Actor },
): Promise<PriceListEntry[]> {
  const entries = parseInput(PriceListEntriesInput, { entries: options.entries }).entries;
  const { storeId, priceListId } = options;
  return pricingWrite(db, storeId, async (tx) => {
    const list = await findPriceList(tx, storeId, priceListId, true);
    await assertVariantsOfStore(
      tx,
      storeId,
      entries.map((e) => e.variant_id),
      (i) => `body.entries.${i}.variant_id`,
    );
    const byKey = new Map<string, (typeof entries)[number]>();
    for (const e of entries)
      byKey.set(`${e.variant_id}:${e.currency}:${e.min_quantity}:${e.location_id ?? ''}`, e);
    const saved = await tx
      .insert(priceListEntries)
      .values(
        [...byKey.values()].map((e) => ({
          id: newId('plent'),
          storeId,
          priceListId,
          variantId: e.variant_id,
          currency: e.currency,
          amount: e.amount,
          compareAtAmount: e.compare_at_amount,
          minQuantity: e.min_quantity,
          locationId: e.location_id,
        })),
      )
      .onConflictDoUpdate({
        target: [
          priceListEntries.priceListId,
          priceListEntries.variantId,
          priceListEntries.currency,
          priceListEntries.minQuantity,
          priceListEntries.locationId,
        ],
        set: {
          amount: sql`excluded.amount`,
          compareAtAmount: sql`excluded.compare_at_amount`,
          updatedAt: sql`now()`,
        },
      })
      .returning();
    const views = saved.map(priceListEntryView);
    await emitListEvent(tx, storeId, 'price_list.entries_changed', list, {
      entries_set: views.map((v) => v.id),
      entries_removed: [],
    });
    await auditAs(tx, options.actor, {
      storeId,
      action: 'price_list.entries_changed',
      entityType: 'price_list',
      entityId: priceListId,
      after: { entries: views },
    });
    return saved;
  });
}

export async function listPriceListEntries(
  db: Db,
  options: { storeId: string; priceListId: string; query: z.input<typeof PageQuery> },
): Promise<Page<PriceListEntry>> {
  const query = parseInput(PageQuery, options.query, 'querystring');
  const cursor = decodeCursor<{ id: string }>(query.cursor);
  const { storeId, priceListId } = options;
  const rows = await withStore(db, storeId, async (tx) => {
    await findPriceList(tx, storeId, priceListId);
    return tx
      .select()
      .from(priceListEntries)
      .where(
        and(
          eq(priceListEntries.storeId, storeId),
          eq(priceListEntries.priceListId, priceListId),
          cursor ? gt(priceListEntries.id, String(cursor.id)) : undefined,
        ),
      )
      .orderBy(asc(priceListEntries.id))
      .limit(query.limit + 1);
  });
  return toPage(rows, query.limit, (e) => ({ id: e.id }));
}

export async function deletePriceListEntry(
  db: Db,
  options: { storeId: string; priceListId: string; entryId: string; actor?: Actor },
): Promise<void> {
  const { storeId, priceListId, entryId } = options;
  await pricingWrite(db, storeId, async (tx) => {
    const list = await findPriceList(tx, storeId, priceListId, true);
    const [gone] = await tx
      .delete(priceListEntries)
      .where(
        and(
          eq(priceListEntries.storeId, storeId),
          eq(priceListEntries.priceListId, priceListId),
          eq(priceListEntries.id, entryId),
        ),
      )
      .returning();
    if (!gone) throw new AppError('NOT_FOUND', `Price list entry ${entryId} does not exist.`);
    await emitListEvent(tx, storeId, 'price_list.entries_changed', list, {
      entries_set: [],
      entries_removed: [entryId],
    });
    await auditAs(tx, options.actor, {
      storeId,
      action: 'price_list.entries_changed',
      entityType: 'price_list',
      entityId: priceListId,
      before: { entries: [priceListEntryView(gone)] },
    });
  });
}

// --- price rules ----------------------------------------------------------------------------

async function findPriceRule(tx: DbOrTx, storeId: string, id: string, lock = false): Promise<PriceRule> {
  const q = tx
    .select()
    .from(priceRules)
    .where(and(eq(priceRules.storeId, storeId), eq(priceRules.id, id)));
  const [rule] = lock ? await q.for('update') : await q;
  if (!rule) throw new AppError('NOT_FOUND', `Price rule ${id} does not exist.`);
  return rule;
}

type RuleAdjustment = z.output<typeof RuleFields.adjustment>;
const adjustmentColumns = (a: RuleAdjustment) =>
  a.kind === 'percentage_off'
    ? { adjustmentKind: a.kind, adjustmentValue: a.basis_points, currency: null }
    : { adjustmentKind: a.kind, adjustmentValue: a.amount, currency: a.currency };

async function emitRuleEvent(tx: Tx, storeId: string, type: string, rule: PriceRule) {
  await emitEvent(tx, {
    storeId,
    type,
    aggregateType: 'price_rule',
    aggregateId: rule.id,
    payload: priceRuleView(rule),
  });
}

export async function createPriceRule(
  db: Db,
  options: { storeId: string; input: PriceRuleInput; actor?: Actor },
): Promise<PriceRule> {
  const input = parseInput(PriceRuleInput, options.input);
  const { storeId } = options;
  return pricingWrite(db, storeId, async (tx) => {
    const [rule] = await tx
      .insert(priceRules)
      .values({
        id: newId('prule'),
        storeId,
        name: input.name,
        status: input.status,
        priority: input.priority,
        startsAt: toDate(input.starts_at),
        endsAt: toDate(input.ends_at),
        customerGroupIds: input.customer_group_ids,
        targetKind: input.target.kind,
        targetValues: [...new Set(input.target.values)],
        ...adjustmentColumns(input.adjustment),
      })
      .returning();
    await emitRuleEvent(tx, storeId, 'price_rule.created', rule!);
    await auditAs(tx, options.actor, {
      storeId,
      action: 'price_rule.created',
      entityType: 'price_rule',
      entityId: rule!.id,
      after: priceRuleView(rule!),
    });
    return rule!;
  });
}

export async function listPriceRules(
  db: Db,
  options: { storeId: string; query: z.input<typeof PageQuery> },
): Promise<Page<PriceRule>> {
  const query = parseInput(PageQuery, options.query, 'querystring');
  const cursor = decodeCursor<{ id: string }>(query.cursor);
  const rows = await withStore(db, options.storeId, (tx) =>
    tx
      .select()
      .from(priceRules)
      .where(
        and(
          eq(priceRules.storeId, options.storeId),
          cursor ? gt(priceRules.id, String(cursor.id)) : undefined,
        ),
      )
      .orderBy(asc(priceRules.id))
      .limit(query.limit + 1),
  );
  return toPage(rows, query.limit, (r) => ({ id: r.id }));
}

export async function getPriceRule(
  db: Db,
  options: { storeId: string; priceRuleId: string },
): Promise<PriceRule> {
  return withStore(db, options.storeId, (tx) => findPriceRule(tx, options.storeId, options.priceRuleId));
}

export async function updatePriceRule(
  db: Db,
  options: { storeId: string; priceRuleId: string; patch: PriceRulePatch; actor?: Actor },
): Promise<PriceRule> {
  const patch = parseInput(PriceRulePatch, options.patch);
  const { storeId, priceRuleId } = options;
  return pricingWrite(db, storeId, async (tx) => {
    const before = await findPriceRule(tx, storeId, priceRuleId, true);
    const startsAt = patch.starts_at !== undefined ? toDate(patch.starts_at) : before.startsAt;
    const endsAt = patch.ends_at !== undefined ? toDate(patch.ends_at) : before.endsAt;
    if (startsAt && endsAt && endsAt <= startsAt) {
      throw new AppError('VALIDATION_FAILED', 'The window ends before it starts.', {
        errors: [{ path: 'body.ends_at', message: 'must be after starts_at' }],
      });
    }
    const set: PgUpdateSetSource<typeof priceRules> = { updatedAt: sql`now()` };
    if (patch.name !== undefined) set.name = patch.name;
    if (patch.status !== undefined) set.status = patch.status;
    if (patch.priority !== undefined) set.priority = patch.priority;
    if (patch.starts_at !== undefined) set.startsAt = startsAt;
    if (patch.ends_at !== undefined) set.endsAt = endsAt;
    if (patch.customer_group_ids !== undefined) set.customerGroupIds = patch.customer_group_ids;
    if (patch.target !== undefined) {
      set.targetKind = patch.target.kind;
      set.targetValues = [...new Set(patch.target.values)];
    }
    if (patch.adjustment !== undefined) Object.assign(set, adjustmentColumns(patch.adjustment));
    const [after] = await tx.update(priceRules).set(set).where(eq(priceRules.id, priceRuleId)).returning();
    await emitRuleEvent(tx, storeId, 'price_rule.updated', after!);
    await auditAs(tx, options.actor, {
      storeId,
      action: 'price_rule.updated',
      entityType: 'price_rule',
      entityId: priceRuleId,
      before: priceRuleView(before),
      after: priceRuleView(after!),
    });
    return after!;
  });
}

export async function deletePriceRule(
  db: Db,
  options: { storeId: string; priceRuleId: string; actor?: Actor },
): Promise<void> {
  const { storeId, priceRuleId } = options;
  await pricingWrite(db, storeId, async (tx) => {
    const before = await findPriceRule(tx, storeId, priceRuleId, true);
    await tx.delete(priceRules).where(eq(priceRules.id, priceRuleId));
    await emitRuleEvent(tx, storeId, 'price_rule.deleted', before);
    await auditAs(tx, options.actor, {
      storeId,
      action: 'price_rule.deleted',
      entityType: 'price_rule',
      entityId: priceRuleId,
      before: priceRuleView(before),
    });
  });
}

// --- exchange rates -------------------------------------------------------------------------

/** Set the rate from one currency to another (insert or replace). */
export async function setExchangeRate(
  db: Db,
  options: { storeId: string; input: ExchangeRateInput; actor?: Actor },
): Promise<ExchangeRate> {
  const input = parseInput(ExchangeRateInput, options.input);
  const { storeId } = options;
  return pricingWrite(db, storeId, async (tx) => {
    const [old] = await tx
      .select()
      .from(exchangeRates)
      .where(
        and(
          eq(exchangeRates.storeId, storeId),
          eq(exchangeRates.baseCurrency, input.base_currency),
          eq(exchangeRates.quoteCurrency, input.quote_currency),
        ),
      );
    const [rate] = await tx
      .insert(exchangeRates)
      .values({
        id: newId('fx'),
        storeId,
        baseCurrency: input.base_currency,
        quoteCurrency: input.quote_currency,
        rate: input.rate,
      })
      .onConflictDoUpdate({
        target: [exchangeRates.storeId, exchangeRates.baseCurrency, exchangeRates.quoteCurrency],
        set: { rate: sql`excluded.rate`, updatedAt: sql`now()` },
      })
      .returning();
    const view = exchangeRateView(rate!);
    await emitEvent(tx, {
      storeId,
      type: 'exchange_rate.changed',
      aggregateType: 'exchange_rate',
      aggregateId: rate!.id,
      payload: { ...view, previous_rate: old ? exchangeRateView(old).rate : null },
    });
    await auditAs(tx, options.actor, {
      storeId,
      action: 'exchange_rate.changed',
      entityType: 'exchange_rate',
      entityId: rate!.id,
      before: old ? exchangeRateView(old) : null,
      after: view,
    });
    return rate!;
  });
}

export async function listExchangeRates(
  db: Db,
  options: { storeId: string; query: z.input<typeof PageQuery> },
): Promise<Page<ExchangeRate>> {
  const query = parseInput(PageQuery, options.query, 'querystring');
  const cursor = decodeCursor<{ id: string }>(query.cursor);
  const rows = await withStore(db, options.storeId, (tx) =>
    tx
      .select()
      .from(exchangeRates)
      .where(
        and(
          eq(exchangeRates.storeId, options.storeId),
          cursor ? gt(exchangeRates.id, String(cursor.id)) : undefined,
        ),
      )
      .orderBy(asc(exchangeRates.id))
      .limit(query.limit + 1),
  );
  return toPage(rows, query.limit, (r) => ({ id: r.id }));
}

export async function deleteExchangeRate(
  db: Db,
  options: { storeId: string; exchangeRateId: string; actor?: Actor },
): Promise<void> {
  const { storeId, exchangeRateId } = options;
  await pricingWrite(db, storeId, async (tx) => {
    const [gone] = await tx
      .delete(exchangeRates)
      .where(and(eq(exchangeRates.storeId, storeId), eq(exchangeRates.id, exchangeRateId)))
      .returning();
    if (!gone) throw new AppError('NOT_FOUND', `Exchange rate ${exchangeRateId} does not exist.`);
    await emitEvent(tx, {
      storeId,
      type: 'exchange_rate.deleted',
      aggregateType: 'exchange_rate',
      aggregateId: gone.id,
      payload: exchangeRateView(gone),
    });
    await auditAs(tx, options.actor, {
      storeId,
      action: 'exchange_rate.deleted',
      entityType: 'exchange_rate',
      entityId: gone.id,
      before: exchangeRateView(gone),
    });
  });
}

// --- quotes ---------------------------------------------------------------------------------

/**
 * The price `priceFor` gives, for an admin asking "why this price?": 404 for an unknown variant
 * (or another store's), 404 `NOT_FOUND` with a clear message when the variant has no price in
 * the currency and no exchange rate reaches it.
 */
export async function quotePrice(
  db: Db,
  options: { storeId: string; query: QuoteQuery },
): Promise<PriceQuote> {
  const q = parseInput(QuoteQuery, options.query, 'querystring');
  const { book, facts } = await pricingFacts(db, options.storeId, [q.variant_id]);
  const f = facts.get(q.variant_id);
  if (!f) throw new AppError('NOT_FOUND', `Variant ${q.variant_id} does not exist.`);
  const quote = resolvePrice(f, book, {
    currency: q.currency,
    quantity: q.quantity,
    customerGroupIds: (q.customer_group_ids ?? '')
      .split(',')
      .map((g) => g.trim())
      .filter(Boolean),
    locationId: q.location_id ?? null,
    at: q.at ? new Date(q.at) : new Date(),
  });
  if (!quote) {
    throw new AppError(
      'NOT_FOUND',
      `Variant ${q.variant_id} has no price in ${q.currency} and no exchange rate converts one to it.`,
    );
  }
  return quote;
}
