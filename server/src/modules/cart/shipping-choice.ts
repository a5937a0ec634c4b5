import { z } from 'zod';
import type { Address } from '../../platform/address.ts';
import type { Db, Tx } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { parseInput } from '../../platform/validation.ts';
import {
  pickupPointView,
  PickupPointView,
  quotePickupRate,
  quotePickupRates,
  quoteShippingForAddress,
  quoteShippingRate,
  type ShippingRate,
} from '../shipping/service.ts';
import { assertCartOpen } from './cart-states.ts';
import { shortAtLocations } from './catalog-port.ts';
import { cartShips, readCart, workingCart, type WorkingCart } from './cart-rows.ts';
import { assertCartAccess, cartNotFound, changeCart, type CartAccess, type CartTarget } from './change.ts';
import { pickupRequest, rateRequest, requoteAhead } from './shipping-quote.ts';
import type { CartView } from './views.ts';

/**
 * Choosing the cart's shipping method among the rates for its address and lines. Every later
 * change of the cart quotes it again (`shipping-quote.ts`).
 */

export const ShippingMethodChoice = z.strictObject({
  method_id: z.string().trim().min(1).max(64).describe('A method id from GET …/shipping-options'),
});
export type ShippingMethodChoice = z.infer<typeof ShippingMethodChoice>;

/** One rate the shopper can choose, as the store API shows it. */
export const ShippingOptionView = z.object({
  id: z.string().describe('The shipping method id to PUT as method_id'),
  name: z.string(),
  amount: z.number().int().describe('Minor units of the cart currency'),
  currency: z.string(),
  free_shipping_applied: z.boolean(),
  estimate: z.object({ min_days: z.number().int(), max_days: z.number().int() }).nullable(),
  pickup: PickupPointView.nullable().describe(
    'A pickup method (click and collect): where the order is collected',
  ),
});
export type ShippingOptionView = z.infer<typeof ShippingOptionView>;

/**
 * The rates the cart can be shipped at (cheapest first); 422 outside every zone. Without an
 * address, the store's pickup points (a pickup needs none): delivery is offered once there is one.
 */
export async function cartShippingOptions(
  db: Db,
  options: { storeId: string; cartId: string; access: CartAccess },
): Promise<ShippingOptionView[]> {
  const row = await readCart(db, options.storeId, options.cartId);
  if (!row) throw cartNotFound(options.cartId);
  assertCartAccess(row, options.access);
  assertCartOpen(row);
  const cart = workingCart(row);
  // Nothing to ship (empty, or only digital goods and services): nothing to choose.
  if (!cartShips(cart)) return [];
  const address = cart.shippingAddress;
  let rates: ShippingRate[];
  if (address) {
    const quoted = await quoteShippingForAddress(db, rateRequest(cart, address));
    if (!quoted.zoneId) throw noShipping(address);
    rates = quoted.rates;
  } else {
    rates = await quotePickupRates(db, pickupRequest(cart));
  }
  // A pickup point that cannot fill the cart now is not offered (the checkout would refuse it).
  const pickups = rates.flatMap((r) => (r.pickup ? [r.pickup.locationId] : []));
  const short = await shortAtLocations(db, options.storeId, pickups, shippedLines(cart));
  const open = rates.filter((r) => !r.pickup || short.get(r.pickup.locationId)!.length === 0);
  return open.map((r) => ({
    id: r.methodId,
    name: r.name,
    amount: r.amount,
    currency: r.currency,
    free_shipping_applied: r.freeShippingApplied,
    estimate: r.estimate ? { min_days: r.estimate.minDays, max_days: r.estimate.maxDays } : null,
    pickup: r.pickup ? pickupPointView(r.pickup) : null,
  }));
}

/**
 * Choose the cart's shipping method (validated with shipping's `quoteShippingRate` for the cart's
 * address and lines; a pickup method needs no address) → `cart.shipping_method_selected`. 422
 * without lines, SHIPPING_NOT_REQUIRED when nothing in the cart ships, or without an address for a
 * delivery method,
 * NO_SHIPPING_TO_ADDRESS outside every zone, SHIPPING_METHOD_UNAVAILABLE for a method that does
 * not serve the address or basket; 404 an unknown method. Choosing the same method again changes
 * nothing.
 */
export async function setCartShippingMethod(
  db: Db,
  options: CartTarget & { input: ShippingMethodChoice },
): Promise<CartView> {
  const input = parseInput(ShippingMethodChoice, options.input);
  return changeCart(db, options, {
    // The zones (for the choice and its quote) and the tax rates, read with the cart's lock.
    withLock: (pre) =>
      requoteAhead(pre.store_id, {
        lines: pre.lines.length,
        address: pre.shipping_address,
        methodId: input.method_id,
      }),
    async edit(ctx) {
      const cart = ctx.cart;
      if (cart.lines.length === 0) {
        throw new AppError('UNPROCESSABLE', 'The cart is empty: add something before choosing shipping.');
      }
      if (!cartShips(cart)) {
        throw new AppError(
          'SHIPPING_NOT_REQUIRED',
          'Nothing in the cart ships (digital goods and services only): no shipping method is needed.',
        );
      }
      // Throws the 4xx that says why this method cannot ship this cart; nothing is written then.
      const rate = cart.shippingAddress
        ? await quoteShippingRate(ctx.tx, {
            ...rateRequest(cart, cart.shippingAddress),
            methodId: input.method_id,
          })
        : ((await quotePickupRate(ctx.tx, { ...pickupRequest(cart), methodId: input.method_id })) ??
          addressRequired());
      if (rate.pickup) await assertPickupHasStock(ctx.tx, cart, rate.pickup);
      if (cart.shippingMethodId === input.method_id) return;
      cart.shippingMethodId = input.method_id;
      ctx.emit('cart.shipping_method_selected', () => ({
        shippingMethod: cart.shipping ? { id: cart.shipping.method_id, name: cart.shipping.name } : null,
      }));
    },
  });
}

/** 422 naming the lines a pickup point cannot fill now: the shopper chooses delivery or another shop. */
async function assertPickupHasStock(
  tx: Tx,
  cart: WorkingCart,
  pickup: { locationId: string; name: string },
): Promise<void> {
  const short = (await shortAtLocations(tx, cart.storeId, [pickup.locationId], shippedLines(cart))).get(
    pickup.locationId,
  )!;
  if (short.length === 0) return;
  const byVariant = new Map(cart.lines.map((l, i) => [l.variantId, { line: l, i }]));
  throw new AppError(
    'SHIPPING_METHOD_UNAVAILABLE',
    `Not everything in the cart can be collected at ${pickup.name} now; choose delivery or another place.`,
    {
      errors: short.map((s) => ({
        path: `cart.lines.${byVariant.get(s.variantId)!.i}.quantity`,
        message: `${s.available} at ${pickup.name}`,
      })),
    },
  );
}

/** What a pickup point must hold: the lines that ship (digital goods are not collected). */
const shippedLines = (cart: WorkingCart) => cart.lines.filter((l) => l.requiresShipping);

/** A delivery method without an address: 422 (a pickup method needs none). */
function addressRequired(): never {
  throw new AppError('UNPROCESSABLE', 'Set the cart’s shipping address first.', {
    errors: [{ path: 'cart.shipping_address', message: 'required for delivery' }],
  });
}

function noShipping(address: Address): AppError {
  return new AppError(
    'NO_SHIPPING_TO_ADDRESS',
    `The store does not ship to ${address.country}${address.postal_code ? ` ${address.postal_code}` : ''}.`,
  );
}
