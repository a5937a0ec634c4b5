import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { minorUnitExponent } from '../../platform/money.ts';
import { decodeCursor, encodeCursor } from '../../platform/http/pagination.ts';
import { OPTION_SEPARATOR } from './indexer.ts';

export const SEARCH_SORTS = ['relevance', 'price_asc', 'price_desc', 'newest', 'title'] as const;
export type SearchSort = (typeof SEARCH_SORTS)[number];

export interface SearchInput {
  storeId: string;
  q?: string;
  /** The shopper's currency: prices, the price filter and price facets are in it. */
  currency: string;
  categoryIds?: string[];
  brands?: string[];
  price?: { min?: number; max?: number };
  /** Option name -> accepted values (values of one option OR, different options AND). */
  options?: Record<string, string[]>;
  inStock?: boolean;
  /** Only products in this manual collection (sort `manual` follows the collection's order). */
  collectionId?: string;
  /** Compute facet counts (default true); listings skip them. */
  facets?: boolean;
  sort?: SearchSort | 'manual';
  limit: number;
  cursor?: string;
}

export interface SearchHit {
  id: string;
  handle: string;
  title: string;
  brand: string | null;
  image_url: string | null;
  in_stock: boolean;
  price: { currency: string; min: number; max: number } | null;
  score: number;
}

export interface FacetValue {
  value: string;
  count: number;
}

/** A search's answer; the HTTP route adds a `search_id` per request (for click attribution). */
export interface SearchResult {
  data: SearchHit[];
  next_cursor: string | null;
  total: number;
  facets: {
    categories: (FacetValue & { name: string | null })[];
    brands: FacetValue[];
    prices: { min: number; max: number | null; count: number }[];
    options: { name: string; values: FacetValue[] }[];
    in_stock: { in_stock: number; out_of_stock: number };
  };
}

/** Lowercased, unaccented, collapsed whitespace: how queries are compared and recorded. */
export function normalizeQuery(q: string): string {
  return q
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/** Price facet bucket bounds in minor units: 10, 25, 50 … 1,000 "units" (1,000 VND is a unit). */
export function priceBuckets(currency: string): number[] {
  const unit =
    10 ** minorUnitExponent(currency) *
    (currency === 'VND' ? 1000 : currency === 'KRW' ? 100 : currency === 'JPY' ? 10 : 1);
  return [10, 25, 50, 100, 250, 500, 1000].map((b) => b * unit);
}

interface SortSpec {
  key: SQL;
  cast: SQL;
  dir: 'asc' | 'desc';
}

function sortSpec(sort: SearchSort | 'manual', rank: SQL | null, collectionId?: string): SortSpec {
  switch (sort) {
    case 'manual':
      if (collectionId)
        return { key: sql`(m.collections ->> ${collectionId})::int`, cast: sql`int`, dir: 'asc' };
      return sortSpec('newest', null);
    case 'relevance':
      if (rank) return { key: rank, cast: sql`float8`, dir: 'desc' };
      return sortSpec('newest', null);
    case 'price_asc':
      return { key: sql`coalesce(m.min_minor, 9000000000000000000)`, cast: sql`bigint`, dir: 'asc' };
    case 'price_desc':
      return { key: sql`coalesce(m.min_minor, -1)`, cast: sql`bigint`, dir: 'desc' };
    case 'newest':
      return { key: sql`m.created_us`, cast: sql`bigint`, dir: 'desc' };
    case 'title':
      return { key: sql`m.title_norm`, cast: sql`text`, dir: 'asc' };
  }
}

const AND = (parts: SQL[]) => (parts.length ? sql.join(parts, sql` AND `) : sql`true`);

/**
 * Full-text product search with filters, facets, sorts and keyset pagination, in one statement.
 *
 * The matched set `m` is computed once (text match, status, store), with one boolean column per
 * filter; results apply every filter, and each facet applies every filter but its own, so a
 * shopper who picked "Brand: Acme" still sees the other brands' counts.
 */
export async function searchProducts(db: Db, input: SearchInput): Promise<SearchResult> {
  const q = (input.q ?? '').trim();
  const qNorm = normalizeQuery(q);
  const sort = input.sort ?? 'relevance';
  const cursor = decodeCursor<{ k: string | number; id: string }>(input.cursor);
  if (
    cursor &&
    (typeof cursor.id !== 'string' || (typeof cursor.k !== 'string' && typeof cursor.k !== 'number'))
  ) {
    throw new AppError('VALIDATION_FAILED', 'The cursor is not one this API issued.', {
      errors: [{ path: 'querystring.cursor', message: 'invalid cursor' }],
    });
  }

  const tsq = sql`(websearch_to_tsquery('simple', carton_unaccent(${q})) || websearch_to_tsquery('english', carton_unaccent(${q})))`;
  const inCollection = input.collectionId ? sql`AND d.collections ? ${input.collectionId}` : sql``;
  const match = qNorm ? sql`AND (d.search_vector @@ ${tsq} OR d.skus @> ARRAY[${qNorm}]::text[])` : sql``;
  const rank = qNorm ? sql`m.rank` : null;
  const spec = sortSpec(sort, rank, input.collectionId);

  const fCat = input.categoryIds?.length
    ? sql`d.category_ids && ${sql.param(input.categoryIds)}::text[]`
    : sql`true`;
  const fBrand = input.brands?.length ? sql`d.brand = ANY (${sql.param(input.brands)}::text[])` : sql`true`;
  const priceParts: SQL[] = [];
  if (input.price?.min !== undefined)
    priceParts.push(sql`(d.prices -> ${input.currency} ->> 0)::bigint >= ${input.price.min}`);
  if (input.price?.max !== undefined)
    priceParts.push(sql`(d.prices -> ${input.currency} ->> 0)::bigint <= ${input.price.max}`);
  const fPrice = priceParts.length ? sql`coalesce(${AND(priceParts)}, false)` : sql`true`;
  const fStock = input.inStock ? sql`d.in_stock` : sql`true`;
  const optionFilters = Object.entries(input.options ?? {}).filter(([, values]) => values.length);
  const optionCols = optionFilters.map(
    ([name, values], i) =>
      sql`d.option_values && ${sql.param(values.map((v) => name + OPTION_SEPARATOR + v))}::text[] AS ${sql.raw(`f_opt_${i}`)}`,
  );
  const allOptions = optionFilters.map((_, i) => sql.raw(`m.f_opt_${i}`));
  // Ranked only for rows that pass every filter: ranking reads the whole tsvector.
  const passesAll = AND([
    fCat,
    fBrand,
    fPrice,
    fStock,
    ...optionFilters.map(
      ([name, values]) =>
        sql`d.option_values && ${sql.param(values.map((v) => name + OPTION_SEPARATOR + v))}::text[]`,
    ),
  ]);
  const rankInM = qNorm
    ? sql`CASE WHEN ${passesAll} THEN (ts_rank_cd('{0.1, 0.2, 0.4, 1.0}', d.search_vector, ${tsq})
        + CASE WHEN d.skus @> ARRAY[${qNorm}]::text[] THEN 1000 ELSE 0 END)::float8 END`
    : sql`0::float8`;

  const base = { cat: sql`m.f_cat`, brand: sql`m.f_brand`, price: sql`m.f_price`, stock: sql`m.f_stock` };
  const except = (skip: keyof typeof base | 'options') =>
    AND([
      ...Object.entries(base)
        .filter(([k]) => k !== skip)
        .map(([, v]) => v),
      ...(skip === 'options' ? [] : allOptions),
    ]);
  const all = AND([...Object.values(base), ...allOptions]);
  // Option facets: each option name ignores its own filter but not the other options'.
  const optionFacetFilter = AND(
    optionFilters.map(
      ([name], i) => sql`(split_part(ov, ${OPTION_SEPARATOR}, 1) = ${name} OR ${sql.raw(`m.f_opt_${i}`)})`,
    ),
  );

  const dirSql = sql.raw(spec.dir === 'desc' ? 'DESC' : 'ASC');
  const keyset = cursor
    ? spec.dir === 'desc'
      ? sql`AND (x.k < ${String(cursor.k)}::${spec.cast} OR (x.k = ${String(cursor.k)}::${spec.cast} AND x.product_id > ${cursor.id}))`
      : sql`AND (x.k > ${String(cursor.k)}::${spec.cast} OR (x.k = ${String(cursor.k)}::${spec.cast} AND x.product_id > ${cursor.id}))`
    : sql``;
  const buckets = priceBuckets(input.currency);

  const facetsSql =
    input.facets === false
      ? sql`'[]'::json AS categories, '[]'::json AS brands, '[]'::json AS prices, '[]'::json AS options,
          json_build_object('in_stock', 0, 'out_of_stock', 0) AS stock`
      : sql`
      (SELECT coalesce(json_agg(f ORDER BY f.count DESC, f.value), '[]') FROM (
        -- Count first, then name the (at most 100) categories counted: not a join per matched row.
        SELECT c.value, c.count, sc.name FROM (
          SELECT cid AS value, count(*)::int AS count
          FROM m CROSS JOIN unnest(m.category_ids) AS cid
          WHERE ${except('cat')} GROUP BY cid ORDER BY count(*) DESC, cid LIMIT 100) c
        LEFT JOIN search_categories sc ON sc.store_id = ${input.storeId} AND sc.category_id = c.value) f) AS categories,
      (SELECT coalesce(json_agg(f), '[]') FROM (
        SELECT m.brand AS value, count(*)::int AS count FROM m
        WHERE m.brand IS NOT NULL AND ${except('brand')} GROUP BY m.brand ORDER BY count(*) DESC, m.brand LIMIT 50) f) AS brands,
      (SELECT coalesce(json_agg(f ORDER BY f.bucket), '[]') FROM (
        SELECT width_bucket(m.min_minor, ${sql.param(buckets)}::bigint[]) AS bucket, count(*)::int AS count FROM m
        WHERE m.min_minor IS NOT NULL AND ${except('price')} GROUP BY 1) f) AS prices,
      (SELECT coalesce(json_agg(f), '[]') FROM (
        SELECT split_part(ov, ${OPTION_SEPARATOR}, 1) AS name, split_part(ov, ${OPTION_SEPARATOR}, 2) AS value, count(*)::int AS count
        FROM m CROSS JOIN unnest(m.option_values) AS ov
        WHERE ${except('options')} AND ${optionFacetFilter}
        GROUP BY ov ORDER BY count(*) DESC, ov LIMIT 200) f) AS options,
      (SELECT json_build_object('in_stock', count(*) FILTER (WHERE m.in_stock), 'out_of_stock', count(*) FILTER (WHERE NOT m.in_stock))
        FROM m WHERE ${except('stock')}) AS stock`;

  const statement = sql`
    WITH m AS ${input.facets === false ? sql`NOT MATERIALIZED` : sql`MATERIALIZED`} (
      SELECT d.product_id, d.handle, d.title, d.title_norm, d.brand, d.image_url, d.in_stock, d.category_ids,
        d.option_values, d.collections, (extract(epoch FROM d.product_created_at) * 1000000)::bigint AS created_us,
        (d.prices -> ${input.currency} ->> 0)::bigint AS min_minor, (d.prices -> ${input.currency} ->> 1)::bigint AS max_minor,
        ${rankInM} AS rank,
        ${fCat} AS f_cat, ${fBrand} AS f_brand, ${fPrice} AS f_price, ${fStock} AS f_stock
        ${optionCols.length ? sql`, ${sql.join(optionCols, sql`, `)}` : sql``}
      FROM search_documents d
      WHERE d.store_id = ${input.storeId} AND d.status = 'active' ${inCollection} ${match}
    )
    SELECT
      (SELECT coalesce(json_agg(h), '[]') FROM (
        SELECT x.product_id AS id, x.handle, x.title, x.brand, x.image_url, x.in_stock, x.min_minor, x.max_minor,
          ${spec.key === rank ? sql`x.k` : sql`0::float8`} AS score, x.k::text AS sort_key
        FROM (SELECT m.*, ${spec.key} AS k FROM m WHERE ${all}) x
        WHERE true ${keyset}
        ORDER BY x.k ${dirSql}, x.product_id ASC LIMIT ${input.limit + 1}) h) AS hits,
      (SELECT count(*) FROM m WHERE ${all}) AS total,
      ${facetsSql}
  `;

  // Not under RLS (indexes on @@ are unusable there): every clause above filters on the store.
  const row = (await db.execute(statement)).rows[0]!;
  type HitRow = {
    id: string;
    handle: string;
    title: string;
    brand: string | null;
    image_url: string | null;
    in_stock: boolean;
    min_minor: number | null;
    max_minor: number | null;
    score: number;
    sort_key: string;
  };
  const hits = row.hits as HitRow[];
  const hasMore = hits.length > input.limit;
  const page = hasMore ? hits.slice(0, input.limit) : hits;
  const last = page[page.length - 1];
  const priceRows = row.prices as { bucket: number; count: number }[];
  const optionRows = row.options as { name: string; value: string; count: number }[];
  const optionFacets = new Map<string, FacetValue[]>();
  for (const o of optionRows) {
    const values = optionFacets.get(o.name) ?? [];
    values.push({ value: o.value, count: o.count });
    optionFacets.set(o.name, values);
  }
  return {
    data: page.map((h) => ({
      id: h.id,
      handle: h.handle,
      title: h.title,
      brand: h.brand,
      image_url: h.image_url,
      in_stock: h.in_stock,
      price:
        h.min_minor === null
          ? null
          : { currency: input.currency, min: Number(h.min_minor), max: Number(h.max_minor) },
      score: h.score,
    })),
    next_cursor: hasMore && last ? encodeCursor({ k: last.sort_key, id: last.id }) : null,
    total: Number(row.total),
    facets: {
      categories: row.categories as SearchResult['facets']['categories'],
      brands: row.brands as FacetValue[],
      prices: priceRows.map((p) => ({
        min: p.bucket === 0 ? 0 : buckets[p.bucket - 1]!,
        max: p.bucket >= buckets.length ? null : buckets[p.bucket]! - 1,
        count: p.count,
      })),
      options: [...optionFacets].map(([name, values]) => ({ name, values })),
      in_stock: row.stock as { in_stock: number; out_of_stock: number },
    },
  };
}

export interface Suggestion {
  type: 'product' | 'category';
  id: string;
  handle: string;
  title: string;
}

/**
 * Typo-tolerant prefix suggestions. The last word typed is matched against the store's dictionary
 * of title words (`search_terms`: prefix, or trigram similarity for typos — "hodie" → "hoodie"),
 * a few thousand rows rather than every title; the best few completions, ANDed with the words
 * before it, become a prefix tsquery that finds products through the full-text GIN index, best
 * title matches first. Categories match by trigram word similarity on their names.
 */
export async function autocomplete(
  db: Db,
  input: { storeId: string; q: string; limit: number },
): Promise<Suggestion[]> {
  const q = normalizeQuery(input.q);
  // Up to four words, each completed by prefix or corrected by similarity.
  const words = q
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .slice(0, 4);
  if (words.length === 0) return [];
  // Not under RLS (trigram and tsquery operators cannot use indexes there): every clause filters on the store.
  const rows = await db.execute(sql`
    WITH cand AS (
      SELECT w.i, c.term
      FROM unnest(${sql.param(words)}::text[]) WITH ORDINALITY AS w(word, i)
      CROSS JOIN LATERAL (
        SELECT term FROM (
          (SELECT term, true AS prefix, 1::real AS sim FROM search_terms
            WHERE store_id = ${input.storeId} AND term LIKE w.word || '%' -- words hold only letters and digits: no LIKE wildcards
            ORDER BY length(term), term LIMIT 3)
          UNION ALL
          (SELECT term, false, similarity(term, w.word) FROM search_terms
            WHERE store_id = ${input.storeId}
            ORDER BY term <-> w.word LIMIT 3)
        ) c
        WHERE prefix OR sim >= 0.25
        ORDER BY prefix DESC, sim DESC
        LIMIT 3
      ) c
    ), tq AS (
      -- Every word must match one of its completions.
      SELECT to_tsquery('simple', string_agg('(' || alts || ')', ' & ')) AS q
      FROM (SELECT i, string_agg(DISTINCT quote_literal(term) || ':*', ' | ') AS alts FROM cand GROUP BY i) x
      HAVING count(*) = ${words.length}
    )
    (SELECT 'category' AS type, category_id AS id, handle, name AS title
      FROM search_categories
      WHERE store_id = ${input.storeId} AND word_similarity(${q}, name_norm) >= 0.5
      ORDER BY word_similarity(${q}, name_norm) DESC, name_norm LIMIT 3)
    UNION ALL
    (SELECT 'product', c.product_id, c.handle, c.title FROM (
      -- The first matches found (at most 200), ranked: a common word's thousands of matches are
      -- not all read while the shopper types.
      SELECT d.product_id, d.handle, d.title, d.title_norm, d.search_vector, tq.q
      FROM search_documents d, tq
      WHERE d.store_id = ${input.storeId} AND d.status = 'active' AND d.search_vector @@ tq.q
      LIMIT 200) c
      ORDER BY ts_rank_cd('{0.1, 0.2, 0.4, 1.0}', c.search_vector, c.q) DESC, c.title_norm, c.product_id
      LIMIT ${input.limit})
  `);
  return rows.rows.map((r) => ({
    type: r.type as Suggestion['type'],
    id: r.id as string,
    handle: r.handle as string,
    title: r.title as string,
  }));
}
