import { sql } from 'drizzle-orm';
import type { Platform } from '../../platform/context.ts';
import { withStore, type Db, type Tx } from '../../platform/db/database.ts';
import { getStore } from '../tenancy/service.ts';
import {
  resolvePrice,
  type PriceContext,
  type PriceQuote,
  type PriceRuleFact,
  type StorePricingBook,
  type VariantPricingFacts,
} from './resolve.ts';

export type { PriceQuote } from './resolve.ts';

/**
 * `priceFor` / `pricesFor`: a variant's price in a shopper's context. The facts behind an answer
 * (a variant's prices and list entries, its product's brand/tags/categories; a store's price
 * lists, rules and rates) are cached in process and the answer is computed per call, so time
 * windows need no invalidation. Any pricing change bumps the store's generation: on this node
 * right after commit, on other nodes through NOTIFY `carton_pricing`, and through the outbox
 * subscriber (see events.ts).
 */

export interface PriceRequest {
  storeId: string;
  currency: string;
  /** Units being bought (quantity tiers); 1 when omitted. */
  quantity?: number;
  /** The shopper's customer groups (price lists and rules limited to groups). */
  customerGroupIds?: readonly string[];
  /** The stock location (warehouse) serving the order, for per-location prices. */
  locationId?: string | null;
  /** The moment priced; now when omitted. */
  at?: Date;
}

const MAX_VARIANTS = 5_000;
const MAX_BOOKS = 1_000;
/** Bounds how stale cached facts can be if a catalog change's invalidation is missed. */
const FACTS_TTL_MS = 5 * 60_000;

interface Cached<T> {
  generation: number;
  loadedAt: number;
  value: T;
}

/** A Map used as an LRU: reads move the key to the end, inserts evict from the front. */
class Lru<T> {
  readonly #max: number;
  readonly #map = new Map<string, T>();
  constructor(max: number) {
    this.#max = max;
  }
  get(key: string): T | undefined {
    const v = this.#map.get(key);
    if (v === undefined) return undefined;
    this.#map.delete(key);
    this.#map.set(key, v);
    return v;
  }
  set(key: string, value: T): void {
    this.#map.delete(key);
    this.#map.set(key, value);
    while (this.#map.size > this.#max) this.#map.delete(this.#map.keys().next().value!);
  }
  clear(): void {
    this.#map.clear();
  }
  get size(): number {
    return this.#map.size;
  }
}

const generations = new Map<string, number>();
const books = new Lru<Cached<StorePricingBook>>(MAX_BOOKS);
const variantFacts = new Lru<Cached<VariantPricingFacts>>(MAX_VARIANTS);
let loads = 0;

const generationOf = (storeId: string) => generations.get(storeId) ?? 0;

function fresh<T>(entry: Cached<T> | undefined, storeId: string): entry is Cached<T> {
  return !!entry && entry.generation === generationOf(storeId) && Date.now() - entry.loadedAt < FACTS_TTL_MS;
}

/** Forget every cached pricing fact of a store (its next price is read from the database). */
export function invalidateStorePrices(storeId: string): void {
  generations.set(storeId, generationOf(storeId) + 1);
}

/** Forget everything (the invalidation channel was lost, so changes may have been missed). */
export function invalidateAllPrices(): void {
  books.clear();
  variantFacts.clear();
}

/** For tests and diagnostics: how many times facts were loaded from the database. */
export function pricingCacheStats(): { loads: number; variants: number; books: number } {
  return { loads, variants: variantFacts.size, books: books.size };
}

function dbOf(source: Platform | Db): Db {
  return 'database' in source && 'config' in source ? source.db : (source as Db);
}

export async function loadStoreBook(tx: Tx, storeId: string): Promise<StorePricingBook> {
  const store = await getStore(tx, storeId);
  const result = await tx.execute(sql`
    SELECT
      COALESCE((SELECT json_agg(json_build_object(
        'id', l.id, 'name', l.name, 'status', l.status, 'priority', l.priority,
        'starts_at', l.starts_at, 'ends_at', l.ends_at, 'customer_group_ids', l.customer_group_ids))
        FROM price_lists l WHERE l.store_id = ${storeId} AND l.status = 'active'), '[]') AS lists,
      COALESCE((SELECT json_agg(json_build_object(
        'id', r.id, 'name', r.name, 'status', r.status, 'priority', r.priority,
        'starts_at', r.starts_at, 'ends_at', r.ends_at, 'customer_group_ids', r.customer_group_ids,
        'target_kind', r.target_kind, 'target_values', r.target_values,
        'adjustment_kind', r.adjustment_kind, 'adjustment_value', r.adjustment_value, 'currency', r.currency))
        FROM price_rules r WHERE r.store_id = ${storeId} AND r.status = 'active'), '[]') AS rules,
      COALESCE((SELECT json_agg(json_build_object(
        'id', x.id, 'base', x.base_currency, 'quote', x.quote_currency, 'rate', x.rate::text))
        FROM exchange_rates x WHERE x.store_id = ${storeId}), '[]') AS rates
  `);
  const row = result.rows[0] as { lists: RawWindowed[]; rules: RawRule[]; rates: RawRate[] };
  return {
    storeCurrency: store.currency,
    lists: new Map(row.lists.map((l) => [l.id, windowed(l)])),
    rules: row.rules.map((r): PriceRuleFact => ({
      ...windowed(r),
      targetKind: r.target_kind,
      targetValues: r.target_values,
      adjustmentKind: r.adjustment_kind,
      adjustmentValue: Number(r.adjustment_value),
      currency: r.currency,
    })),
    rates: row.rates.map((x) => ({ id: x.id, baseCurrency: x.base, quoteCurrency: x.quote, rate: x.rate })),
  };
}

interface RawWindowed {
  id: string;
  name: string;
  status: 'active' | 'draft';
  priority: number;
  starts_at: string | null;
  ends_at: string | null;
  customer_group_ids: string[];
}
interface RawRule extends RawWindowed {
  target_kind: PriceRuleFact['targetKind'];
  target_values: string[];
  adjustment_kind: PriceRuleFact['adjustmentKind'];
  adjustment_value: number | string;
  currency: string | null;
}
interface RawRate {
  id: string;
  base: string;
  quote: string;
  rate: string;
}

function windowed(r: RawWindowed) {
  return {
    id: r.id,
    name: r.name,
    status: r.status,
    priority: r.priority,
    startsAt: r.starts_at ? new Date(r.starts_at) : null,
    endsAt: r.ends_at ? new Date(r.ends_at) : null,
    customerGroupIds: r.customer_group_ids,
  };
}

/**
 * One query for any number of variants: each variant with its product's brand, tags and
 * category paths, its prices and its price-list entries. Variants of other stores are invisible
 * (RLS and the store filter), so they come back missing.
 *
 * The catalog columns read here (variants.product_id; products.brand, tags; categories.path) are
 * the only catalog data pricing touches, read-only, in this one statement, so listings stay one
 * round trip.
 */
export async function loadVariantFacts(
  tx: Tx,
  storeId: string,
  variantIds: readonly string[],
): Promise<VariantPricingFacts[]> {
  if (variantIds.length === 0) return [];
  const result = await tx.execute(sql`
    SELECT v.id AS variant_id, v.product_id, p.brand, p.tags,
      COALESCE((SELECT array_agg(c.path) FROM product_categories pc
                JOIN categories c ON c.id = pc.category_id
                WHERE pc.product_id = v.product_id), '{}') AS category_paths,
      COALESCE((SELECT json_agg(json_build_object('id', pr.id, 'currency', pr.currency,
                  'amount', pr.amount, 'compare_at_amount', pr.compare_at_amount))
                FROM prices pr WHERE pr.variant_id = v.id), '[]') AS prices,
      COALESCE((SELECT json_agg(json_build_object('id', e.id, 'price_list_id', e.price_list_id,
                  'currency', e.currency, 'amount', e.amount, 'compare_at_amount', e.compare_at_amount,
                  'min_quantity', e.min_quantity, 'location_id', e.location_id))
                FROM price_list_entries e WHERE e.variant_id = v.id), '[]') AS entries
    FROM variants v JOIN products p ON p.id = v.product_id
    WHERE v.store_id = ${storeId} AND v.id = ANY(${sql.param([...variantIds])}::text[])
  `);
  return (result.rows as unknown as RawFacts[]).map((r) => ({
    variantId: r.variant_id,
    productId: r.product_id,
    brand: r.brand,
    tags: r.tags ?? [],
    categoryPaths: r.category_paths ?? [],
    prices: r.prices.map((p) => ({
      id: p.id,
      currency: p.currency,
      amount: Number(p.amount),
      compareAtAmount: p.compare_at_amount === null ? null : Number(p.compare_at_amount),
    })),
    entries: r.entries.map((e) => ({
      id: e.id,
      priceListId: e.price_list_id,
      currency: e.currency,
      amount: Number(e.amount),
      compareAtAmount: e.compare_at_amount === null ? null : Number(e.compare_at_amount),
      minQuantity: e.min_quantity,
      locationId: e.location_id,
    })),
  }));
}

interface RawFacts {
  variant_id: string;
  product_id: string;
  brand: string | null;
  tags: string[] | null;
  category_paths: string[] | null;
  prices: { id: string; currency: string; amount: number; compare_at_amount: number | null }[];
  entries: {
    id: string;
    price_list_id: string;
    currency: string;
    amount: number;
    compare_at_amount: number | null;
    min_quantity: number;
    location_id: string | null;
  }[];
}

/**
 * Facts for the variants (cached ones from memory, the rest in one query) and the store's book.
 * Unknown variants (or another store's) are absent from the map.
 */
export async function pricingFacts(
  source: Platform | Db,
  storeId: string,
  variantIds: readonly string[],
): Promise<{ book: StorePricingBook; facts: Map<string, VariantPricingFacts> }> {
  const facts = new Map<string, VariantPricingFacts>();
  const missing: string[] = [];
  for (const id of new Set(variantIds)) {
    const hit = variantFacts.get(`${storeId}:${id}`);
    if (fresh(hit, storeId)) facts.set(id, hit.value);
    else missing.push(id);
  }
  let bookEntry = books.get(storeId);
  if (missing.length === 0 && fresh(bookEntry, storeId)) return { book: bookEntry.value, facts };

  // Taken before reading: a change committed while we read makes these facts stale on arrival.
  const generation = generationOf(storeId);
  const needBook = !fresh(bookEntry, storeId);
  const { book, loaded } = await withStore(dbOf(source), storeId, async (tx) => ({
    book: needBook ? await loadStoreBook(tx, storeId) : bookEntry!.value,
    loaded: await loadVariantFacts(tx, storeId, missing),
  }));
  loads++;
  const now = Date.now();
  if (needBook) {
    bookEntry = { generation, loadedAt: now, value: book };
    books.set(storeId, bookEntry);
  }
  for (const f of loaded) {
    variantFacts.set(`${storeId}:${f.variantId}`, { generation, loadedAt: now, value: f });
    facts.set(f.variantId, f);
  }
  return { book, facts };
}

function contextOf(request: PriceRequest): PriceContext {
  return {
    currency: request.currency,
    quantity: request.quantity ?? 1,
    customerGroupIds: request.customerGroupIds ?? [],
    locationId: request.locationId ?? null,
    at: request.at ?? new Date(),
  };
}

/**
 * The price of many variants (a product's variants, a listing page) in one context: at most one
 * database round trip, none when cached. Unknown variants, and variants with no price in the
 * currency (nor through an exchange rate), map to null.
 */
export async function pricesFor(
  source: Platform | Db,
  request: PriceRequest & { variantIds: readonly string[] },
): Promise<Map<string, PriceQuote | null>> {
  const { book, facts } = await pricingFacts(source, request.storeId, request.variantIds);
  const ctx = contextOf(request);
  const out = new Map<string, PriceQuote | null>();
  for (const id of request.variantIds) {
    const f = facts.get(id);
    out.set(id, f ? resolvePrice(f, book, ctx) : null);
  }
  return out;
}

/** The price of one variant in a context and the rule that produced it; null when it has none. */
export async function priceFor(
  source: Platform | Db,
  request: PriceRequest & { variantId: string },
): Promise<PriceQuote | null> {
  const prices = await pricesFor(source, { ...request, variantIds: [request.variantId] });
  return prices.get(request.variantId) ?? null;
}
