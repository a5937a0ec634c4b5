import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requirePermission, storeOf } from '../../platform/auth/principal.ts';
import type { Platform } from '../../platform/context.ts';
import type { App } from '../../platform/http/app.ts';
import { CurrencyCode } from '../tenancy/service.ts';
import { STOREFRONT_PERMISSION } from '../identity/permissions.ts';
import { SearchAnalyticsRecorder, searchAnalytics } from './analytics.ts';
import { reindexStore } from './indexer.ts';
import { auditContext, recordAudit } from '../audit/service.ts';
import { withStore } from '../../platform/db/database.ts';
import { newId } from '../../platform/ids.ts';
import { listen } from '../../platform/events/listener.ts';
import { SEARCH_INDEX_CHANNEL, SearchAnswerCache } from './answer-cache.ts';
import {
  autocomplete,
  normalizeQuery,
  SEARCH_SORTS,
  searchProducts,
  type SearchResult,
  type Suggestion,
} from './search.ts';
import { storeCurrency } from './store-defaults.ts';

const TAGS = ['search'];
const KEY = [{ publishableKey: [] }];
const KEY_ONLY = { authentication: 'key', idempotency: false } as const;

/** A query parameter that may repeat (`?brand=a&brand=b`). */
const Many = z
  .union([z.string().max(200), z.array(z.string().max(200)).max(50)])
  .transform((v) => (Array.isArray(v) ? v : [v]));

/** `min-max` in minor units of the shopper's currency; either side may be left out (`-5000`, `1000-`). */
const PriceRange = z
  .string()
  .regex(/^\d{0,15}-\d{0,15}$/, 'expected min-max in minor units, e.g. 1000-5000')
  .transform((v) => {
    const [a, b] = v.split('-');
    return { min: a ? Number(a) : undefined, max: b ? Number(b) : undefined };
  })
  .refine((r) => r.min === undefined || r.max === undefined || r.min <= r.max, 'min is greater than max');

/** `Name:Value`, e.g. `Size:M`. */
const OptionFilter = Many.pipe(
  z.array(z.string().regex(/^[^:]{1,100}:.{1,200}$/, 'expected Name:Value, e.g. Size:M')),
);

export const SearchQuery = z.object({
  q: z.string().max(200).optional(),
  currency: CurrencyCode.optional(),
  category: Many.transform((v) => v.flatMap((x) => x.split(',')).filter(Boolean)).optional(),
  brand: Many.optional(),
  price: PriceRange.optional(),
  option: OptionFilter.optional(),
  in_stock: z.enum(['true', 'false']).optional(),
  sort: z.enum(SEARCH_SORTS).default('relevance'),
  limit: z.coerce.number().int().min(1).max(100).default(24),
  cursor: z.string().max(512).optional(),
});

const FacetValue = z.object({ value: z.string(), count: z.number().int() });
/** A search's answer, as cached: everything but the per-request `search_id`. */
const SearchAnswer = z.object({
  data: z.array(
    z.object({
      id: z.string(),
      handle: z.string(),
      title: z.string(),
      brand: z.string().nullable(),
      image_url: z.string().nullable(),
      in_stock: z.boolean(),
      price: z.object({ currency: z.string(), min: z.number().int(), max: z.number().int() }).nullable(),
      score: z.number(),
    }),
  ),
  next_cursor: z.string().nullable(),
  total: z.number().int(),
  facets: z.object({
    categories: z.array(FacetValue.extend({ name: z.string().nullable() })),
    brands: z.array(FacetValue),
    prices: z.array(
      z.object({ min: z.number().int(), max: z.number().int().nullable(), count: z.number().int() }),
    ),
    options: z.array(z.object({ name: z.string(), values: z.array(FacetValue) })),
    in_stock: z.object({ in_stock: z.number().int(), out_of_stock: z.number().int() }),
  }),
});
const SearchOut = z
  .object({ search_id: z.string().describe('Send it back with POST /store/v1/search/clicks') })
  .extend(SearchAnswer.shape);

/** An answer validated and serialized once, when computed; every request that reuses it sends these bytes. */
interface SerializedAnswer {
  /** `{"data":…}`: the answer's JSON, to which each response prepends its search_id. */
  json: string;
  total: number;
}

function serializeAnswer(answer: SearchResult): SerializedAnswer {
  return { json: JSON.stringify(SearchAnswer.parse(answer)), total: answer.total };
}

function optionsOf(pairs: string[] | undefined): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const pair of pairs ?? []) {
    const i = pair.indexOf(':');
    (out[pair.slice(0, i)] ??= []).push(pair.slice(i + 1));
  }
  return out;
}

export async function searchRoutes(app: App, platform: Platform): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const needsKey = requirePermission(STOREFRONT_PERMISSION);
  const recorder = new SearchAnalyticsRecorder({ db: platform.db, log: platform.log });
  const ttlMs = platform.config.SEARCH_CACHE_TTL_SECONDS * 1000;
  const answers = new SearchAnswerCache<SerializedAnswer>('search', ttlMs);
  const suggestions = new SearchAnswerCache<Suggestion[]>('autocomplete', ttlMs);
  const unlisten = await listen(platform.database, SEARCH_INDEX_CHANNEL, (storeId) => {
    for (const cache of [answers, suggestions]) {
      if (storeId === null)
        cache.clear(); // reconnected: changes may have been missed
      else cache.noteChange(storeId);
    }
  });
  app.addHook('onClose', async () => {
    await unlisten();
    await recorder.close();
  });

  r.get(
    '/store/v1/search',
    {
      config: KEY_ONLY,
      preHandler: needsKey,
      schema: {
        tags: TAGS,
        summary: 'Search products',
        description:
          'Full-text search over active products with filters, facet counts (each facet ignores its own filter), sorts and cursor pagination. `price` is `min-max` in minor units of `currency` (default: the store currency); `option` repeats as `Name:Value`; `category` includes descendants.',
        security: KEY,
        querystring: SearchQuery,
        response: { 200: SearchOut },
      },
    },
    async (req, reply) => {
      const storeId = storeOf(req);
      const query = req.query;
      const currency = query.currency ?? (await storeCurrency(platform.db, storeId));
      const queryNorm = normalizeQuery(query.q ?? '');
      const input = {
        storeId,
        q: query.q,
        currency,
        categoryIds: query.category,
        brands: query.brand,
        price: query.price,
        options: optionsOf(query.option),
        inStock: query.in_stock === 'true',
        sort: query.sort,
        limit: query.limit,
        cursor: query.cursor,
      };
      // The query as compared (case, accents and spacing do not change the answer) and every filter, in a fixed order.
      const key = JSON.stringify([
        queryNorm,
        currency,
        query.category?.toSorted(),
        query.brand?.toSorted(),
        query.price,
        query.option?.toSorted(),
        input.inStock,
        query.sort,
        query.limit,
        query.cursor,
      ]);
      const answer = await answers.get(storeId, key, async () =>
        serializeAnswer(await searchProducts(platform.db, input)),
      );
      const searchId = newId('srch');
      // Only the first page of a typed query counts as a search.
      if (queryNorm && !query.cursor) {
        recorder.recordQuery({ id: searchId, storeId, queryNorm, resultCount: answer.total });
      }
      // Validated when it was made (SearchAnswer); the search id is an id, nothing to escape.
      return reply
        .type('application/json; charset=utf-8')
        .serializer((body: unknown) => body as string)
        .send(`{"search_id":"${searchId}",${answer.json.slice(1)}` as never); // already JSON
    },
  );

  r.get(
    '/store/v1/search/autocomplete',
    {
      config: KEY_ONLY,
      preHandler: needsKey,
      schema: {
        tags: TAGS,
        summary: 'Typo-tolerant suggestions while typing',
        security: KEY,
        querystring: z.object({
          q: z.string().min(1).max(100),
          limit: z.coerce.number().int().min(1).max(20).default(8),
        }),
        response: {
          200: z.object({
            data: z.array(
              z.object({
                type: z.enum(['product', 'category']),
                id: z.string(),
                handle: z.string(),
                title: z.string(),
              }),
            ),
          }),
        },
      },
    },
    async (req) => {
      const storeId = storeOf(req);
      const { q, limit } = req.query;
      const key = JSON.stringify([normalizeQuery(q), limit]);
      return {
        data: await suggestions.get(storeId, key, () => autocomplete(platform.db, { storeId, q, limit })),
      };
    },
  );

  r.post(
    '/store/v1/search/clicks',
    {
      config: KEY_ONLY,
      preHandler: needsKey,
      schema: {
        tags: TAGS,
        summary: 'Record a click on a search result',
        security: KEY,
        body: z.object({
          search_id: z.string().regex(/^srch_[0-9A-Za-z]{1,64}$/, 'a search_id from GET /store/v1/search'),
          product_id: z.string().min(1).max(100),
          position: z.number().int().min(0).max(10_000).optional(),
        }),
        response: { 202: z.object({ accepted: z.literal(true) }) },
      },
    },
    async (req, reply) => {
      recorder.recordClick({
        storeId: storeOf(req),
        searchId: req.body.search_id,
        productId: req.body.product_id,
        position: req.body.position ?? null,
      });
      return reply.code(202).send({ accepted: true as const });
    },
  );

  r.post(
    '/admin/v1/search/reindex',
    {
      preHandler: requirePermission('catalog.manage'),
      schema: {
        tags: TAGS,
        summary: "Rebuild the store's search index from the catalog",
        description:
          'Needed only after bulk changes that emitted no product events; normal edits reindex within a second.',
        response: { 200: z.object({ indexed: z.number().int() }) },
      },
    },
    async (req) => {
      const storeId = storeOf(req);
      const indexed = await reindexStore(platform.db, { storeId });
      await withStore(platform.db, storeId, (tx) =>
        recordAudit(tx, {
          ...auditContext(req),
          action: 'search.reindexed',
          entityType: 'store',
          entityId: storeId,
          before: null,
          after: { indexed },
        }),
      );
      return { indexed };
    },
  );

  r.get(
    '/admin/v1/search/analytics',
    {
      preHandler: requirePermission('search.analytics.read'),
      schema: {
        tags: TAGS,
        summary: 'Search analytics: top queries, zero-result queries, click-through',
        querystring: z.object({
          days: z.coerce.number().int().min(1).max(365).default(30),
          limit: z.coerce.number().int().min(1).max(100).default(20),
        }),
        response: {
          200: z.object({
            searches: z.number().int(),
            clicks: z.number().int(),
            click_through_rate: z.number(),
            zero_result_rate: z.number(),
            top_queries: z.array(
              z.object({
                query: z.string(),
                searches: z.number().int(),
                avg_results: z.number(),
                clicks: z.number().int(),
                click_through_rate: z.number(),
              }),
            ),
            zero_result_queries: z.array(
              z.object({ query: z.string(), searches: z.number().int(), last_searched_at: z.string() }),
            ),
          }),
        },
      },
    },
    async (req) => {
      // Flush this process's buffer first, so what was just searched shows up.
      await recorder.flush();
      return searchAnalytics(platform.db, { storeId: storeOf(req), ...req.query });
    },
  );
}
