import type { Answer } from '../../api/client.ts';
import { moneyInput } from '../../lib/format.ts';

/** The product editor's state: what a person types, as text, until it is saved. */
export type AdminProduct = Answer<'/admin/v1/products/{productId}', 'get'>;
export type ProductStatus = AdminProduct['status'];

export interface OptionDraft {
  key: string;
  name: string;
  /** Comma-separated. */
  values: string;
}

export interface VariantDraft {
  key: string;
  id?: string;
  sku: string;
  barcode: string;
  optionValues: Record<string, string>;
  weightGrams: string;
  backorderPolicy: 'deny' | 'allow';
  /** Price in the store currency, as typed; the saved price's id and amount to compare with. */
  price: string;
  compareAt: string;
  priceId?: string;
  savedPrice?: number | null;
  savedCompareAt?: number | null;
  /** New products: units on hand at the default location. */
  stock: string;
}

export interface ProductDraft {
  title: string;
  handle: string;
  description: string;
  status: ProductStatus;
  vendor: string;
  brand: string;
  productType: string;
  tags: string;
  seoTitle: string;
  seoDescription: string;
  /** False for a product that ships nothing (digital goods, a service, a licence). */
  requiresShipping: boolean;
  /** Sold as a gift card: each variant's price is a card's value; it ships nothing. */
  giftCard: boolean;
  categoryIds: string[];
  options: OptionDraft[];
  variants: VariantDraft[];
  /** What the shopper fills in when buying (an engraving); the answers become the line's properties. */
  personalization: PersonalizationDraft[];
}

/** One personalization field as typed: its longest answer as text until saved. */
export interface PersonalizationDraft {
  key: string;
  name: string;
  required: boolean;
  maxLength: string;
}

let counter = 0;
export const newKey = () => `k${++counter}`;

export const splitList = (text: string) =>
  text
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);

export function emptyVariant(): VariantDraft {
  return {
    key: newKey(),
    sku: '',
    barcode: '',
    optionValues: {},
    weightGrams: '',
    backorderPolicy: 'deny',
    price: '',
    compareAt: '',
    stock: '',
  };
}

export function emptyDraft(): ProductDraft {
  return {
    title: '',
    handle: '',
    description: '',
    status: 'draft',
    vendor: '',
    brand: '',
    productType: '',
    tags: '',
    seoTitle: '',
    seoDescription: '',
    requiresShipping: true,
    giftCard: false,
    categoryIds: [],
    options: [],
    variants: [emptyVariant()],
    personalization: [],
  };
}

export interface SavedPrice {
  id: string;
  variant_id: string;
  amount: number;
  compare_at_amount: number | null;
}

export function draftOf(p: AdminProduct, prices: SavedPrice[], currency: string): ProductDraft {
  return {
    title: p.title,
    handle: p.handle,
    description: p.description,
    status: p.status,
    vendor: p.vendor ?? '',
    brand: p.brand ?? '',
    productType: p.product_type ?? '',
    tags: p.tags.join(', '),
    seoTitle: p.seo_title ?? '',
    seoDescription: p.seo_description ?? '',
    requiresShipping: p.requires_shipping,
    giftCard: p.gift_card,
    categoryIds: p.category_ids,
    options: p.options.map((o) => ({ key: newKey(), name: o.name, values: o.values.join(', ') })),
    variants: p.variants.map((v) => {
      const price = prices.find((x) => x.variant_id === v.id);
      return {
        key: newKey(),
        id: v.id,
        sku: v.sku,
        barcode: v.barcode ?? '',
        optionValues: Object.fromEntries(Object.entries(v.option_values as Record<string, string>)),
        weightGrams: v.weight_grams === null ? '' : String(v.weight_grams),
        backorderPolicy: v.backorder_policy,
        price: moneyInput(price?.amount, currency),
        compareAt: moneyInput(price?.compare_at_amount, currency),
        priceId: price?.id,
        savedPrice: price?.amount ?? null,
        savedCompareAt: price?.compare_at_amount ?? null,
        stock: '',
      };
    }),
    personalization: p.personalization.map((f) => ({
      key: newKey(),
      name: f.name,
      required: f.required,
      maxLength: String(f.max_length),
    })),
  };
}

/** Every combination of the options' values, in order. */
export function combinations(options: { name: string; values: string[] }[]): Record<string, string>[] {
  return options.reduce<Record<string, string>[]>(
    (acc, o) => acc.flatMap((combo) => o.values.map((v) => ({ ...combo, [o.name]: v }))),
    [{}],
  );
}

/** A SKU suggestion from the handle (or title) and the option values: `tee-red-m`. */
export function suggestSku(base: string, values: string[]): string {
  return [base, ...values]
    .join('-')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/gi, 'd')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60);
}

export const nullable = (s: string) => (s.trim() ? s.trim() : null);
export const optionsOf = (d: ProductDraft) =>
  d.options.filter((o) => o.name.trim()).map((o) => ({ name: o.name.trim(), values: splitList(o.values) }));

/** The variant fields the API takes, from a draft row. */
export function variantBody(v: VariantDraft, options: { name: string }[]) {
  const weight = v.weightGrams.trim() === '' ? null : Number(v.weightGrams);
  return {
    sku: v.sku.trim(),
    barcode: nullable(v.barcode),
    option_values: Object.fromEntries(options.map((o) => [o.name, v.optionValues[o.name] ?? ''])),
    weight_grams: weight !== null && Number.isInteger(weight) && weight >= 0 ? weight : null,
    backorder_policy: v.backorderPolicy,
  };
}

export function productFields(d: ProductDraft) {
  return {
    title: d.title.trim(),
    description: d.description,
    status: d.status,
    vendor: nullable(d.vendor),
    brand: nullable(d.brand),
    product_type: nullable(d.productType),
    tags: splitList(d.tags),
    seo_title: nullable(d.seoTitle),
    seo_description: nullable(d.seoDescription),
    // A gift card never ships (the API refuses one that says it does).
    requires_shipping: d.requiresShipping && !d.giftCard,
    gift_card: d.giftCard,
    category_ids: d.categoryIds,
    // The whole list, in order, so the API's `personalization.{i}` paths name the rows shown.
    personalization: d.personalization.map((f) => ({
      name: f.name.trim(),
      required: f.required,
      max_length: Number(f.maxLength.trim()),
    })),
  };
}
