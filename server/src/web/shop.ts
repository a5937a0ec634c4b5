import { createHmac } from 'node:crypto';
import type { Platform } from '../platform/context.ts';
import { withStore } from '../platform/db/database.ts';
import { ensurePublishableKey } from '../modules/identity/api-keys.ts';
import { quotableCurrencies } from '../modules/pricing/seed.ts';
import { findStoreByHandle } from '../modules/tenancy/service.ts';

/** The store whose shop this process serves, and the publishable key its pages use. */
export interface ServedShop {
  storeId: string;
  storeName: string;
  storeCurrency: string;
  currencies: string[];
  publishableKey: string;
}

/**
 * The storefront's publishable key, derived from CARTON_SECRET and the store (a key is stored only
 * as a hash, so the key printed at the first start cannot be read back): every API process derives
 * the same one and makes sure the store has it. Publishable keys are public by design.
 */
export function storefrontKey(secret: string, storeId: string): string {
  return (
    'pk_' + createHmac('sha256', secret).update(`storefront-key:${storeId}`).digest('base64url').slice(0, 32)
  );
}

const TTL_MS = 60_000;
let cached: { shop: ServedShop | null; at: number; handle: string } | null = null;
let pending: Promise<ServedShop | null> | null = null;

/** The shop (STOREFRONT_STORE), looked up at most once a minute; null until that store exists. */
export function servedShop(platform: Platform): Promise<ServedShop | null> {
  const handle = platform.config.STOREFRONT_STORE;
  if (cached && cached.handle === handle && cached.shop && Date.now() - cached.at < TTL_MS) {
    return Promise.resolve(cached.shop);
  }
  pending ??= lookUp(platform, handle)
    .then((shop) => {
      cached = { shop, at: Date.now(), handle };
      return shop;
    })
    .finally(() => {
      pending = null;
    });
  return pending;
}

async function lookUp(platform: Platform, handle: string): Promise<ServedShop | null> {
  const store = await findStoreByHandle(platform.db, handle);
  if (!store) return null;
  const key = storefrontKey(platform.config.CARTON_SECRET, store.id);
  await withStore(platform.db, store.id, (tx) =>
    ensurePublishableKey(tx, { storeId: store.id, key, name: 'Storefront (served by Carton)' }),
  );
  return {
    storeId: store.id,
    storeName: store.name,
    storeCurrency: store.currency,
    currencies: await quotableCurrencies(platform.db, { storeId: store.id, baseCurrency: store.currency }),
    publishableKey: key,
  };
}
