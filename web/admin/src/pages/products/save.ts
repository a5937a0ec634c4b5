import { api } from '../../api/client.ts';
import { parseMoney } from '../../lib/format.ts';
import {
  optionsOf,
  productFields,
  variantBody,
  type AdminProduct,
  type ProductDraft,
  type VariantDraft,
} from './draft.ts';

/** What is wrong with a draft before asking the server: per variant key, per field. */
export function draftProblems(
  d: ProductDraft,
  currency: string,
  messages: { required: string; money: string; count: string },
) {
  const problems: Record<string, Record<string, string>> = {};
  for (const v of d.variants) {
    const p: Record<string, string> = {};
    if (!v.sku.trim()) p.sku = messages.required;
    if (v.price.trim() && parseMoney(v.price, currency) === null) p.price = messages.money;
    if (v.compareAt.trim() && parseMoney(v.compareAt, currency) === null) p.compareAt = messages.money;
    if (v.stock.trim() && !/^\d+$/.test(v.stock.trim())) p.stock = messages.count;
    if (Object.keys(p).length) problems[v.key] = p;
  }
  return problems;
}

/** Prices to set and to remove, for variants whose price was typed or changed. */
async function savePrices(
  variants: VariantDraft[],
  idOf: (v: VariantDraft) => string | undefined,
  currency: string,
) {
  const set: { variant_id: string; currency: string; amount: number; compare_at_amount: number | null }[] =
    [];
  const removed: string[] = [];
  for (const v of variants) {
    const id = idOf(v);
    if (!id) continue;
    const amount = v.price.trim() ? parseMoney(v.price, currency) : null;
    const compareAt = v.compareAt.trim() ? parseMoney(v.compareAt, currency) : null;
    if (amount === null) {
      if (v.priceId) removed.push(v.priceId);
      continue;
    }
    if (amount !== v.savedPrice || compareAt !== (v.savedCompareAt ?? null))
      set.push({ variant_id: id, currency, amount, compare_at_amount: compareAt });
  }
  if (set.length) await api.post('/admin/v1/prices/batch', { body: { prices: set } });
  for (const priceId of removed) await api.delete('/admin/v1/prices/{priceId}', { path: { priceId } });
}

/** Units on hand at the default location for new variants given a stock figure. */
async function saveStock(variants: VariantDraft[], idOf: (v: VariantDraft) => string | undefined) {
  const levels = variants
    .filter((v) => v.stock.trim() && idOf(v))
    .map((v) => ({ variant_id: idOf(v)!, on_hand: Number(v.stock.trim()) }));
  if (levels.length) await api.post('/admin/v1/inventory-levels/batch', { body: { levels } });
}

/** Create a product with its variants, then their prices and stock. Returns its id. */
export async function createProduct(d: ProductDraft, currency: string): Promise<string> {
  const options = optionsOf(d);
  const created = await api.post('/admin/v1/products', {
    body: {
      ...productFields(d),
      ...(d.handle.trim() ? { handle: d.handle.trim() } : {}),
      options,
      variants: d.variants.map((v) => variantBody(v, options)),
    },
  });
  const bySku = new Map(created.variants.map((v) => [v.sku, v.id]));
  const idOf = (v: VariantDraft) => bySku.get(v.sku.trim());
  await savePrices(d.variants, idOf, currency);
  await saveStock(d.variants, idOf);
  return created.id;
}

/**
 * Save an existing product: variants taken away first (so the options may drop their values),
 * then the product and its options, changed variants, new variants, prices and stock.
 */
export async function updateProduct(saved: AdminProduct, d: ProductDraft, currency: string): Promise<void> {
  const options = optionsOf(d);
  const keptIds = new Set(d.variants.map((v) => v.id).filter(Boolean));
  for (const v of saved.variants) {
    if (!keptIds.has(v.id)) await api.delete('/admin/v1/variants/{variantId}', { path: { variantId: v.id } });
  }
  await api.patch('/admin/v1/products/{productId}', {
    path: { productId: saved.id },
    body: { ...productFields(d), handle: d.handle.trim() || saved.handle, options },
  });
  const newIds = new Map<string, string>();
  for (const v of d.variants) {
    const body = variantBody(v, options);
    if (v.id) {
      const before = saved.variants.find((x) => x.id === v.id);
      const same =
        before &&
        before.sku === body.sku &&
        (before.barcode ?? null) === body.barcode &&
        before.weight_grams === body.weight_grams &&
        before.backorder_policy === body.backorder_policy &&
        JSON.stringify(before.option_values) === JSON.stringify(body.option_values);
      if (!same) await api.patch('/admin/v1/variants/{variantId}', { path: { variantId: v.id }, body });
    } else {
      const created = await api.post('/admin/v1/products/{productId}/variants', {
        path: { productId: saved.id },
        body,
      });
      newIds.set(v.key, created.id);
    }
  }
  const idOf = (v: VariantDraft) => v.id ?? newIds.get(v.key);
  await savePrices(d.variants, idOf, currency);
  await saveStock(
    d.variants.filter((v) => !v.id),
    idOf,
  );
}
