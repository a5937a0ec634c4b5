import type { FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requirePermission, storeOf } from '../../platform/auth/principal.ts';
import type { Platform } from '../../platform/context.ts';
import { withStore } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import type { FileStorage } from '../../platform/files/index.ts';
import { sniffImage } from '../../platform/files/index.ts';
import type { App } from '../../platform/http/app.ts';
import { PageQuery, pageSchema } from '../../platform/http/pagination.ts';
import { newId } from '../../platform/ids.ts';
import { STOREFRONT_PERMISSION } from '../identity/permissions.ts';
import { auditContext } from '../audit/service.ts';
import {
  addProductImage,
  assignProductsToCategory,
  createCategory,
  createCollection,
  createProduct,
  createVariant,
  deleteCategory,
  deleteCollection,
  deleteProduct,
  deleteProductImage,
  deleteProductTranslation,
  deleteVariant,
  getCategory,
  getCategoryTree,
  getCollection,
  getCollectionByHandle,
  getProduct,
  getVariant,
  listCollectionProducts,
  listCollections,
  listProducts,
  listProductTranslations,
  removeProductsFromCategory,
  reorderProductImages,
  setCollectionProducts,
  setProductTranslation,
  updateCategory,
  updateCollection,
  updateProduct,
  updateProductImage,
  updateVariant,
} from './service.ts';
import {
  CategoryIn,
  CategoryNodeOut,
  categoryNodeOut,
  CategoryOut,
  categoryOut,
  CategoryPatchIn,
  CollectionIn,
  CollectionOut,
  collectionOut,
  CollectionPatchIn,
  CollectionProductOut,
  collectionProductOut,
  Handle,
  Id,
  ImageOut,
  imageOut,
  Locale,
  ProductIn,
  ProductOut,
  productOut,
  ProductPatchIn,
  productPatchInput,
  ProductSummaryOut,
  productSummaryOut,
  TranslationIn,
  TranslationOut,
  translationOut,
  variantInput,
  VariantIn,
  VariantOut,
  variantOut,
  VariantPatchIn,
} from './wire.ts';

const security: Record<string, string[]>[] = [{ bearer: [] }, { apiKey: [] }];
const tags = ['catalog'];
const READ = requirePermission('catalog.read');
const MANAGE = requirePermission('catalog.manage');
const ProductParams = z.object({ productId: Id });
const VariantParams = z.object({ variantId: Id });
const ImageParams = ProductParams.extend({ imageId: Id });
const CategoryParams = z.object({ categoryId: Id });
const CollectionParams = z.object({ collectionId: Id });
const ProductIds = z.object({ product_ids: z.array(Id).max(1000) });
const IMAGE_TYPES = [
  'image/jpeg',
  'image/png',
  'image/webp',
  'image/gif',
  'image/avif',
  'application/octet-stream',
];

/** Catalog admin API (`/admin/v1/products|variants|categories|collections`) and its store API. */
export async function catalogRoutes(app: App, platform: Platform, files: FileStorage): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const db = platform.db;

  // --- products ------------------------------------------------------------------------------

  r.get(
    '/admin/v1/products',
    {
      preHandler: READ,
      schema: {
        tags,
        security,
        summary: 'Products, newest first',
        description:
          '`category_id` includes products of its subcategories; `query` matches title or SKU prefix.',
        querystring: PageQuery.extend({
          status: z.enum(['draft', 'active', 'archived']).optional(),
          category_id: Id.optional(),
          collection_id: Id.optional(),
          query: z.string().trim().min(1).max(200).optional(),
        }),
        response: { 200: pageSchema(ProductSummaryOut) },
      },
    },
    async (req) => {
      const q = req.query;
      const page = await withStore(db, storeOf(req), (tx) =>
        listProducts(tx, storeOf(req), {
          limit: q.limit,
          cursor: q.cursor,
          status: q.status,
          categoryId: q.category_id,
          collectionId: q.collection_id,
          query: q.query,
        }),
      );
      return { data: page.data.map(productSummaryOut), next_cursor: page.next_cursor };
    },
  );

  r.post(
    '/admin/v1/products',
    {
      preHandler: MANAGE,
      schema: {
        tags,
        security,
        summary: 'Create a product with its options and variants',
        description:
          'The handle is generated from the title when absent. Each variant gives a value for every option, ' +
          "from that option's values, and no two variants share a combination (422). A taken handle or SKU is a 409.",
        body: ProductIn,
        response: { 201: ProductOut },
      },
    },
    async (req, reply) => {
      const b = req.body;
      const storeId = storeOf(req);
      const product = await withStore(db, storeId, (tx) =>
        createProduct(
          tx,
          storeId,
          {
            ...productPatchInput(b),
            title: b.title,
            options: b.options,
            variants: b.variants?.map((v) => ({ ...variantInput(v), sku: v.sku })),
          },
          { audit: auditContext(req) },
        ),
      );
      reply.code(201).header('location', `/admin/v1/products/${product.id}`);
      return productOut(product);
    },
  );

  r.get(
    '/admin/v1/products/:productId',
    {
      preHandler: READ,
      schema: {
        tags,
        security,
        summary: 'One product',
        params: ProductParams,
        response: { 200: ProductOut },
      },
    },
    async (req) =>
      productOut(
        await withStore(db, storeOf(req), (tx) => getProduct(tx, storeOf(req), req.params.productId)),
      ),
  );

  r.patch(
    '/admin/v1/products/:productId',
    {
      preHandler: MANAGE,
      schema: {
        tags,
        security,
        summary: 'Change a product',
        description:
          'Status moves draft → active | archived, active → draft | archived, archived → draft (else 409). ' +
          '`options` replaces the options and must fit the existing variants; `category_ids` replaces the assignments.',
        params: ProductParams,
        body: ProductPatchIn,
        response: { 200: ProductOut },
      },
    },
    async (req) => {
      const storeId = storeOf(req);
      return productOut(
        await withStore(db, storeId, (tx) =>
          updateProduct(tx, storeId, req.params.productId, productPatchInput(req.body), {
            audit: auditContext(req),
          }),
        ),
      );
    },
  );

  r.delete(
    '/admin/v1/products/:productId',
    {
      preHandler: MANAGE,
      schema: {
        tags,
        security,
        summary: 'Delete a product',
        params: ProductParams,
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      const storeId = storeOf(req);
      const { imageStorageKeys } = await withStore(db, storeId, (tx) =>
        deleteProduct(tx, storeId, req.params.productId, { audit: auditContext(req) }),
      );
      await removeFiles(platform, files, imageStorageKeys);
      return reply.code(204).send(null);
    },
  );

  // --- variants ------------------------------------------------------------------------------

  r.post(
    '/admin/v1/products/:productId/variants',
    {
      preHandler: MANAGE,
      schema: {
        tags,
        security,
        summary: 'Add a variant to a product',
        params: ProductParams,
        body: VariantIn,
        response: { 201: VariantOut },
      },
    },
    async (req, reply) => {
      const storeId = storeOf(req);
      const v = await withStore(db, storeId, (tx) =>
        createVariant(
          tx,
          storeId,
          req.params.productId,
          { ...variantInput(req.body), sku: req.body.sku },
          { audit: auditContext(req) },
        ),
      );
      reply.code(201).header('location', `/admin/v1/variants/${v.id}`);
      return variantOut(v);
    },
  );

  r.get(
    '/admin/v1/variants/:variantId',
    {
      preHandler: READ,
      schema: {
        tags,
        security,
        summary: 'One variant',
        params: VariantParams,
        response: { 200: VariantOut },
      },
    },
    async (req) =>
      variantOut(
        await withStore(db, storeOf(req), (tx) => getVariant(tx, storeOf(req), req.params.variantId)),
      ),
  );

  r.patch(
    '/admin/v1/variants/:variantId',
    {
      preHandler: MANAGE,
      schema: {
        tags,
        security,
        summary: 'Change a variant',
        params: VariantParams,
        body: VariantPatchIn,
        response: { 200: VariantOut },
      },
    },
    async (req) => {
      const storeId = storeOf(req);
      return variantOut(
        await withStore(db, storeId, (tx) =>
          updateVariant(tx, storeId, req.params.variantId, variantInput(req.body), {
            audit: auditContext(req),
          }),
        ),
      );
    },
  );

  r.delete(
    '/admin/v1/variants/:variantId',
    {
      preHandler: MANAGE,
      schema: {
        tags,
        security,
        summary: 'Delete a variant',
        params: VariantParams,
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      const storeId = storeOf(req);
      await withStore(db, storeId, (tx) =>
        deleteVariant(tx, storeId, req.params.variantId, { audit: auditContext(req) }),
      );
      return reply.code(204).send(null);
    },
  );

  // --- images --------------------------------------------------------------------------------

  const maxBytes = platform.config.IMAGE_MAX_BYTES;
  await app.register(async (scope) => {
    // Raw image bytes as the body; what they are is decided by magic number, not by this header.
    scope.addContentTypeParser(IMAGE_TYPES, { parseAs: 'buffer', bodyLimit: maxBytes }, (_req, body, done) =>
      done(null, body),
    );
    scope.withTypeProvider<ZodTypeProvider>().post(
      '/admin/v1/products/:productId/images',
      {
        preHandler: MANAGE,
        bodyLimit: maxBytes,
        schema: {
          tags,
          security,
          summary: 'Upload a product image',
          description:
            'The body is the image file itself (`Content-Type: image/jpeg|png|webp|gif|avif` or ' +
            '`application/octet-stream`). Only JPEG, PNG, WebP, GIF and AVIF bytes are accepted (checked by ' +
            'magic number; anything else is 415). The first image of a product is primary.',
          params: ProductParams,
          querystring: z.object({
            alt: z.string().max(500).optional(),
            variant_id: Id.optional(),
            is_primary: z.enum(['true', 'false']).optional(),
          }),
          response: { 201: ImageOut },
        },
      },
      async (req, reply) => {
        const storeId = storeOf(req);
        const bytes = req.body as unknown;
        if (!Buffer.isBuffer(bytes) || bytes.length === 0)
          throw new AppError('VALIDATION_FAILED', 'Send the image bytes as the request body.', {
            errors: [{ path: 'body', message: 'empty' }],
          });
        const type = sniffImage(bytes);
        if (!type)
          throw new AppError(
            'UNSUPPORTED_MEDIA_TYPE',
            'The file is not a JPEG, PNG, WebP, GIF or AVIF image.',
            {
              errors: [{ path: 'body', message: 'not an image' }],
            },
          );
        const key = `${storeId}/products/${req.params.productId}/${newId('file')}.${type.extension}`;
        // Check the product before writing the file, so a bad id leaves no orphan behind.
        await withStore(db, storeId, (tx) => getProduct(tx, storeId, req.params.productId));
        await files.put(key, bytes, type.contentType);
        try {
          const image = await withStore(db, storeId, (tx) =>
            addProductImage(
              tx,
              storeId,
              req.params.productId,
              {
                storageKey: key,
                url: files.urlFor(key),
                contentType: type.contentType,
                byteSize: bytes.length,
                width: type.width,
                height: type.height,
                alt: req.query.alt,
                variantId: req.query.variant_id,
                isPrimary: req.query.is_primary === undefined ? undefined : req.query.is_primary === 'true',
              },
              { audit: auditContext(req) },
            ),
          );
          reply.code(201);
          return imageOut(image);
        } catch (err) {
          // Compensation: the record was not written, so the file must not stay.
          await removeFiles(platform, files, [key]);
          throw err;
        }
      },
    );
  });

  r.patch(
    '/admin/v1/products/:productId/images/:imageId',
    {
      preHandler: MANAGE,
      schema: {
        tags,
        security,
        summary: "Change an image's alt text, position, primary flag or variant",
        params: ImageParams,
        body: z.object({
          alt: z.string().max(500).optional(),
          position: z.number().int().min(0).max(10_000).optional(),
          is_primary: z.literal(true).optional().describe('Make this the primary image (the others lose it)'),
          variant_id: Id.nullish(),
        }),
        response: { 200: ImageOut },
      },
    },
    async (req) => {
      const storeId = storeOf(req);
      const b = req.body;
      return imageOut(
        await withStore(db, storeId, (tx) =>
          updateProductImage(
            tx,
            storeId,
            req.params.productId,
            req.params.imageId,
            { alt: b.alt, position: b.position, isPrimary: b.is_primary, variantId: b.variant_id },
            { audit: auditContext(req) },
          ),
        ),
      );
    },
  );

  r.put(
    '/admin/v1/products/:productId/images/order',
    {
      preHandler: MANAGE,
      schema: {
        tags,
        security,
        summary: "Reorder a product's images",
        params: ProductParams,
        body: z.object({ image_ids: z.array(Id).max(500) }),
        response: { 200: z.object({ data: z.array(ImageOut) }) },
      },
    },
    async (req) => {
      const storeId = storeOf(req);
      const images = await withStore(db, storeId, (tx) =>
        reorderProductImages(tx, storeId, req.params.productId, req.body.image_ids, {
          audit: auditContext(req),
        }),
      );
      return { data: images.map(imageOut) };
    },
  );

  r.delete(
    '/admin/v1/products/:productId/images/:imageId',
    {
      preHandler: MANAGE,
      schema: {
        tags,
        security,
        summary: 'Delete an image',
        params: ImageParams,
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      const storeId = storeOf(req);
      const { storageKey } = await withStore(db, storeId, (tx) =>
        deleteProductImage(tx, storeId, req.params.productId, req.params.imageId, {
          audit: auditContext(req),
        }),
      );
      await removeFiles(platform, files, [storageKey]);
      return reply.code(204).send(null);
    },
  );

  // --- translations --------------------------------------------------------------------------

  r.get(
    '/admin/v1/products/:productId/translations',
    {
      preHandler: READ,
      schema: {
        tags,
        security,
        summary: "A product's translations",
        params: ProductParams,
        response: { 200: z.object({ data: z.array(TranslationOut) }) },
      },
    },
    async (req) => {
      const storeId = storeOf(req);
      const rows = await withStore(db, storeId, async (tx) => {
        await getProduct(tx, storeId, req.params.productId);
        return listProductTranslations(tx, storeId, req.params.productId);
      });
      return { data: rows.map(translationOut) };
    },
  );

  r.put(
    '/admin/v1/products/:productId/translations/:locale',
    {
      preHandler: MANAGE,
      schema: {
        tags,
        security,
        summary: "Set a product's text in one locale",
        description:
          "Fields left out or null fall back to the product's own text (the store's default locale).",
        params: ProductParams.extend({ locale: Locale }),
        body: TranslationIn,
        response: { 200: TranslationOut },
      },
    },
    async (req) => {
      const storeId = storeOf(req);
      const b = req.body;
      return translationOut(
        await withStore(db, storeId, (tx) =>
          setProductTranslation(
            tx,
            storeId,
            req.params.productId,
            req.params.locale,
            {
              title: b.title,
              description: b.description,
              seoTitle: b.seo_title,
              seoDescription: b.seo_description,
            },
            { audit: auditContext(req) },
          ),
        ),
      );
    },
  );

  r.delete(
    '/admin/v1/products/:productId/translations/:locale',
    {
      preHandler: MANAGE,
      schema: {
        tags,
        security,
        summary: 'Remove a translation',
        params: ProductParams.extend({ locale: Locale }),
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      const storeId = storeOf(req);
      await withStore(db, storeId, (tx) =>
        deleteProductTranslation(tx, storeId, req.params.productId, req.params.locale, {
          audit: auditContext(req),
        }),
      );
      return reply.code(204).send(null);
    },
  );

  // --- categories ----------------------------------------------------------------------------

  r.get(
    '/admin/v1/categories',
    {
      preHandler: READ,
      schema: {
        tags,
        security,
        summary: 'The category tree with product counts (including subcategories)',
        response: { 200: z.object({ data: z.array(CategoryNodeOut) }) },
      },
    },
    async (req) => {
      const tree = await withStore(db, storeOf(req), (tx) => getCategoryTree(tx, storeOf(req)));
      return { data: tree.map(categoryNodeOut) };
    },
  );

  r.post(
    '/admin/v1/categories',
    {
      preHandler: MANAGE,
      schema: {
        tags,
        security,
        summary: 'Create a category',
        body: CategoryIn,
        response: { 201: CategoryOut },
      },
    },
    async (req, reply) => {
      const storeId = storeOf(req);
      const b = req.body;
      const c = await withStore(db, storeId, (tx) =>
        createCategory(
          tx,
          storeId,
          {
            name: b.name,
            handle: b.handle,
            description: b.description,
            parentId: b.parent_id,
            position: b.position,
          },
          { audit: auditContext(req) },
        ),
      );
      reply.code(201);
      return categoryOut(c);
    },
  );

  r.get(
    '/admin/v1/categories/:categoryId',
    {
      preHandler: READ,
      schema: {
        tags,
        security,
        summary: 'One category',
        params: CategoryParams,
        response: { 200: CategoryOut },
      },
    },
    async (req) =>
      categoryOut(
        await withStore(db, storeOf(req), (tx) => getCategory(tx, storeOf(req), req.params.categoryId)),
      ),
  );

  r.patch(
    '/admin/v1/categories/:categoryId',
    {
      preHandler: MANAGE,
      schema: {
        tags,
        security,
        summary: 'Rename, reorder or move a category',
        description:
          '`parent_id: null` moves it to the top. Moving it under itself or a descendant is 422 CATEGORY_CYCLE.',
        params: CategoryParams,
        body: CategoryPatchIn,
        response: { 200: CategoryOut },
      },
    },
    async (req) => {
      const storeId = storeOf(req);
      const b = req.body;
      return categoryOut(
        await withStore(db, storeId, (tx) =>
          updateCategory(
            tx,
            storeId,
            req.params.categoryId,
            {
              name: b.name,
              handle: b.handle,
              description: b.description,
              parentId: b.parent_id,
              position: b.position,
            },
            { audit: auditContext(req) },
          ),
        ),
      );
    },
  );

  r.delete(
    '/admin/v1/categories/:categoryId',
    {
      preHandler: MANAGE,
      schema: {
        tags,
        security,
        summary: 'Delete a category',
        description: 'Refused with 409 CATEGORY_HAS_CHILDREN while it has subcategories. Products stay.',
        params: CategoryParams,
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      const storeId = storeOf(req);
      await withStore(db, storeId, (tx) =>
        deleteCategory(tx, storeId, req.params.categoryId, { audit: auditContext(req) }),
      );
      return reply.code(204).send(null);
    },
  );

  r.post(
    '/admin/v1/categories/:categoryId/products',
    {
      preHandler: MANAGE,
      schema: {
        tags,
        security,
        summary: 'Assign products to a category',
        params: CategoryParams,
        body: ProductIds,
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      const storeId = storeOf(req);
      await withStore(db, storeId, (tx) =>
        assignProductsToCategory(tx, storeId, req.params.categoryId, req.body.product_ids, {
          audit: auditContext(req),
        }),
      );
      return reply.code(204).send(null);
    },
  );

  r.delete(
    '/admin/v1/categories/:categoryId/products/:productId',
    {
      preHandler: MANAGE,
      schema: {
        tags,
        security,
        summary: 'Remove a product from a category',
        params: CategoryParams.extend({ productId: Id }),
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      const storeId = storeOf(req);
      await withStore(db, storeId, (tx) =>
        removeProductsFromCategory(tx, storeId, req.params.categoryId, [req.params.productId], {
          audit: auditContext(req),
        }),
      );
      return reply.code(204).send(null);
    },
  );

  // --- collections ---------------------------------------------------------------------------

  r.get(
    '/admin/v1/collections',
    {
      preHandler: READ,
      schema: {
        tags,
        security,
        summary: 'Collections, newest first',
        querystring: PageQuery,
        response: { 200: pageSchema(CollectionOut) },
      },
    },
    async (req) => {
      const page = await withStore(db, storeOf(req), (tx) => listCollections(tx, storeOf(req), req.query));
      return { data: page.data.map(collectionOut), next_cursor: page.next_cursor };
    },
  );

  r.post(
    '/admin/v1/collections',
    {
      preHandler: MANAGE,
      schema: {
        tags,
        security,
        summary: 'Create a manual collection',
        body: CollectionIn,
        response: { 201: CollectionOut },
      },
    },
    async (req, reply) => {
      const storeId = storeOf(req);
      const c = await withStore(db, storeId, (tx) =>
        createCollection(tx, storeId, req.body, { audit: auditContext(req) }),
      );
      reply.code(201);
      return collectionOut(c);
    },
  );

  r.get(
    '/admin/v1/collections/:collectionId',
    {
      preHandler: READ,
      schema: {
        tags,
        security,
        summary: 'One collection',
        params: CollectionParams,
        response: { 200: CollectionOut },
      },
    },
    async (req) =>
      collectionOut(
        await withStore(db, storeOf(req), (tx) => getCollection(tx, storeOf(req), req.params.collectionId)),
      ),
  );

  r.patch(
    '/admin/v1/collections/:collectionId',
    {
      preHandler: MANAGE,
      schema: {
        tags,
        security,
        summary: 'Change a collection',
        params: CollectionParams,
        body: CollectionPatchIn,
        response: { 200: CollectionOut },
      },
    },
    async (req) => {
      const storeId = storeOf(req);
      return collectionOut(
        await withStore(db, storeId, (tx) =>
          updateCollection(tx, storeId, req.params.collectionId, req.body, { audit: auditContext(req) }),
        ),
      );
    },
  );

  r.delete(
    '/admin/v1/collections/:collectionId',
    {
      preHandler: MANAGE,
      schema: {
        tags,
        security,
        summary: 'Delete a collection',
        params: CollectionParams,
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      const storeId = storeOf(req);
      await withStore(db, storeId, (tx) =>
        deleteCollection(tx, storeId, req.params.collectionId, { audit: auditContext(req) }),
      );
      return reply.code(204).send(null);
    },
  );

  r.put(
    '/admin/v1/collections/:collectionId/products',
    {
      preHandler: MANAGE,
      schema: {
        tags,
        security,
        summary: "Set a collection's products, in order",
        params: CollectionParams,
        body: ProductIds,
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      const storeId = storeOf(req);
      await withStore(db, storeId, (tx) =>
        setCollectionProducts(tx, storeId, req.params.collectionId, req.body.product_ids, {
          audit: auditContext(req),
        }),
      );
      return reply.code(204).send(null);
    },
  );

  r.get(
    '/admin/v1/collections/:collectionId/products',
    {
      preHandler: READ,
      schema: {
        tags,
        security,
        summary: "A collection's products, in order",
        params: CollectionParams,
        querystring: PageQuery,
        response: { 200: pageSchema(CollectionProductOut) },
      },
    },
    async (req) => {
      const storeId = storeOf(req);
      const page = await withStore(db, storeId, async (tx) => {
        await getCollection(tx, storeId, req.params.collectionId);
        return listCollectionProducts(tx, storeId, req.params.collectionId, req.query);
      });
      return { data: page.data.map(collectionProductOut), next_cursor: page.next_cursor };
    },
  );

  // --- store API -----------------------------------------------------------------------------

  const storeTags = ['storefront catalog'];
  const KEY = [{ publishableKey: [] }];
  const needsKey = requirePermission(STOREFRONT_PERMISSION);

  r.get(
    '/store/v1/categories',
    {
      config: { authentication: 'key' },
      preHandler: needsKey,
      schema: {
        tags: storeTags,
        security: KEY,
        summary: 'The category tree, with counts of active products (including subcategories)',
        response: { 200: z.object({ data: z.array(CategoryNodeOut) }) },
      },
    },
    async (req) => {
      const tree = await withStore(db, storeOf(req), (tx) =>
        getCategoryTree(tx, storeOf(req), { activeOnly: true }),
      );
      return { data: tree.map(categoryNodeOut) };
    },
  );

  r.get(
    '/store/v1/collections/:handle',
    {
      config: { authentication: 'key' },
      preHandler: needsKey,
      schema: {
        tags: storeTags,
        security: KEY,
        summary: "A collection and its active products, in the merchant's order",
        params: z.object({ handle: Handle }),
        querystring: PageQuery.extend({ locale: Locale.optional() }),
        response: {
          200: z.object({
            collection: CollectionOut,
            products: pageSchema(CollectionProductOut),
          }),
        },
      },
    },
    async (req) => {
      const storeId = storeOf(req);
      const { collection, page } = await withStore(db, storeId, async (tx) => {
        const collection = await getCollectionByHandle(tx, storeId, req.params.handle);
        const page = await listCollectionProducts(tx, storeId, collection.id, {
          ...req.query,
          activeOnly: true,
          locale: req.query.locale ?? acceptLanguage(req.headers['accept-language']),
        });
        return { collection, page };
      });
      return {
        collection: collectionOut(collection),
        products: { data: page.data.map(collectionProductOut), next_cursor: page.next_cursor },
      };
    },
  );

  // --- files (local storage) -----------------------------------------------------------------

  if (files.kind === 'local') {
    const prefix = platform.config.FILES_PUBLIC_PATH.replace(/\/$/, '');
    r.get(
      `${prefix}/*`,
      {
        config: { authentication: 'none' },
        schema: { hide: true, params: z.object({ '*': z.string().max(1000) }) },
      },
      async (req, reply: FastifyReply) => {
        const key = (req.params as { '*': string })['*'];
        let file;
        try {
          file = await files.get(key);
        } catch {
          file = null; // an unsafe key is simply not a file
        }
        if (!file) throw new AppError('NOT_FOUND', 'No such file.');
        return reply
          .header('content-type', file.contentType)
          .header('cache-control', 'public, max-age=31536000, immutable')
          .header('x-content-type-options', 'nosniff')
          .send(file.bytes);
      },
    );
  }
}

/** The first language of an Accept-Language header (`vi-VN,vi;q=0.9` → `vi-VN`). */
export function acceptLanguage(header: string | undefined): string | undefined {
  const first = header?.split(',')[0]?.split(';')[0]?.trim();
  return first && /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(first) ? first : undefined;
}

/** Deleting files is best-effort after the commit: an orphaned file costs storage, never correctness. */
async function removeFiles(platform: Platform, files: FileStorage, keys: string[]): Promise<void> {
  for (const key of keys) {
    try {
      await files.delete(key);
    } catch (err) {
      platform.log.warn({ err, key }, 'could not delete a stored file');
    }
  }
}
