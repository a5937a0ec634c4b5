import type { Db } from '../../platform/db/database.ts';
import { getStore } from '../tenancy/service.ts';

const TTL_MS = 60_000;
const cache = new Map<string, { currency: string; locale: string; at: number }>();

/**
 * A store's default currency and locale, cached for a minute: every storefront read needs them
 * and they change about never (a change shows up within the minute).
 */
export async function storeDefaults(db: Db, storeId: string): Promise<{ currency: string; locale: string }> {
  const hit = cache.get(storeId);
  if (hit && Date.now() - hit.at < TTL_MS) return hit;
  const store = await getStore(db, storeId);
  const entry = { currency: store.currency.trim(), locale: store.locale, at: Date.now() };
  if (cache.size > 10_000) cache.clear();
  cache.set(storeId, entry);
  return entry;
}

export async function storeCurrency(db: Db, storeId: string): Promise<string> {
  return (await storeDefaults(db, storeId)).currency;
}
