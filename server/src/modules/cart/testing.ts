import { sql } from 'drizzle-orm';
import { randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import type { Platform } from '../../platform/context.ts';
import { call, createTestApiKey, createTestStore } from '../../../test/identity.ts';
import { withStore, type Db } from '../../platform/db/database.ts';
import { newId } from '../../platform/ids.ts';
import { assignProductsToCategory, createCategory } from '../catalog/service.ts';
import { createStockLocation, setInventoryLevel } from '../inventory/service.ts';
import { setVariantPrices } from '../pricing/service.ts';
import { seedDemoShipping } from '../shipping/seed.ts';
import { seedDemoTax } from '../tax/seed.ts';

/**
 * Test fixtures: an active product with priced, stocked variants. Products and variants are
 * written straight into the catalog tables (as the database owner), prices and stock through
 * the pricing and inventory services.
 */
export interface SellableProduct {
  productId: string;
  variantIds: string[];
  locationId: string;
}

export async function insertSellableProduct(
  db: Db,
  storeId: string,
  options: {
    variants?: number;
    price?: number;
    currency?: string;
    stock?: number;
    status?: 'active' | 'draft' | 'archived';
    backorderPolicy?: 'deny' | 'allow';
    title?: string;
    locationId?: string;
    /** False: digital goods or a service (nothing ships). */
    requiresShipping?: boolean;
    /** Sold as a gift card (ships nothing; each unit bought becomes a card). */
    giftCard?: boolean;
  } = {},
): Promise<SellableProduct> {
  const count = options.variants ?? 1;
  const productId = newId('prod');
  const tag = randomBytes(4).toString('hex');
  await db.execute(sql`
    INSERT INTO products (id, store_id, handle, title, status, requires_shipping, gift_card)
    VALUES (${productId}, ${storeId}, ${`p-${tag}`}, ${options.title ?? `Product ${tag}`}, ${options.status ?? 'active'},
            ${!options.giftCard && (options.requiresShipping ?? true)}, ${options.giftCard ?? false})`);
  const variantIds = Array.from({ length: count }, () => newId('var'));
  await db.execute(sql`
    INSERT INTO variants (id, store_id, product_id, sku, title, position, weight_grams, backorder_policy)
    SELECT v.id, ${storeId}, ${productId}, ${`SKU-${tag}-`} || v.n, 'Size ' || v.n, v.n, 250,
           ${options.backorderPolicy ?? 'deny'}
    FROM unnest(${sql.param(variantIds)}::text[]) WITH ORDINALITY AS v(id, n)`);
  await db.execute(sql`
    INSERT INTO product_images (id, store_id, product_id, storage_key, url, position, is_primary, content_type, byte_size)
    VALUES (${newId('img')}, ${storeId}, ${productId}, ${`k-${tag}`}, ${`https://cdn.example.com/${tag}.jpg`}, 0, true,
            'image/jpeg', 100)`);
  await setVariantPrices(db, {
    storeId,
    prices: variantIds.map((id) => ({
      variant_id: id,
      currency: options.currency ?? 'USD',
      amount: options.price ?? 1000,
    })),
  });
  const locationId =
    options.locationId ??
    (await createStockLocation(db, { storeId, input: { name: `Warehouse ${tag}`, code: `wh-${tag}` } })).id;
  for (const id of variantIds) {
    await setInventoryLevel(db, {
      storeId,
      input: { variant_id: id, location_id: locationId, on_hand: options.stock ?? 50 },
    });
  }
  return { productId, variantIds, locationId };
}

/** A category (optionally under a parent) holding these products. */
export async function insertCategory(
  db: Db,
  storeId: string,
  options: { name: string; parentId?: string; productIds?: string[] },
): Promise<string> {
  return withStore(db, storeId, async (tx) => {
    const category = await createCategory(tx, storeId, {
      name: options.name,
      parentId: options.parentId ?? null,
    });
    if (options.productIds?.length)
      await assignProductsToCategory(tx, storeId, category.id, options.productIds);
    return category.id;
  });
}

const SF = { line1: '1 Main St', city: 'San Francisco', region: 'CA', postal_code: '94105', country: 'US' };

/**
 * A cart ready to complete, over HTTP as a storefront builds it: created with an e-mail and a
 * Californian address, one variant added, the first shipping option chosen. Each step must succeed.
 */
export async function readyTestCart(
  server: { url: string },
  o: { headers: Record<string, string>; email: string; variantId: string; quantity?: number },
): Promise<string> {
  const step = async (method: string, path: string, body?: unknown) => {
    const res = await call(server, method, path, { headers: o.headers, body });
    expect(res.status, `${method} ${path}: ${JSON.stringify(res.body)}`).toBeLessThan(300);
    return res.body;
  };
  const id = (await step('POST', '/store/v1/carts', { email: o.email, shipping_address: SF })).id as string;
  await step('POST', `/store/v1/carts/${id}/lines`, { variant_id: o.variantId, quantity: o.quantity ?? 1 });
  const options = await step('GET', `/store/v1/carts/${id}/shipping-options`);
  await step('PUT', `/store/v1/carts/${id}/shipping-method`, { method_id: options.data[0].id });
  return id;
}

/**
 * A new store ready to sell in tests: its publishable (`pk`) and secret (`sk`) keys' headers, and
 * the demo's US shipping (Standard $5.99, free over $50; Express by weight) and state sales taxes.
 */
export async function sellingTestStore(server: {
  platform: Platform;
}): Promise<{ storeId: string; pk: Record<string, string>; sk: Record<string, string> }> {
  const storeId = (await createTestStore(server)).id;
  const db = server.platform.db;
  const pk = (await createTestApiKey(server, { storeId, kind: 'publishable' })).headers;
  const sk = (await createTestApiKey(server, { storeId })).headers;
  await seedDemoShipping(db, { storeId, country: 'US', currency: 'USD' });
  await seedDemoTax(db, { storeId });
  return { storeId, pk, sk };
}

/** An address in Austin, Texas (6.25 % sales tax in the demo's rates), in Ada Lane's name. */
export const TEXAS_ADDRESS = {
  first_name: 'Ada',
  last_name: 'Lane',
  line1: '1 Main St',
  city: 'Austin',
  region: 'TX',
  postal_code: '73301',
  country: 'US',
};
