/**
 * Shopify's product CSV format: the columns, and turning a file's records into products.
 * Consecutive rows with the same Handle are one product; the first carries the product's
 * fields, the rest only variant and image columns. Every problem is a row error with the row
 * number and column, and a product with any error is left out whole.
 */
import { minorUnitExponent } from '../../../platform/money.ts';
import type { BulkImage, BulkProduct, BulkVariant, ProductStatus } from '../bulk.ts';
import { htmlToMarkdown } from './html.ts';
import type { CsvRecord, CsvSyntaxError } from '../../../platform/csv-parse.ts';

/** The columns Carton reads and writes, in export order. Other columns are ignored on import. */
export const SHOPIFY_COLUMNS = [
  'Handle',
  'Title',
  'Body (HTML)',
  'Vendor',
  'Product Category',
  'Type',
  'Tags',
  'Published',
  'Option1 Name',
  'Option1 Value',
  'Option2 Name',
  'Option2 Value',
  'Option3 Name',
  'Option3 Value',
  'Variant SKU',
  'Variant Grams',
  'Variant Inventory Tracker',
  'Variant Inventory Qty',
  'Variant Inventory Policy',
  'Variant Price',
  'Variant Compare At Price',
  'Variant Barcode',
  'Variant Requires Shipping',
  'Gift Card',
  'Image Src',
  'Image Position',
  'Image Alt Text',
  'SEO Title',
  'SEO Description',
  'Status',
  // Not Shopify's: Carton's product brand (Shopify keeps it in a metafield). Shopify ignores it.
  'Brand',
] as const;
export type ShopifyColumn = (typeof SHOPIFY_COLUMNS)[number];

/** Column aliases seen in real files (older Shopify exports, hand-made sheets). */
const ALIASES: Record<string, ShopifyColumn> = {
  'product type': 'Type',
  'product category / type': 'Product Category',
  'variant weight': 'Variant Grams',
  body: 'Body (HTML)',
  description: 'Body (HTML)',
};

export interface RowError {
  row: number;
  column: string | null;
  message: string;
  handle: string | null;
}

/** A variant's money and stock from the file, applied through the pricing and inventory modules. */
export interface VariantValues {
  sku: string;
  row: number;
  /** Minor units of the store currency; null when the cell was empty. */
  price: number | null;
  compareAtPrice: number | null;
  /**
   * On-hand units to set at the store's default location; null leaves stock alone (an empty cell,
   * or a variant whose inventory the file says is not tracked by the shop — see `stockCell`).
   */
  inventoryQty: number | null;
}

/** Largest quantity accepted in Variant Inventory Qty (what the inventory module accepts). */
export const MAX_INVENTORY_QTY = 100_000_000;

export interface ImportProduct {
  handle: string;
  firstRow: number;
  lastRow: number;
  /** Records (rows) this product spans, for progress. */
  rowCount: number;
  product: BulkProduct;
  values: VariantValues[];
  errors: RowError[];
}

export interface PlannedImport {
  products: ImportProduct[];
  /** Errors that belong to no product (a row without a Handle, an unreadable row). */
  looseErrors: RowError[];
  /** Data rows in the file (header excluded), unreadable ones included. */
  totalRows: number;
}

export type HeaderIndex = Map<ShopifyColumn, number>;

/** Where each known column is in the header; throws a message when the file has no Handle column. */
export function readHeader(fields: readonly string[]): HeaderIndex {
  const index: HeaderIndex = new Map();
  const byLower = new Map(SHOPIFY_COLUMNS.map((c) => [c.toLowerCase(), c]));
  fields.forEach((raw, i) => {
    const name = raw.trim().toLowerCase();
    const column = byLower.get(name) ?? ALIASES[name];
    if (column && !index.has(column)) index.set(column, i);
  });
  return index;
}

const OPTION_INDEXES = [1, 2, 3] as const;
const VARIANT_COLUMNS: ShopifyColumn[] = [
  'Option1 Value',
  'Option2 Value',
  'Option3 Value',
  'Variant SKU',
  'Variant Grams',
  'Variant Inventory Qty',
  'Variant Price',
  'Variant Compare At Price',
  'Variant Barcode',
];

interface Group {
  handle: string;
  records: CsvRecord[];
  syntaxErrors: CsvSyntaxError[];
}

/**
 * Turn parsed records (header first) into products to write, with their row errors. Pure: the
 * store's state (SKUs used by other products) is checked when the batch is written.
 */
export function planImport(
  records: readonly CsvRecord[],
  syntaxErrors: readonly CsvSyntaxError[],
  currency: string,
): PlannedImport {
  const [header, ...data] = records;
  const columns = readHeader(header?.fields ?? []);
  const looseErrors: RowError[] = [];
  const groups: Group[] = [];
  const seenHandles = new Map<string, number>();

  // Records and unreadable rows in file order.
  const items: ({ kind: 'record'; r: CsvRecord } | { kind: 'syntax'; e: CsvSyntaxError })[] = [
    ...data.map((r) => ({ kind: 'record' as const, r })),
    ...syntaxErrors.map((e) => ({ kind: 'syntax' as const, e })),
  ].sort((a, b) => (a.kind === 'record' ? a.r.row : a.e.row) - (b.kind === 'record' ? b.r.row : b.e.row));

  let current = null as Group | null;
  for (const item of items) {
    const handle = (
      item.kind === 'record' ? cell(item.r, columns, 'Handle') : (item.e.firstField ?? '')
    ).trim();
    const row = item.kind === 'record' ? item.r.row : item.e.row;
    if (!handle) {
      looseErrors.push(
        item.kind === 'record'
          ? { row, column: 'Handle', message: 'Handle is required', handle: null }
          : { row, column: null, message: item.e.message, handle: null },
      );
      continue;
    }
    if (current?.handle !== handle) {
      const earlier = seenHandles.get(handle);
      if (earlier !== undefined) {
        looseErrors.push({
          row,
          column: 'Handle',
          message: `rows of product "${handle}" must be consecutive (it started at row ${earlier})`,
          handle,
        });
        continue;
      }
      current = { handle, records: [], syntaxErrors: [] };
      groups.push(current);
      seenHandles.set(handle, row);
    }
    if (item.kind === 'record') current.records.push(item.r);
    else current.syntaxErrors.push(item.e);
  }

  const skuRows = new Map<string, number>();
  const products = groups.map((g) => planProduct(g, columns, currency, skuRows));
  return { products, looseErrors, totalRows: data.length + syntaxErrors.length };
}

function cell(record: CsvRecord, columns: HeaderIndex, column: ShopifyColumn): string {
  const i = columns.get(column);
  return i === undefined ? '' : (record.fields[i] ?? '');
}

function planProduct(
  group: Group,
  columns: HeaderIndex,
  currency: string,
  skuRows: Map<string, number>,
): ImportProduct {
  const { handle } = group;
  const errors: RowError[] = group.syntaxErrors.map((e) => ({
    row: e.row,
    column: null,
    message: e.message,
    handle,
  }));
  const fail = (row: number, column: string | null, message: string) =>
    errors.push({ row, column, message, handle });
  const rows = group.records;
  const allRows = [...rows.map((r) => r.row), ...group.syntaxErrors.map((e) => e.row)];
  const firstRow = Math.min(...allRows);
  const lastRow = Math.max(...allRows);

  const product: BulkProduct = {
    handle,
    title: '',
    description: '',
    status: 'active',
    brand: null,
    vendor: null,
    productType: null,
    tags: [],
    seoTitle: null,
    seoDescription: null,
    publishedAt: null,
    requiresShipping: true,
    giftCard: false,
    categoryPath: null,
    options: [],
    variants: [],
    images: [],
  };
  const values: VariantValues[] = [];
  const base = { handle, firstRow, lastRow, rowCount: allRows.length, product, values, errors };
  const first = rows[0];
  if (!first) return base;
  const get = (r: CsvRecord, c: ShopifyColumn) => cell(r, columns, c).trim();

  if (!/^[a-z0-9][a-z0-9-_]*$/i.test(handle) || handle.length > 255) {
    fail(first.row, 'Handle', 'Handle may contain only letters, digits, "-" and "_"');
  }
  product.title = get(first, 'Title');
  if (!product.title) fail(first.row, 'Title', 'Title is required on the first row of a product');
  product.description = htmlToMarkdown(cell(first, columns, 'Body (HTML)'));
  product.vendor = get(first, 'Vendor') || null;
  product.brand = get(first, 'Brand') || null;
  product.productType = get(first, 'Type') || null;
  const category = get(first, 'Product Category');
  product.categoryPath = category
    ? category
        .split('>')
        .map((s) => s.trim())
        .filter(Boolean)
    : null;
  product.tags = [
    ...new Set(
      get(first, 'Tags')
        .split(',')
        .map((t) => t.trim())
        .filter(Boolean),
    ),
  ];
  product.seoTitle = get(first, 'SEO Title') || null;
  product.seoDescription = get(first, 'SEO Description') || null;

  const published = get(first, 'Published').toLowerCase();
  if (published && published !== 'true' && published !== 'false') {
    fail(first.row, 'Published', 'Published must be TRUE or FALSE');
  }
  const status = get(first, 'Status').toLowerCase();
  if (status) {
    if (status === 'active' || status === 'draft' || status === 'archived')
      product.status = status as ProductStatus;
    else fail(first.row, 'Status', 'Status must be active, draft or archived');
  } else {
    product.status = published === 'false' ? 'draft' : 'active';
  }
  // Shopify has no publish date in the file: a published product is published as of the import
  // (an already published one keeps its date; see upsertProducts).
  product.publishedAt =
    published === 'false' || product.status !== 'active' ? null : new Date().toISOString();

  // A gift card ships nothing; any variant that ships makes the product ship (Carton keeps it per
  // product). Blank cells: Shopify's defaults (ships, not a gift card).
  const giftCard = get(first, 'Gift Card').toLowerCase();
  if (giftCard && giftCard !== 'true' && giftCard !== 'false') {
    fail(first.row, 'Gift Card', 'Gift Card must be TRUE or FALSE');
  }
  product.giftCard = giftCard === 'true';
  const ships = rows
    .filter((r) => isVariantRow(r, columns))
    .map((r) => ({ row: r.row, value: get(r, 'Variant Requires Shipping').toLowerCase() }));
  for (const s of ships) {
    if (s.value && s.value !== 'true' && s.value !== 'false') {
      fail(s.row, 'Variant Requires Shipping', 'Variant Requires Shipping must be TRUE or FALSE');
    } else if (product.giftCard && s.value === 'true') {
      fail(s.row, 'Variant Requires Shipping', 'a gift card ships nothing');
    }
  }
  product.requiresShipping =
    !product.giftCard && (ships.length === 0 || ships.some((s) => s.value !== 'false'));

  // Options: names on the first row. "Title: Default Title" is Shopify's way of saying "none".
  const names: string[] = [];
  for (const k of OPTION_INDEXES) {
    const name = get(first, `Option${k} Name` as ShopifyColumn);
    if (!name) continue;
    if (names.length !== k - 1)
      fail(first.row, `Option${k} Name`, `Option${k} Name given without Option${k - 1} Name`);
    else if (names.includes(name)) fail(first.row, `Option${k} Name`, `option "${name}" is named twice`);
    else names.push(name);
  }
  const isDefaultTitle =
    names.length === 1 &&
    names[0] === 'Title' &&
    rows.every((r) => !isVariantRow(r, columns) || get(r, 'Option1 Value') === 'Default Title');
  const optionNames = isDefaultTitle ? [] : names;
  const optionValues = optionNames.map(() => [] as string[]);

  const combinations = new Map<string, number>();
  const images: (BulkImage & { position: number; order: number })[] = [];
  const exponent = minorUnitExponent(currency);

  for (const r of rows) {
    const src = get(r, 'Image Src');
    if (src) {
      if (!/^https?:\/\/\S+$/i.test(src)) fail(r.row, 'Image Src', 'Image Src must be an http(s) URL');
      const posText = get(r, 'Image Position');
      let position = Number.MAX_SAFE_INTEGER;
      if (posText) {
        if (!/^\d+$/.test(posText) || Number(posText) < 1) {
          fail(r.row, 'Image Position', 'Image Position must be a whole number from 1');
        } else position = Number(posText);
      }
      if (!images.some((i) => i.url === src)) {
        images.push({ url: src, alt: get(r, 'Image Alt Text'), position, order: images.length });
      }
    }
    if (!isVariantRow(r, columns)) continue;

    const variantOptions: Record<string, string> = {};
    for (const k of OPTION_INDEXES) {
      const value = get(r, `Option${k} Value` as ShopifyColumn);
      const name = optionNames[k - 1];
      if (isDefaultTitle) continue;
      if (value && !name) {
        fail(
          r.row,
          `Option${k} Value`,
          `Option${k} Value "${value}" given, but the product has no Option${k} Name`,
        );
      } else if (!value && name) {
        fail(r.row, `Option${k} Value`, `a value for option "${name}" is required`);
      } else if (value && name) {
        variantOptions[name] = value;
        if (!optionValues[k - 1]!.includes(value)) optionValues[k - 1]!.push(value);
      }
    }
    const comboKey = optionNames.map((n) => variantOptions[n] ?? '').join('\u0000');
    const sameAs = combinations.get(comboKey);
    if (sameAs !== undefined) {
      fail(
        r.row,
        'Option1 Value',
        optionNames.length
          ? `option values ${optionNames.map((n) => `${n}=${variantOptions[n]}`).join(', ')} repeat row ${sameAs}`
          : `a product without options has one variant; row ${sameAs} already is it`,
      );
    } else combinations.set(comboKey, r.row);

    let sku = get(r, 'Variant SKU');
    if (!sku) sku = `${handle}-${product.variants.length + 1}`; // Carton needs a SKU; Shopify does not
    if (sku.length > 255) fail(r.row, 'Variant SKU', 'Variant SKU is longer than 255 characters');
    const skuRow = skuRows.get(sku);
    if (skuRow !== undefined) fail(r.row, 'Variant SKU', `SKU "${sku}" is already used at row ${skuRow}`);
    else skuRows.set(sku, r.row);

    const weight = decimalCell(get(r, 'Variant Grams'), 'Variant Grams', null, r.row, fail);
    const inventoryQty = stockCell(r, columns, fail);
    const policy = get(r, 'Variant Inventory Policy').toLowerCase();
    if (policy && policy !== 'deny' && policy !== 'continue') {
      fail(r.row, 'Variant Inventory Policy', 'Variant Inventory Policy must be deny or continue');
    }
    const price = decimalCell(get(r, 'Variant Price'), 'Variant Price', exponent, r.row, fail);
    const compareAt = decimalCell(
      get(r, 'Variant Compare At Price'),
      'Variant Compare At Price',
      exponent,
      r.row,
      fail,
    );

    const variant: BulkVariant = {
      sku,
      barcode: get(r, 'Variant Barcode') || null,
      title: optionNames.map((n) => variantOptions[n]).join(' / '),
      optionValues: variantOptions,
      weightGrams: weight === null ? null : Math.round(weight),
      backorderPolicy: policy === 'continue' ? 'allow' : 'deny',
    };
    product.variants.push(variant);
    values.push({ sku, row: r.row, price, compareAtPrice: compareAt, inventoryQty });
  }

  product.options = optionNames.map((name, i) => ({ name, values: optionValues[i]! }));
  product.images = images
    .sort((a, b) => a.position - b.position || a.order - b.order)
    .map(({ url, alt }) => ({ url, alt }));
  return base;
}

/**
 * Variant Inventory Qty, read as Shopify reads it: the quantity counts only when the shop tracks
 * the variant's inventory — `Variant Inventory Tracker` is `shopify` (any case), or the file has no
 * such column (a hand-made sheet). A blank tracker means "not tracked" and another value (`shipwire`,
 * `amazon_marketplace_web`…) "tracked by a fulfilment service": Shopify ignores the quantity then,
 * and so does Carton (the cell is not even checked). A blank quantity leaves stock alone. A counted
 * quantity must be a whole number from 0 to MAX_INVENTORY_QTY; anything else is a row error.
 */
function stockCell(
  r: CsvRecord,
  columns: HeaderIndex,
  fail: (row: number, column: string, message: string) => void,
): number | null {
  const column = 'Variant Inventory Qty';
  if (columns.has('Variant Inventory Tracker')) {
    const tracker = cell(r, columns, 'Variant Inventory Tracker').trim().toLowerCase();
    if (tracker !== 'shopify') return null;
  }
  const text = cell(r, columns, column).trim();
  if (!text) return null;
  if (!/^[-+]?\d+$/.test(text)) {
    fail(r.row, column, `${column} "${text.slice(0, 40)}" is not a whole number`);
    return null;
  }
  const qty = Number(text);
  if (qty < 0) {
    fail(r.row, column, `${column} must not be negative`);
    return null;
  }
  if (qty > MAX_INVENTORY_QTY) {
    fail(r.row, column, `${column} must be at most ${MAX_INVENTORY_QTY}`);
    return null;
  }
  return qty;
}

function isVariantRow(r: CsvRecord, columns: HeaderIndex): boolean {
  return VARIANT_COLUMNS.some((c) => cell(r, columns, c).trim() !== '');
}

/**
 * A non-negative decimal cell. With `exponent`, an amount of money in minor units (at most
 * `exponent` decimals); without, a plain number.
 */
function decimalCell(
  text: string,
  column: string,
  exponent: number | null,
  row: number,
  fail: (row: number, column: string, message: string) => void,
): number | null {
  if (!text) return null;
  const m = /^(-)?(\d+)(?:\.(\d+))?$/.exec(text);
  if (!m) {
    fail(row, column, `${column} "${text.slice(0, 40)}" is not a number`);
    return null;
  }
  if (m[1] && /[1-9]/.test(text)) {
    fail(row, column, `${column} must not be negative`);
    return null;
  }
  if (exponent === null) return Number(`${m[2]}.${m[3] ?? '0'}`);
  const fraction = (m[3] ?? '').replace(/0+$/, '');
  if (fraction.length > exponent) {
    fail(row, column, `${column} has more than ${exponent} decimal places`);
    return null;
  }
  const minor = Number(m[2]!) * 10 ** exponent + Number(fraction.padEnd(exponent, '0') || '0');
  if (!Number.isSafeInteger(minor) || minor > 2_147_483_647) {
    fail(row, column, `${column} is too large`);
    return null;
  }
  return minor;
}
