import type { Address } from '../../platform/address.ts';
import type { Tx } from '../../platform/db/database.ts';
import { AppError, isAppError } from '../../platform/errors.ts';
import type { ReadAhead } from '../../platform/db/read-ahead.ts';
import {
  pickupPointView,
  quotePickupRate,
  quoteShippingRate,
  type PickupRateRequest,
  shippingZonesAhead,
  type ShippingRate,
  type ShippingRateRequest,
} from '../shipping/service.ts';
import { calculateTax, taxFactsAhead } from '../tax/service.ts';
import { cartShips, totalsOf, type WorkingCart } from './cart-rows.ts';
import type { ChangeContext } from './change.ts';
import type { StoredShipping, StoredTax } from './schema.ts';

/**
 * Shipping and tax in the cart's totals: every change quotes the chosen method again for the cart
 * as it now is (lines, address, coupons) and calculates tax once there is an address, so the cart
 * shows what the checkout will charge.
 */

export function rateRequest(cart: WorkingCart, address: Address): ShippingRateRequest {
  return { ...pickupRequest(cart), address };
}

/**
 * The cart's basket without an address: for pickup, quoted where the goods change hands. Only the
 * lines that ship count (their weight and value): digital goods and services ride along for free.
 */
export function pickupRequest(cart: WorkingCart): PickupRateRequest {
  const shipped = new Set(cart.lines.filter((l) => l.requiresShipping).map((l) => l.id));
  const value = totalsOf(cart)
    .lines.filter((l) => shipped.has(l.id))
    .reduce((sum, l) => sum + l.subtotal - l.discount, 0);
  return {
    storeId: cart.storeId,
    currency: cart.currency,
    lines: cart.lines
      .filter((l) => shipped.has(l.id))
      .map((l) => ({
        variantId: l.variantId,
        quantity: l.quantity,
        unitPrice: l.unitPrice,
        weightGrams: l.weightGrams,
      })),
    subtotal: value,
  };
}

export function storedShipping(rate: ShippingRate): StoredShipping {
  return {
    method_id: rate.methodId,
    name: rate.name,
    amount: rate.amount,
    provider: rate.provider,
    free_shipping_applied: rate.freeShippingApplied,
    estimate: rate.estimate ? { min_days: rate.estimate.minDays, max_days: rate.estimate.maxDays } : null,
    ...(rate.pickup ? { pickup: pickupPointView(rate.pickup) } : {}),
  };
}

/**
 * Where the cart is taxed: a pickup's location when it has a country (the goods change hands
 * there), else the shipping address. A cart that ships nothing is taxed where its buyer is — the
 * billing address, else a shipping address given (one left from goods taken out of the cart does
 * not outweigh the billing address). Null when there is none.
 */
function taxAddress(cart: WorkingCart, shipping: StoredShipping | null): Address | null {
  const at = shipping?.pickup?.address;
  if (at?.country && at.line1 && at.city) return at as unknown as Address;
  return cartShips(cart) ? cart.shippingAddress : (cart.billingAddress ?? cart.shippingAddress);
}

/** Keys sorted at every depth: jsonb does not keep the key order a string comparison would need. */
function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonical);
  if (v && typeof v === 'object') {
    return Object.fromEntries(
      Object.keys(v)
        .sort()
        .map((k) => [k, canonical((v as Record<string, unknown>)[k])]),
    );
  }
  return v;
}
const sameJson = (a: unknown, b: unknown) => JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));

/**
 * What `requoteShippingAndTax` will read for a cart with these lines, address and chosen method
 * once its change is made, as reads to send ahead with the cart's lock (`read-ahead.ts`).
 */
export function requoteAhead(
  storeId: string,
  after: { lines: number; address: Address | null; methodId: string | null },
): ReadAhead[] {
  if (!after.address || after.lines === 0) return [];
  return [
    ...(after.methodId ? [shippingZonesAhead(storeId, after.address.country)] : []),
    taxFactsAhead(storeId, after.address.country),
  ];
}

/** The chosen method no longer serves the cart (a 4xx says why): dropped, with a notice. */
function dropChosenMethod(ctx: ChangeContext, err: unknown): null {
  if (!isAppError(err) || err.status >= 500) throw err;
  ctx.notices.push({
    code: 'shipping_method_removed',
    message:
      err.code === 'SHIPPING_NOT_REQUIRED' ? err.message : `${err.message} Choose another shipping method.`,
    reason: err.code,
  });
  ctx.cart.shippingMethodId = null;
  ctx.dirty = true;
  return null;
}

/** A draft is exempt as staff set it; a shopper's own cart as their account is. */
function taxExempt(ctx: ChangeContext): boolean {
  return ctx.cart.kind === 'draft' ? ctx.cart.taxExempt : ctx.prices.taxExempt;
}

/**
 * Part of every change (after coupons, before the write): quote the chosen method again for the
 * cart as it now is, and calculate tax when there is an address (or a pickup point). A method that
 * no longer serves the cart is dropped with a `shipping_method_removed` notice. Costs nothing for
 * a cart without an address or a method (the add-to-cart path before checkout).
 */
export async function requoteShippingAndTax(ctx: ChangeContext): Promise<void> {
  const cart = ctx.cart;
  const address = cart.shippingAddress;
  const before = { shipping: cart.shipping, tax: cart.tax };
  let shipping: StoredShipping | null = null;
  let tax: StoredTax | null = null;
  if (cart.lines.length > 0 && !cartShips(cart)) {
    // Only digital goods and services left: nothing to ship, so no method (an emptied cart, below,
    // keeps its choice for when lines come back; this one has lines that never ship).
    if (cart.shippingMethodId) {
      dropChosenMethod(
        ctx,
        new AppError('SHIPPING_NOT_REQUIRED', 'Nothing in the cart ships any more; no shipping is needed.'),
      );
    }
  } else if (address && cart.lines.length > 0) {
    if (cart.shippingMethodId) {
      const rate = await quoteShippingRate(ctx.tx, {
        ...rateRequest(cart, address),
        methodId: cart.shippingMethodId,
      }).catch((err: unknown) => dropChosenMethod(ctx, err));
      shipping = rate ? storedShipping(rate) : null;
    }
  } else if (cart.lines.length > 0 && cart.shippingMethodId) {
    // Chosen for pickup before any address: quoted (and taxed) at the pickup point. A delivery
    // method (null here) is kept for when the address comes.
    const rate = await quotePickupRate(ctx.tx, {
      ...pickupRequest(cart),
      methodId: cart.shippingMethodId,
    }).catch((err: unknown) => dropChosenMethod(ctx, err));
    shipping = rate ? storedShipping(rate) : null;
  }
  const taxedAt = taxAddress(cart, shipping);
  if (taxedAt && cart.lines.length > 0) {
    cart.shipping = shipping;
    const totals = totalsOf(cart);
    const giftCards = new Set(cart.lines.filter((l) => l.giftCard).map((l) => l.id));
    const result = await calculateTax(ctx.tx as Tx, {
      storeId: cart.storeId,
      currency: cart.currency,
      address: taxedAt,
      // Taxed before any exemption comes off (the cart's last tax may have taken one off `total`).
      // A gift card carries no tax: it is taxed when it is spent.
      lines: totals.lines.map((l) => ({
        id: l.id,
        amount: giftCards.has(l.id) ? 0 : l.subtotal - l.discount,
      })),
      shipping: totals.shippingTotal,
      exempt: taxExempt(ctx),
    });
    tax = {
      inclusive: result.inclusive,
      lines: result.lines.map((l) => ({ id: l.id, tax: l.tax, rate: l.rate })),
      shipping_tax: result.shippingTax,
      total: result.total,
      ...(result.exempt ? { exempt: true, exemption: result.exemption ?? null } : {}),
    };
  }
  // An emptied cart, or one without an address, keeps its choice: it is quoted again later.
  if (!sameJson(shipping, before.shipping) || !sameJson(tax, before.tax)) ctx.dirty = true;
  cart.shipping = shipping;
  cart.tax = tax;
}
