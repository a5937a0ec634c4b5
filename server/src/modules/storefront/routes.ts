import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requirePermission, storeOf } from '../../platform/auth/principal.ts';
import type { Platform } from '../../platform/context.ts';
import type { App } from '../../platform/http/app.ts';
import { STOREFRONT_PERMISSION } from '../identity/permissions.ts';
import { searchProducts } from '../search/search.ts';
import { CurrencyCode } from '../tenancy/service.ts';
import { listenForEvictions } from './events.ts';
import { getShopperProduct } from './products.ts';
import { storeCurrency } from '../search/store-defaults.ts';

const TAGS = ['storefront'];
const KEY = [{ publishableKey: [] }];
const KEY_ONLY = { authentication: 'key', idempotency: false } as const;

const Locale = z
  .string()
  .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$/, 'a locale such as en or vi-VN')
  .describe('Translation to use (falls back to the language, then to the store default)');

const DetailQuery = z.object({ locale: Locale.optional(), currency: CurrencyCode.optional() });

const Money = z.object({
  amount: z.number().int(),
  currency: z.string(),
  compare_at_amount: z.number().int().nullable(),
});
export const ShopperProductOut = z.object({
  id: z.string(),
  handle: z.string(),
  title: z.string(),
  description: z.string().describe('Markdown'),
  brand: z.string().nullable(),
  vendor: z.string().nullable(),
  product_type: z.string().nullable(),
  tags: z.array(z.string()),
  seo: z.object({ title: z.string().nullable(), description: z.string().nullable() }),
  locale: z.string().nullable().describe('The translation used, or null for the default text'),
  currency: z.string(),
  requires_shipping: z
    .boolean()
    .describe(
      'False for digital goods and services: a cart of only these asks no shipping address or method',
    ),
  gift_card: z
    .boolean()
    .describe(
      'A gift card: each unit bought is a card worth its price, its code e-mailed to the buyer once paid',
    ),
  personalization: z
    .array(z.object({ name: z.string(), required: z.boolean(), max_length: z.number().int() }))
    .describe(
      'Fields to ask the shopper (an engraving): send the answers as the cart line’s `properties`, by name',
    ),
  category_ids: z.array(z.string()),
  options: z.array(z.object({ name: z.string(), position: z.number().int(), values: z.array(z.string()) })),
  images: z.array(
    z.object({
      id: z.string(),
      url: z.string(),
      alt: z.string(),
      position: z.number().int(),
      is_primary: z.boolean(),
      variant_id: z.string().nullable(),
    }),
  ),
  variants: z.array(
    z.object({
      id: z.string(),
      sku: z.string(),
      title: z.string(),
      option_values: z.record(z.string(), z.string()),
      weight_grams: z.number().int().nullable(),
      price: Money.nullable(),
      available: z.number().int().describe('Units that can be bought now (summed over locations)'),
      in_stock: z.boolean(),
    }),
  ),
  price_range: z.object({ min: z.number().int(), max: z.number().int() }).nullable(),
  in_stock: z.boolean(),
});

const Id = z.string().min(1).max(100);
const Handle = z.string().min(1).max(255);

/** Shopper-facing product reads (publishable key): detail by id or handle, listings. Active products only. */
export async function storefrontRoutes(app: App, platform: Platform): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const needsKey = requirePermission(STOREFRONT_PERMISSION);
  const unlisten = await listenForEvictions(platform.database);
  app.addHook('onClose', async () => unlisten());

  r.get(
    '/store/v1/products/:id',
    {
      config: KEY_ONLY,
      preHandler: needsKey,
      schema: {
        tags: TAGS,
        summary: 'A product by id, with prices in the shopper currency and availability',
        security: KEY,
        params: z.object({ id: Id }),
        querystring: DetailQuery,
        response: { 200: ShopperProductOut },
      },
    },
    async (req) => getShopperProduct(platform, { storeId: storeOf(req), id: req.params.id, ...req.query }),
  );

  r.get(
    '/store/v1/products/handle/:handle',
    {
      config: KEY_ONLY,
      preHandler: needsKey,
      schema: {
        tags: TAGS,
        summary: 'A product by handle, with prices in the shopper currency and availability',
        security: KEY,
        params: z.object({ handle: Handle }),
        querystring: DetailQuery,
        response: { 200: ShopperProductOut },
      },
    },
    async (req) =>
      getShopperProduct(platform, { storeId: storeOf(req), handle: req.params.handle, ...req.query }),
  );

  r.get(
    '/store/v1/products',
    {
      config: KEY_ONLY,
      preHandler: needsKey,
      schema: {
        tags: TAGS,
        summary: 'List products of a category (with its descendants) or a collection',
        description:
          'Active products only. `sort=manual` (the default with `collection`) follows the collection order; otherwise `newest` by default.',
        security: KEY,
        querystring: z.object({
          category: Id.optional(),
          collection: Id.optional(),
          currency: CurrencyCode.optional(),
          sort: z.enum(['manual', 'newest', 'title', 'price_asc', 'price_desc']).optional(),
          limit: z.coerce.number().int().min(1).max(100).default(24),
          cursor: z.string().max(512).optional(),
        }),
        response: {
          200: z.object({
            data: z.array(
              z.object({
                id: z.string(),
                handle: z.string(),
                title: z.string(),
                brand: z.string().nullable(),
                image_url: z.string().nullable(),
                in_stock: z.boolean(),
                price: z
                  .object({ currency: z.string(), min: z.number().int(), max: z.number().int() })
                  .nullable()
                  .describe('Price range over the variants'),
              }),
            ),
            next_cursor: z.string().nullable(),
            total: z.number().int(),
          }),
        },
      },
    },
    async (req) => {
      const storeId = storeOf(req);
      const q = req.query;
      const result = await searchProducts(platform.db, {
        storeId,
        currency: q.currency ?? (await storeCurrency(platform.db, storeId)),
        categoryIds: q.category ? [q.category] : undefined,
        collectionId: q.collection,
        sort: q.sort ?? (q.collection ? 'manual' : 'newest'),
        facets: false,
        limit: q.limit,
        cursor: q.cursor,
      });
      return {
        data: result.data.map(({ score: _score, ...hit }) => hit),
        next_cursor: result.next_cursor,
        total: result.total,
      };
    },
  );
}
