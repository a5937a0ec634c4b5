import { csvLine } from '../../../platform/csv-parse.ts';
import { SHOPIFY_COLUMNS, type ShopifyColumn } from './shopify.ts';

/**
 * A Shopify product CSV of `rows` data rows: products of three variants (Size × Colour) with an
 * image each, for the import test and `bench/import.ts`.
 */
export function generateShopifyCsv(rows: number, opts: { prefix?: string } = {}): string {
  const prefix = opts.prefix ?? 'gen';
  const sizes = ['S', 'M', 'L'];
  let out = csvLine(SHOPIFY_COLUMNS);
  for (let i = 0, p = 0; i < rows; p++) {
    for (let k = 0; k < 3 && i < rows; k++, i++) {
      const cells: Partial<Record<ShopifyColumn, string | number>> = {
        Handle: `${prefix}-product-${p}`,
        'Option1 Value': sizes[k]!,
        'Option2 Value': 'Blue',
        'Variant SKU': `${prefix.toUpperCase()}-${p}-${sizes[k]}`,
        'Variant Grams': 250,
        'Variant Inventory Tracker': 'shopify',
        'Variant Inventory Qty': (p * 7 + k) % 50,
        'Variant Price': `${10 + (p % 90)}.${String((p * 13) % 100).padStart(2, '0')}`,
      };
      if (k === 0) {
        Object.assign(cells, {
          Title: `Generated product ${p}`,
          'Body (HTML)': `<p>Product number <strong>${p}</strong>, made for testing.</p>`,
          Vendor: `Vendor ${p % 40}`,
          'Product Category': `Department ${p % 8} > Aisle ${p % 5}`,
          Type: `Type ${p % 12}`,
          Tags: `tag-${p % 10}, generated`,
          Published: 'TRUE',
          'Option1 Name': 'Size',
          'Option2 Name': 'Colour',
          'Image Src': `https://images.example.com/${prefix}/${p}.jpg`,
          'Image Position': 1,
          Status: 'active',
        });
      }
      out += csvLine(SHOPIFY_COLUMNS.map((c) => cells[c] ?? null));
    }
  }
  return out;
}
