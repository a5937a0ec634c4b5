/**
 * `carton seed --products N`: a realistic, reproducible catalog for demos and benchmarks —
 * a category tree, brands, options (size, colour, …) with about three variants per product,
 * prices in the store currency, stock at one or two warehouses — written in batches through
 * `bulk.ts` and the pricing and inventory modules' batch functions, then indexed for search in one
 * pass (no per-product events: a hundred thousand would only flood the outbox).
 */
import { sql } from 'drizzle-orm';
import type { Platform } from '../../../platform/context.ts';
import { withStore } from '../../../platform/db/database.ts';
import { isAppError } from '../../../platform/errors.ts';
import { minorUnitExponent } from '../../../platform/money.ts';
import {
  createStockLocation,
  defaultStockLocation,
  listStockLocations,
  setStockLevelsInTx,
  type StockLocationView,
} from '../../inventory/service.ts';
import { setVariantPricesInTx } from '../../pricing/service.ts';
import { reindexStore } from '../../search/indexer.ts';
import { getStore } from '../../tenancy/service.ts';
import {
  ensureCategoryPaths,
  slugify,
  upsertProducts,
  type BulkProduct,
  type ProductStatus,
} from '../bulk.ts';

export interface SeedProgress {
  phase: 'products' | 'search';
  done: number;
  total: number;
  /** Items per second so far in this phase. */
  rate: number;
  /** Seconds left at that rate. */
  etaSeconds: number;
}

export interface SeedCatalogResult {
  products: number;
  variants: number;
  categories: number;
  /** Stock generated: the warehouses used, and how many variants are out of stock or low. */
  stock: { locations: number; levels: number; outOfStock: number; low: number };
  seconds: number;
}

/** Reorder point the seed gives every variant at the main warehouse: below it, a level is low on stock. */
export const SEED_REORDER_POINT = 5;

/**
 * Stock of one variant: about 4 % out of stock, 10 % low (1–4 units, under the reorder point),
 * the rest 5–200 units skewed low; a third of those in stock also held at the second warehouse.
 */
function stockFor(rand: () => number): { main: number; second: number | null } {
  const roll = rand();
  if (roll < 0.04) return { main: 0, second: null };
  if (roll < 0.14) return { main: 1 + Math.floor(rand() * (SEED_REORDER_POINT - 1)), second: null };
  const main = SEED_REORDER_POINT + Math.floor(rand() * rand() * 196);
  return { main, second: rand() < 0.33 ? 1 + Math.floor(rand() * 60) : null };
}

/**
 * The warehouses the seed stocks: the store's default location (created, "Default warehouse", if
 * the store has none) and a second active one (created, "Second warehouse", if there is none).
 */
async function seedLocations(db: Platform['db'], storeId: string): Promise<StockLocationView[]> {
  const main = (await defaultStockLocation(db, { storeId, create: true }))!.location;
  const active = await listStockLocations(db, { storeId, query: { active: 'true', limit: 2 } });
  const other = active.data.find((l) => l.id !== main.id);
  if (other) return [main, other];
  try {
    const second = await createStockLocation(db, {
      storeId,
      input: { name: 'Second warehouse', code: 'warehouse-2', priority: main.priority + 10 },
    });
    return [main, second];
  } catch (err) {
    // The code is taken by an inactive location: the merchant closed it; stock only the main one.
    if (isAppError(err) && err.code === 'ALREADY_EXISTS') return [main];
    throw err;
  }
}

const DEPARTMENTS: {
  name: string;
  subs: Record<string, string[]>;
  nouns: string[];
  options: OptionKind[];
}[] = [
  {
    name: 'Apparel',
    subs: {
      Tops: ['T-Shirts', 'Shirts', 'Sweaters'],
      Bottoms: ['Jeans', 'Trousers', 'Shorts'],
      Outerwear: ['Jackets', 'Coats', 'Raincoats'],
      Activewear: ['Leggings', 'Sports Bras', 'Tracksuits'],
    },
    nouns: ['Tee', 'Shirt', 'Hoodie', 'Sweater', 'Jacket', 'Chinos', 'Jeans', 'Parka', 'Polo', 'Cardigan'],
    options: ['size', 'colour'],
  },
  {
    name: 'Footwear',
    subs: {
      Sneakers: ['Running', 'Court', 'Trail'],
      Boots: ['Chelsea Boots', 'Hiking Boots', 'Work Boots'],
      Sandals: ['Slides', 'Flip-Flops', 'Sport Sandals'],
    },
    nouns: ['Runner', 'Sneaker', 'Boot', 'Loafer', 'Sandal', 'Trainer', 'Slip-On'],
    options: ['shoe', 'colour'],
  },
  {
    name: 'Electronics',
    subs: {
      Audio: ['Headphones', 'Speakers', 'Earbuds'],
      Phones: ['Smartphones', 'Cases', 'Chargers'],
      Computing: ['Laptops', 'Keyboards', 'Mice'],
    },
    nouns: ['Headphones', 'Speaker', 'Earbuds', 'Charger', 'Keyboard', 'Mouse', 'Power Bank', 'Webcam'],
    options: ['storage', 'colour'],
  },
  {
    name: 'Home & Kitchen',
    subs: {
      Cookware: ['Pans', 'Pots', 'Knives'],
      Bedding: ['Duvets', 'Pillows', 'Sheets'],
      Decor: ['Lamps', 'Vases', 'Candles'],
    },
    nouns: ['Skillet', 'Saucepan', 'Chef Knife', 'Duvet', 'Pillow', 'Lamp', 'Vase', 'Candle', 'Mug'],
    options: ['colour', 'material'],
  },
  {
    name: 'Beauty',
    subs: {
      Skincare: ['Cleansers', 'Moisturisers', 'Serums'],
      Fragrance: ['Eau de Parfum', 'Eau de Toilette', 'Body Mist'],
      Haircare: ['Shampoo', 'Conditioner', 'Styling'],
    },
    nouns: ['Serum', 'Cleanser', 'Moisturiser', 'Shampoo', 'Conditioner', 'Perfume', 'Lip Balm'],
    options: ['volume'],
  },
  {
    name: 'Sports & Outdoors',
    subs: {
      Camping: ['Tents', 'Sleeping Bags', 'Stoves'],
      Cycling: ['Helmets', 'Lights', 'Locks'],
      Fitness: ['Dumbbells', 'Yoga Mats', 'Resistance Bands'],
    },
    nouns: ['Tent', 'Sleeping Bag', 'Helmet', 'Bike Light', 'Yoga Mat', 'Dumbbell', 'Water Bottle'],
    options: ['size', 'colour'],
  },
  {
    name: 'Toys & Games',
    subs: {
      'Board Games': ['Strategy', 'Family', 'Party'],
      Puzzles: ['Jigsaw', '3D Puzzles', 'Brain Teasers'],
      'Building Sets': ['Bricks', 'Magnetic Tiles', 'Construction'],
    },
    nouns: ['Board Game', 'Puzzle', 'Building Set', 'Card Game', 'Robot Kit', 'Plush'],
    options: ['edition'],
  },
  {
    name: 'Grocery',
    subs: {
      Coffee: ['Beans', 'Ground', 'Capsules'],
      Tea: ['Black Tea', 'Green Tea', 'Herbal'],
      Snacks: ['Chocolate', 'Nuts', 'Crisps'],
    },
    nouns: ['Coffee', 'Espresso Beans', 'Green Tea', 'Chocolate Bar', 'Trail Mix', 'Granola'],
    options: ['weight'],
  },
];

type OptionKind = 'size' | 'shoe' | 'colour' | 'storage' | 'material' | 'volume' | 'edition' | 'weight';
const OPTIONS: Record<OptionKind, { name: string; values: string[] }> = {
  size: { name: 'Size', values: ['XS', 'S', 'M', 'L', 'XL', 'XXL'] },
  shoe: { name: 'Size', values: ['38', '39', '40', '41', '42', '43', '44', '45'] },
  colour: { name: 'Colour', values: ['Black', 'White', 'Navy', 'Red', 'Green', 'Grey', 'Beige', 'Blue'] },
  storage: { name: 'Storage', values: ['64 GB', '128 GB', '256 GB', '512 GB'] },
  material: { name: 'Material', values: ['Cotton', 'Linen', 'Steel', 'Ceramic', 'Oak'] },
  volume: { name: 'Volume', values: ['30 ml', '50 ml', '100 ml', '200 ml'] },
  edition: { name: 'Edition', values: ['Standard', 'Deluxe', 'Collector'] },
  weight: { name: 'Weight', values: ['250 g', '500 g', '1 kg'] },
};
const ADJECTIVES = [
  'Classic',
  'Essential',
  'Everyday',
  'Premium',
  'Lightweight',
  'Organic',
  'Vintage',
  'Urban',
  'Alpine',
  'Coastal',
  'Heritage',
  'Modern',
  'Compact',
  'Pro',
  'Eco',
  'Soft',
  'Rugged',
  'Slim',
  'Cosy',
  'Bold',
];
const SYLLABLES = [
  'nor',
  'th',
  'wind',
  'ka',
  'lo',
  've',
  'ra',
  'sol',
  'mi',
  'ta',
  'zen',
  'do',
  'ar',
  'ion',
  'bel',
  'ko',
];
const TAGS = ['new', 'bestseller', 'sale', 'eco', 'gift', 'limited', 'summer', 'winter', 'vegan', 'handmade'];

/** A picture drawn for the product: its department's silhouette in its first colour. */
function demoImageUrl(department: string, noun: string, colour: string): string {
  return `/demo-images/${slugify(department)}/${slugify(noun)}/${slugify(colour)}.svg`;
}

/** A small fast PRNG (mulberry32): the same seed gives the same catalog. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function brands(rand: () => number, count: number): string[] {
  const out = new Set<string>();
  while (out.size < count) {
    const n = 2 + Math.floor(rand() * 2);
    let name = '';
    for (let i = 0; i < n; i++) name += SYLLABLES[Math.floor(rand() * SYLLABLES.length)];
    out.add(name[0]!.toUpperCase() + name.slice(1));
  }
  return [...out];
}

/** Variants per product: 1–5, about three on average. */
function variantCount(rand: () => number): number {
  const x = rand();
  // Skewed up a little: departments with one short option cap some products below their draw.
  return x < 0.05 ? 1 : x < 0.2 ? 2 : x < 0.6 ? 3 : x < 0.85 ? 4 : 5;
}

/**
 * Generate and write `products` products in `storeId` (added after any it already has), then
 * fill the search index. Prices are in the store currency; stock is set through the inventory
 * module (`setStockLevelsInTx`, ledger reason `import`, no events) at the locations `seedLocations` picks.
 */
export async function seedCatalog(
  platform: Pick<Platform, 'db'>,
  options: {
    storeId: string;
    products: number;
    batchSize?: number;
    seed?: number;
    onProgress?: (p: SeedProgress) => void;
  },
): Promise<SeedCatalogResult> {
  const { storeId, products: total } = options;
  const db = platform.db;
  const batchSize = options.batchSize ?? 500;
  const started = Date.now();
  const store = await getStore(db, storeId);
  const scale = 10 ** minorUnitExponent(store.currency);
  const rand = random(options.seed ?? 42);
  const brandNames = brands(rand, 60);

  // The category tree first, so every batch finds it.
  const leaves: { dept: (typeof DEPARTMENTS)[number]; path: string[] }[] = [];
  for (const dept of DEPARTMENTS) {
    for (const [sub, ls] of Object.entries(dept.subs))
      for (const leaf of ls) leaves.push({ dept, path: [dept.name, sub, leaf] });
  }
  const existing = await withStore(db, storeId, async (tx) => {
    await ensureCategoryPaths(
      tx,
      storeId,
      leaves.map((l) => l.path),
    );
    const { rows } = await tx.execute<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM products WHERE store_id = ${storeId}`,
    );
    return rows[0]!.n;
  });

  // Stock draws from its own generator, so the catalog itself is the same as before stock existed.
  const stockRand = random((options.seed ?? 42) ^ 0x5eed);
  const locations = await seedLocations(db as Platform['db'], storeId);
  const stockTotals = { locations: locations.length, levels: 0, outOfStock: 0, low: 0 };

  let variants = 0;
  for (let done = 0; done < total;) {
    const size = Math.min(batchSize, total - done);
    const batch: BulkProduct[] = [];
    const prices: { sku: string; amount: number; compareAt: number | null }[] = [];
    for (let i = 0; i < size; i++) {
      const n = existing + done + i + 1;
      const leaf = leaves[Math.floor(rand() * leaves.length)]!;
      const brand = brandNames[Math.floor(rand() * brandNames.length)]!;
      const noun = leaf.dept.nouns[Math.floor(rand() * leaf.dept.nouns.length)]!;
      const adjective = ADJECTIVES[Math.floor(rand() * ADJECTIVES.length)]!;
      const title = `${brand} ${adjective} ${noun}`;
      const statusRoll = rand();
      const status: ProductStatus = statusRoll < 0.9 ? 'active' : statusRoll < 0.97 ? 'draft' : 'archived';

      // Options: pick values so that their combinations give the wanted number of variants.
      const want = variantCount(rand);
      const kinds = leaf.dept.options;
      const first = OPTIONS[kinds[0]!];
      const second = kinds[1] ? OPTIONS[kinds[1]] : null;
      const secondCount = second && want > 2 ? 2 : 1;
      const firstCount = Math.min(first.values.length, Math.ceil(want / secondCount));
      const offset = Math.floor(rand() * first.values.length);
      const firstValues = Array.from(
        { length: firstCount },
        (_, k) => first.values[(offset + k) % first.values.length]!,
      );
      const secondValues = second
        ? Array.from(
            { length: secondCount },
            (_, k) => second.values[(offset * 3 + k) % second.values.length]!,
          )
        : [];
      const combos: Record<string, string>[] = [];
      for (const a of firstValues) {
        if (second) for (const b of secondValues) combos.push({ [first.name]: a, [second.name]: b });
        else combos.push({ [first.name]: a });
      }
      const chosen = combos.slice(0, want);
      const usedSecond = second ? [...new Set(chosen.map((c) => c[second.name]!))] : [];
      const usedFirst = [...new Set(chosen.map((c) => c[first.name]!))];

      const base = Math.round((5 + rand() * rand() * 495) * scale);
      const onSale = rand() < 0.2;
      const code = `S${n.toString(36).toUpperCase()}`;
      batch.push({
        handle: `${slugify(title)}-${n}`,
        title,
        requiresShipping: true,
        giftCard: false,
        description:
          `The ${title} from ${brand}: ${adjective.toLowerCase()} ${noun.toLowerCase()} for every day.\n\n` +
          `Part of our ${leaf.path[2]} range in ${leaf.dept.name}.`,
        status,
        brand,
        vendor: `${brand} Co.`,
        productType: leaf.path[2]!,
        tags: [
          ...new Set([TAGS[Math.floor(rand() * TAGS.length)]!, TAGS[Math.floor(rand() * TAGS.length)]!]),
        ],
        seoTitle: `${title} | ${brand}`,
        seoDescription: null,
        publishedAt: status === 'active' ? new Date(started).toISOString() : null,
        categoryPath: leaf.path,
        options: [
          { name: first.name, values: usedFirst },
          ...(second && usedSecond.length ? [{ name: second.name, values: usedSecond }] : []),
        ],
        variants: chosen.map((values, k) => ({
          sku: `${code}-${k + 1}`,
          barcode: null,
          title: Object.values(values).join(' / '),
          optionValues: second && usedSecond.length ? values : { [first.name]: values[first.name]! },
          weightGrams: 100 + Math.floor(rand() * 2000),
          backorderPolicy: 'deny',
        })),
        // Drawn by Carton itself (server/src/web/demo-images.ts): the demo shop shows pictures offline.
        images: [
          { url: demoImageUrl(leaf.dept.name, noun, chosen[0]?.Colour ?? `tone-${n % 8}`), alt: title },
        ],
      });
      chosen.forEach((_, k) =>
        prices.push({
          sku: `${code}-${k + 1}`,
          amount: base + k * scale,
          compareAt: onSale ? Math.round((base + k * scale) * 1.25) : null,
        }),
      );
    }

    await withStore(db, storeId, async (tx) => {
      const written = await upsertProducts(tx, { storeId, products: batch, fresh: true });
      const ids = new Map(written.flatMap((p) => p.variants.map((v) => [v.sku, v.id] as const)));
      const rows = prices.map((p) => ({
        variant_id: ids.get(p.sku)!,
        currency: store.currency,
        amount: p.amount,
        compare_at_amount: p.compareAt,
      }));
      for (let i = 0; i < rows.length; i += 1000) {
        await setVariantPricesInTx(tx, { storeId, prices: rows.slice(i, i + 1000), emitEvents: false });
      }
      // Stock, set-based: one bulk set per warehouse per batch.
      const main: { variant_id: string; on_hand: number; reorder_point: number }[] = [];
      const second: { variant_id: string; on_hand: number }[] = [];
      for (const p of prices) {
        const variantId = ids.get(p.sku)!;
        const stock = stockFor(stockRand);
        main.push({ variant_id: variantId, on_hand: stock.main, reorder_point: SEED_REORDER_POINT });
        if (stock.main === 0) stockTotals.outOfStock++;
        else if (stock.main < SEED_REORDER_POINT) stockTotals.low++;
        if (stock.second !== null && locations[1])
          second.push({ variant_id: variantId, on_hand: stock.second });
      }
      for (const [location, levels] of [
        [locations[0]!, main],
        [locations[1], second],
      ] as const) {
        if (!location || !levels.length) continue;
        await setStockLevelsInTx(tx, {
          storeId,
          input: { location_id: location.id, reason: 'import', note: 'carton seed --products', levels },
          emitEvents: false,
        });
        stockTotals.levels += levels.length;
      }
    });
    done += size;
    variants += prices.length;
    const seconds = (Date.now() - started) / 1000;
    const rate = done / Math.max(seconds, 0.001);
    options.onProgress?.({ phase: 'products', done, total, rate, etaSeconds: (total - done) / rate });
  }

  const indexStarted = Date.now();
  const all = existing + total;
  // The search subscriber may be indexing the new categories' events at the same moment (a running
  // worker): the two can deadlock on the index's rows. The reindex rebuilds from current state,
  // so running it again is safe.
  for (let attempt = 1; ; attempt++) {
    try {
      await reindexStore(db as Platform['db'], {
        storeId,
        onProgress: (done) => {
          const rate = done / Math.max((Date.now() - indexStarted) / 1000, 0.001);
          options.onProgress?.({ phase: 'search', done, total: all, rate, etaSeconds: (all - done) / rate });
        },
      });
      break;
    } catch (err) {
      const code =
        (err as { code?: string; cause?: { code?: string } }).cause?.code ?? (err as { code?: string }).code;
      if (code !== '40P01' || attempt >= 5) throw err;
      await new Promise((r) => setTimeout(r, 100 * attempt));
    }
  }

  const categories = new Set(leaves.flatMap((l) => l.path.map((_, i) => l.path.slice(0, i + 1).join('>'))))
    .size;
  return {
    products: total,
    variants,
    categories,
    stock: stockTotals,
    seconds: (Date.now() - started) / 1000,
  };
}

/**
 * Two demo products that ship nothing, to try the checkout without shipping: a gift card in three
 * values (the code is e-mailed once paid) and an e-book. In the store's currency, sold without
 * stock (`allow` backorders). Skipped when the store has them already.
 */
export async function seedDigitalProducts(platform: Platform, storeId: string): Promise<void> {
  const store = await getStore(platform.db, storeId);
  const major = 10 ** minorUnitExponent(store.currency);
  const product = (
    p: Pick<BulkProduct, 'handle' | 'title' | 'description' | 'giftCard'> & { options: string[] },
  ): BulkProduct => ({
    ...p,
    status: 'active',
    brand: null,
    vendor: null,
    productType: p.giftCard ? 'Gift card' : 'E-book',
    tags: [],
    seoTitle: null,
    seoDescription: null,
    publishedAt: new Date().toISOString(),
    requiresShipping: false,
    categoryPath: null,
    options: p.options.length ? [{ name: 'Value', values: p.options }] : [],
    variants: (p.options.length ? p.options : ['']).map((value) => ({
      sku: `${p.handle.toUpperCase()}${value ? `-${value}` : ''}`,
      barcode: null,
      title: value,
      optionValues: (value ? { Value: value } : {}) as Record<string, string>,
      weightGrams: null,
      backorderPolicy: 'allow',
    })),
    images: [],
  });
  const products = [
    product({
      handle: 'gift-card',
      title: 'Gift card',
      description: 'A gift card for the shop. Its code is e-mailed to you once your payment goes through.',
      giftCard: true,
      options: ['25', '50', '100'],
    }),
    product({
      handle: 'field-guide-ebook',
      title: 'The field guide (e-book)',
      description: 'Our guide to everything in the shop, as an e-book: nothing is shipped.',
      giftCard: false,
      options: [],
    }),
  ];
  await withStore(platform.db, storeId, async (tx) => {
    const { rows } = await tx.execute<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM products WHERE store_id = ${storeId} AND handle = 'gift-card'`,
    );
    if (rows[0]!.n > 0) return;
    const written = await upsertProducts(tx, { storeId, products, fresh: true });
    const prices = written.flatMap((p) =>
      p.variants.map((v) => ({
        variant_id: v.id,
        currency: store.currency,
        amount: (v.sku.startsWith('GIFT-CARD-') ? Number(v.sku.slice('GIFT-CARD-'.length)) : 12) * major,
      })),
    );
    await setVariantPricesInTx(tx, { storeId, prices });
  });
}
