import { randomBytes } from 'node:crypto';
import type { Config } from '../../platform/config.ts';
import type { Db } from '../../platform/db/database.ts';
import { newId } from '../../platform/ids.ts';
import { getStore } from '../tenancy/service.ts';

/**
 * The rules a cart follows: how long it lives without a change and how much it may hold. The
 * defaults come from config (CART_EXPIRY_DAYS, CART_MAX_LINE_QUANTITY, CART_MAX_LINES); a store
 * overrides the limits with `settings.cart.max_line_quantity` / `settings.cart.max_lines`.
 */
export interface CartDefaults {
  expiryDays: number;
  maxLineQuantity: number;
  maxLines: number;
}

let defaults: CartDefaults = { expiryDays: 30, maxLineQuantity: 100, maxLines: 100 };

/** Called when the module starts in a process (API or worker). */
export function configureCartDefaults(
  config: Pick<Config, 'CART_EXPIRY_DAYS' | 'CART_MAX_LINE_QUANTITY' | 'CART_MAX_LINES'>,
): void {
  defaults = {
    expiryDays: config.CART_EXPIRY_DAYS,
    maxLineQuantity: config.CART_MAX_LINE_QUANTITY,
    maxLines: config.CART_MAX_LINES,
  };
  storeRules.clear();
}

export function cartExpiryDays(): number {
  return defaults.expiryDays;
}

export interface StoreCartRules {
  currency: string;
  locale: string;
  maxLineQuantity: number;
  maxLines: number;
}

const TTL_MS = 60_000;
const storeRules = new Map<string, { rules: StoreCartRules; at: number }>();

function positiveInt(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0 ? value : fallback;
}

/**
 * The store's currency, locale and cart limits, cached for a minute per process: every cart
 * change needs them and they change about never (a change shows up within the minute).
 */
export async function storeCartRules(db: Db, storeId: string): Promise<StoreCartRules> {
  const hit = storeRules.get(storeId);
  if (hit && Date.now() - hit.at < TTL_MS) return hit.rules;
  const store = await getStore(db, storeId);
  const cart = (store.settings.cart ?? {}) as Record<string, unknown>;
  const rules: StoreCartRules = {
    currency: store.currency.trim(),
    locale: store.locale,
    maxLineQuantity: positiveInt(cart.max_line_quantity, defaults.maxLineQuantity),
    maxLines: positiveInt(cart.max_lines, defaults.maxLines),
  };
  if (storeRules.size > 10_000) storeRules.clear();
  storeRules.set(storeId, { rules, at: Date.now() });
  return rules;
}

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * A cart id: `cart_` + a ULID whose 80 random bits are all fresh. An anonymous cart is reached by
 * its id alone, so it must be unguessable; `newId` keeps ids made in the same millisecond ordered
 * by incrementing the previous random part, which would make a neighbour's id guessable.
 */
export function newCartId(): string {
  const time = newId('cart').slice(5, 15);
  const bytes = randomBytes(10);
  let random = '';
  for (let i = 0; i < 16; i++) {
    // 16 characters × 5 bits = the 80 bits of `bytes`.
    const bit = i * 5;
    const byte = bit >> 3;
    const word = ((bytes[byte]! << 8) | (bytes[byte + 1] ?? 0)) >> (11 - (bit & 7));
    random += CROCKFORD[word & 31];
  }
  return `cart_${time}${random}`;
}
