import { z } from 'zod';
import type { CategoryNode } from './categories.ts';
import type { CollectionProduct } from './collections.ts';
import type { Product } from './products.ts';
import type {
  CollectionRow,
  ProductImageRow,
  ProductRow,
  ProductTranslationRow,
  VariantRow,
} from './schema.ts';
import { LOCALE_PATTERN } from './translations.ts';

/** The catalog's JSON shapes on the wire (snake_case), and the mappings from service rows. */

export const Id = z.string().min(1).max(64);
export const Handle = z
  .string()
  .min(1)
  .max(255)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'lowercase letters, digits and single dashes');
export const Locale = z.string().max(35).regex(LOCALE_PATTERN, 'a locale such as en, vi or pt-BR');
const Text255 = z.string().trim().max(255);
const Metadata = z.record(z.string(), z.unknown());
const Dimension = z.number().int().min(0).max(10_000_000).nullish();
const ProductStatusSchema = z.enum(['draft', 'active', 'archived']);

export const OptionIn = z.object({
  name: z.string().trim().min(1).max(100),
  values: z.array(z.string().trim().min(1).max(100)).min(1).max(250),
});

const PersonalizationFieldIn = z.strictObject({
  name: z.string().trim().min(1).max(50),
  required: z.boolean().default(false),
  max_length: z.number().int().min(1).max(500).default(100),
});
const PersonalizationFieldOut = z.object({
  name: z.string(),
  required: z.boolean(),
  max_length: z.number().int(),
});

export const VariantIn = z.object({
  sku: z.string().trim().min(1).max(100),
  barcode: z.string().trim().max(100).nullish(),
  title: Text255.optional(),
  option_values: z.record(z.string(), z.string()).optional(),
  weight_grams: Dimension,
  length_mm: Dimension,
  width_mm: Dimension,
  height_mm: Dimension,
  backorder_policy: z.enum(['deny', 'allow']).optional(),
  metadata: Metadata.optional(),
});
export const VariantPatchIn = VariantIn.partial();

const productFields = {
  title: z.string().trim().min(1).max(255),
  handle: Handle.optional(),
  description: z.string().max(100_000).optional().describe('Markdown'),
  status: ProductStatusSchema.optional(),
  brand: Text255.nullish(),
  vendor: Text255.nullish(),
  product_type: Text255.nullish(),
  tags: z.array(z.string().trim().min(1).max(100)).max(250).optional(),
  requires_shipping: z
    .boolean()
    .optional()
    .describe('False for digital goods and services (default true): a cart of only these asks no shipping'),
  gift_card: z
    .boolean()
    .optional()
    .describe(
      "Sold as a gift card (default false): each variant's price is a card's value; ships nothing, no coupon " +
        'or tax applies, and each unit bought is issued and e-mailed to the buyer once the payment is captured',
    ),
  personalization: z
    .array(PersonalizationFieldIn)
    .max(5)
    .refine((f) => new Set(f.map((x) => x.name)).size === f.length, 'each field needs its own name')
    .optional()
    .describe(
      "What the shopper is asked to fill in (an engraving, initials): the answers are the cart line's `properties`",
    ),
  seo_title: Text255.nullish(),
  seo_description: z.string().trim().max(1000).nullish(),
  metadata: Metadata.optional(),
  options: z.array(OptionIn).max(10).optional(),
  category_ids: z.array(Id).max(100).optional(),
};

export const ProductIn = z.object({ ...productFields, variants: z.array(VariantIn).max(500).optional() });
export const ProductPatchIn = z.object(productFields).partial();

export function variantInput(b: z.infer<typeof VariantPatchIn>) {
  return {
    sku: b.sku,
    barcode: b.barcode,
    title: b.title,
    optionValues: b.option_values,
    weightGrams: b.weight_grams,
    lengthMm: b.length_mm,
    widthMm: b.width_mm,
    heightMm: b.height_mm,
    backorderPolicy: b.backorder_policy,
    metadata: b.metadata,
  };
}

export function productPatchInput(b: z.infer<typeof ProductPatchIn>) {
  return {
    title: b.title,
    handle: b.handle,
    description: b.description,
    status: b.status,
    brand: b.brand,
    vendor: b.vendor,
    productType: b.product_type,
    tags: b.tags,
    requiresShipping: b.requires_shipping,
    giftCard: b.gift_card,
    personalization: b.personalization,
    seoTitle: b.seo_title,
    seoDescription: b.seo_description,
    metadata: b.metadata,
    options: b.options,
    categoryIds: b.category_ids,
  };
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export const VariantOut = z.object({
  id: z.string(),
  product_id: z.string(),
  sku: z.string(),
  barcode: z.string().nullable(),
  title: z.string(),
  option_values: z.record(z.string(), z.string()),
  position: z.number().int(),
  weight_grams: z.number().int().nullable(),
  length_mm: z.number().int().nullable(),
  width_mm: z.number().int().nullable(),
  height_mm: z.number().int().nullable(),
  backorder_policy: z.enum(['deny', 'allow']),
  metadata: Metadata,
  created_at: z.string(),
  updated_at: z.string(),
});

export function variantOut(v: VariantRow): z.infer<typeof VariantOut> {
  return {
    id: v.id,
    product_id: v.productId,
    sku: v.sku,
    barcode: v.barcode,
    title: v.title,
    option_values: v.optionValues,
    position: v.position,
    weight_grams: v.weightGrams,
    length_mm: v.lengthMm,
    width_mm: v.widthMm,
    height_mm: v.heightMm,
    backorder_policy: v.backorderPolicy,
    metadata: v.metadata,
    created_at: v.createdAt.toISOString(),
    updated_at: v.updatedAt.toISOString(),
  };
}

export const ImageOut = z.object({
  id: z.string(),
  product_id: z.string(),
  variant_id: z.string().nullable(),
  url: z.string(),
  alt: z.string(),
  position: z.number().int(),
  is_primary: z.boolean(),
  width: z.number().int().nullable(),
  height: z.number().int().nullable(),
  content_type: z.string(),
  byte_size: z.number().int(),
  created_at: z.string(),
});

export function imageOut(i: ProductImageRow): z.infer<typeof ImageOut> {
  return {
    id: i.id,
    product_id: i.productId,
    variant_id: i.variantId,
    url: i.url,
    alt: i.alt,
    position: i.position,
    is_primary: i.isPrimary,
    width: i.width,
    height: i.height,
    content_type: i.contentType,
    byte_size: i.byteSize,
    created_at: i.createdAt.toISOString(),
  };
}

export const ProductSummaryOut = z.object({
  id: z.string(),
  handle: z.string(),
  title: z.string(),
  description: z.string(),
  status: ProductStatusSchema,
  brand: z.string().nullable(),
  vendor: z.string().nullable(),
  product_type: z.string().nullable(),
  tags: z.array(z.string()),
  requires_shipping: z.boolean().describe('False for digital goods and services: nothing ships'),
  gift_card: z.boolean().describe('Sold as a gift card: each unit bought becomes a card worth its price'),
  personalization: z
    .array(PersonalizationFieldOut)
    .describe("Fields the shopper fills in (an engraving): the answers are the cart line's `properties`"),
  seo_title: z.string().nullable(),
  seo_description: z.string().nullable(),
  metadata: Metadata,
  published_at: z.string().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
});

export function productSummaryOut(p: ProductRow): z.infer<typeof ProductSummaryOut> {
  return {
    id: p.id,
    handle: p.handle,
    title: p.title,
    description: p.description,
    status: p.status,
    brand: p.brand,
    vendor: p.vendor,
    product_type: p.productType,
    tags: p.tags,
    requires_shipping: p.requiresShipping,
    gift_card: p.giftCard,
    personalization: p.personalization,
    seo_title: p.seoTitle,
    seo_description: p.seoDescription,
    metadata: p.metadata,
    published_at: iso(p.publishedAt),
    created_at: p.createdAt.toISOString(),
    updated_at: p.updatedAt.toISOString(),
  };
}

export const ProductOut = ProductSummaryOut.extend({
  options: z.array(
    z.object({ id: z.string(), name: z.string(), position: z.number().int(), values: z.array(z.string()) }),
  ),
  variants: z.array(VariantOut),
  images: z.array(ImageOut),
  category_ids: z.array(z.string()),
});

export function productOut(p: Product): z.infer<typeof ProductOut> {
  return {
    ...productSummaryOut(p),
    options: p.options,
    variants: p.variants.map(variantOut),
    images: p.images.map(imageOut),
    category_ids: p.categoryIds,
  };
}

export const TranslationIn = z.object({
  title: z.string().trim().min(1).max(255).nullish(),
  description: z.string().max(100_000).nullish(),
  seo_title: Text255.nullish(),
  seo_description: z.string().trim().max(1000).nullish(),
});

export const TranslationOut = z.object({
  locale: z.string(),
  title: z.string().nullable(),
  description: z.string().nullable(),
  seo_title: z.string().nullable(),
  seo_description: z.string().nullable(),
  updated_at: z.string(),
});

export function translationOut(t: ProductTranslationRow): z.infer<typeof TranslationOut> {
  return {
    locale: t.locale,
    title: t.title,
    description: t.description,
    seo_title: t.seoTitle,
    seo_description: t.seoDescription,
    updated_at: t.updatedAt.toISOString(),
  };
}

export const CategoryIn = z.object({
  name: z.string().trim().min(1).max(255),
  handle: Handle.optional(),
  description: z.string().max(10_000).optional(),
  parent_id: Id.nullish(),
  position: z.number().int().min(0).max(1_000_000).optional(),
});
export const CategoryPatchIn = CategoryIn.partial();

export const CategoryOut = z.object({
  id: z.string(),
  parent_id: z.string().nullable(),
  handle: z.string(),
  name: z.string(),
  description: z.string(),
  position: z.number().int(),
});

export function categoryOut(c: {
  id: string;
  parentId: string | null;
  handle: string;
  name: string;
  description: string;
  position: number;
}): z.infer<typeof CategoryOut> {
  return {
    id: c.id,
    parent_id: c.parentId,
    handle: c.handle,
    name: c.name,
    description: c.description,
    position: c.position,
  };
}

export interface CategoryNodeOut extends z.infer<typeof CategoryOut> {
  product_count: number;
  children: CategoryNodeOut[];
}

/**
 * The tree node schema, spelled out to a fixed depth: the OpenAPI generator cannot emit a
 * self-referencing schema, so levels below the fifth are described as plain objects.
 */
function categoryNodeSchema(depth: number): z.ZodType<CategoryNodeOut> {
  return CategoryOut.extend({
    product_count: z.number().int().describe('Distinct products in this category or any below it'),
    children: z.array(depth > 0 ? categoryNodeSchema(depth - 1) : z.record(z.string(), z.unknown())),
  }) as unknown as z.ZodType<CategoryNodeOut>;
}
export const CategoryNodeOut = categoryNodeSchema(5);

export function categoryNodeOut(n: CategoryNode): CategoryNodeOut {
  return { ...categoryOut(n), product_count: n.productCount, children: n.children.map(categoryNodeOut) };
}

export const CollectionIn = z.object({
  title: z.string().trim().min(1).max(255),
  handle: Handle.optional(),
  description: z.string().max(100_000).optional(),
});
export const CollectionPatchIn = CollectionIn.partial();

export const CollectionOut = z.object({
  id: z.string(),
  handle: z.string(),
  title: z.string(),
  description: z.string(),
  created_at: z.string(),
  updated_at: z.string(),
});

export function collectionOut(c: CollectionRow): z.infer<typeof CollectionOut> {
  return {
    id: c.id,
    handle: c.handle,
    title: c.title,
    description: c.description,
    created_at: c.createdAt.toISOString(),
    updated_at: c.updatedAt.toISOString(),
  };
}

export const CollectionProductOut = z.object({
  id: z.string(),
  handle: z.string(),
  title: z.string(),
  status: z.string(),
  position: z.number().int(),
  image_url: z.string().nullable(),
  image_alt: z.string().nullable(),
});

export function collectionProductOut(p: CollectionProduct): z.infer<typeof CollectionProductOut> {
  return {
    id: p.id,
    handle: p.handle,
    title: p.title,
    status: p.status,
    position: p.position,
    image_url: p.imageUrl,
    image_alt: p.imageAlt,
  };
}
