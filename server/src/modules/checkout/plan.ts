import type { Address } from '../../platform/address.ts';
import type { Db } from '../../platform/db/database.ts';
import { AppError, type FieldError } from '../../platform/errors.ts';
import { getCartForCheckout, type CartView } from '../cart/service.ts';
import type { CreateOrderInput } from '../orders/service.ts';
import { quoteShippingForAddress } from '../shipping/service.ts';
import type { GiftCardTender } from '../gift-cards/tender.ts';
import type { CheckoutTotals } from './attempts.ts';

/**
 * Step one of a checkout, before anything is held or charged: the cart re-validated (prices,
 * stock, sale status, coupons, shipping and tax quoted again — `getCartForCheckout`) and checked
 * complete (lines, e-mail, shipping address, a shipping method that still serves it). The answer
 * is everything the workflow needs, as JSON, so the workflow's input records what was sold at
 * which price. A refusal here has held nothing and charged nothing.
 */
export interface CheckoutPlan {
  storeId: string;
  cartId: string;
  cartVersion: number;
  currency: string;
  customerId: string | null;
  email: string;
  totals: CheckoutTotals;
  reservationLines: { variant_id: string; quantity: number; location_id?: string }[];
  /** The order to create, without the payment and reservation the workflow secures first. */
  order: Omit<CreateOrderInput, 'paymentIntentId' | 'reservationId'>;
  /** Staff place it for the customer (a draft order): any manual method, offered to shoppers or not. */
  staffPlaced?: boolean;
  /** The gift cards that pay first (spent in the workflow's first step); the payment takes the rest. */
  giftCards?: GiftCardTender[];
}

/** What is left for the payment once the plan's gift cards have paid their part. */
export function amountDue(plan: CheckoutPlan): number {
  return plan.totals.total - (plan.giftCards ?? []).reduce((s, g) => s + g.amount, 0);
}

/** What the order's gift cards bought cost (no coupon or tax applies to them). */
export function giftCardsBought(plan: CheckoutPlan): number {
  return plan.order.lines.reduce((sum, l) => sum + (l.giftCard ? l.total : 0), 0);
}

/** A cart already completed: the checkout answers with its order. */
export type Prepared =
  { kind: 'plan'; plan: CheckoutPlan; cart: CartView } | { kind: 'completed'; orderId: string };

export async function prepareCheckout(
  db: Db,
  options: {
    storeId: string;
    cartId: string;
    expectedTotal?: number;
    /** The cart as the caller has just read it (`getCartAndRow`). */
    known?: Parameters<typeof getCartForCheckout>[1]['known'];
  },
): Promise<Prepared> {
  const { storeId, cartId } = options;
  const cart = await getCartForCheckout(db, { storeId, cartId, known: options.known });
  if (cart.status === 'completed' && cart.order_id) return { kind: 'completed', orderId: cart.order_id };
  if (cart.status !== 'active') {
    throw new AppError('CART_NOT_ACTIVE', `Cart ${cartId} is ${cart.status}; it cannot be checked out.`);
  }

  // Re-validation changed the cart (a price, a short line, a coupon, the shipping method): the
  // shopper must see the cart as it now is before paying for it.
  if (cart.notices.some((n) => n.code !== 'shipping_method_removed')) {
    throw new AppError(
      'CART_CHANGED',
      `The cart changed since you last saw it: ${cart.notices.map((n) => n.message).join(' ')} Review it and try again.`,
      { extensions: { notices: cart.notices, totals: cart.totals } },
    );
  }

  const missing: FieldError[] = [];
  if (cart.lines.length === 0) missing.push({ path: 'cart.lines', message: 'the cart is empty' });
  if (!cart.email) missing.push({ path: 'cart.email', message: 'an e-mail address is required' });
  // Collected from a pickup point, the order needs no shipping address; nothing that ships (digital
  // goods, services), no shipping at all — but an address to tax and invoice.
  const pickup = cart.shipping_method?.pickup ?? null;
  // An empty cart is asked for everything, as before it held anything.
  const ships = cart.requires_shipping || cart.lines.length === 0;
  if (!ships && !cart.billing_address && !cart.shipping_address) {
    missing.push({
      path: 'cart.billing_address',
      message:
        'a billing address is required (nothing in the cart ships; it is the address taxed and invoiced)',
    });
  }
  if (ships && !cart.shipping_address && !pickup) {
    missing.push({
      path: 'cart.shipping_address',
      message: 'a shipping address is required (or choose a pickup point)',
    });
  }
  if (ships && missing.length === 0 && !cart.shipping_method) {
    // Say whether the address cannot be shipped to at all, or a method just needs choosing (the
    // basket is what ships, as the cart quotes it).
    const shipped = cart.lines.filter((l) => l.requires_shipping);
    const { zoneId } = await quoteShippingForAddress(db, {
      storeId,
      currency: cart.currency,
      address: cart.shipping_address as Address,
      lines: shipped.map((l) => ({
        variantId: l.variant_id,
        quantity: l.quantity,
        unitPrice: l.unit_price,
        weightGrams: l.weight_grams,
      })),
      subtotal: shipped.reduce((sum, l) => sum + l.subtotal - l.discount, 0),
    });
    if (!zoneId) {
      throw new AppError(
        'NO_SHIPPING_TO_ADDRESS',
        `The store does not ship to the cart's address (${cart.shipping_address!.country}); change the address.`,
      );
    }
    const removed = cart.notices.find((n) => n.code === 'shipping_method_removed');
    missing.push({
      path: 'cart.shipping_method',
      message: removed ? removed.message : 'choose a shipping method (PUT …/shipping-method)',
    });
  }
  if (missing.length) {
    throw new AppError('CHECKOUT_INCOMPLETE', 'The cart is not ready for checkout.', { errors: missing });
  }

  const t = cart.totals;
  if (options.expectedTotal !== undefined && options.expectedTotal !== t.total) {
    throw new AppError(
      'CHECKOUT_TOTAL_CHANGED',
      `The total is now ${t.total} (minor units of ${cart.currency}), not ${options.expectedTotal}; nothing was charged.`,
      { extensions: { totals: t } },
    );
  }

  const lineTax = cart.lines.reduce((s, l) => s + l.tax, 0);
  // Null when nothing ships.
  const shipping = ships ? cart.shipping_method! : null;
  const plan: CheckoutPlan = {
    storeId,
    cartId,
    cartVersion: cart.version,
    currency: cart.currency,
    customerId: cart.customer_id,
    email: cart.email!,
    totals: t,
    // Collected from a pickup point: the stock of what ships must be there.
    reservationLines: reservationLinesOf(cart, shipping?.pickup?.location_id ?? null),
    order: {
      storeId,
      cartId,
      currency: cart.currency,
      ...(cart.locale ? { locale: cart.locale } : {}),
      ...(cart.note ? { note: cart.note } : {}),
      customerId: cart.customer_id,
      email: cart.email!,
      // Nothing ships: no shipping address (an address given anyway is the one taxed: the billing).
      shippingAddress: !ships
        ? null
        : ((cart.shipping_address as Address | null) ?? pickupAddress(pickup!, cart)),
      billingAddress:
        (cart.billing_address as Address | null) ??
        (ships ? null : (cart.shipping_address as Address | null)),
      lines: cart.lines.map((l) => ({
        variantId: l.variant_id,
        productId: l.product_id,
        sku: l.sku || null,
        title: l.product_title,
        variantTitle: l.variant_title || null,
        imageUrl: l.image_url,
        requiresShipping: l.requires_shipping,
        giftCard: l.gift_card,
        properties: l.properties,
        quantity: l.quantity,
        unitPrice: l.unit_price,
        subtotal: l.subtotal,
        discount: l.discount,
        tax: l.tax,
        total: l.total,
      })),
      shipping: shipping && {
        methodId: shipping.id,
        name: shipping.name,
        amount: t.shipping_total,
        tax: t.tax_total - lineTax,
        ...(shipping.pickup ? { pickup: shipping.pickup } : {}),
      },
      totals: {
        subtotal: t.subtotal,
        discount: t.discount_total,
        shipping: t.shipping_total,
        tax: t.tax_total,
        total: t.total,
        taxExemption: t.tax_exemption,
      },
      taxInclusive: t.tax_inclusive,
      taxExempt: t.tax_exempt,
      couponCodes: cart.discounts.map((d) => d.code),
    },
  };
  return { kind: 'plan', plan, cart };
}

/**
 * What to reserve: each variant's units (the same variant may be on several lines, with other
 * properties), at the pickup point for the lines that ship when the shopper collects the order.
 */
function reservationLinesOf(cart: CartView, pickupAt: string | null): CheckoutPlan['reservationLines'] {
  const byKey = new Map<string, CheckoutPlan['reservationLines'][number]>();
  for (const l of cart.lines) {
    const at = pickupAt && l.requires_shipping ? pickupAt : null;
    const key = `${l.variant_id}@${at ?? ''}`;
    const seen = byKey.get(key);
    if (seen) seen.quantity += l.quantity;
    else
      byKey.set(key, { variant_id: l.variant_id, quantity: l.quantity, ...(at ? { location_id: at } : {}) });
  }
  return [...byKey.values()];
}

/**
 * The address a pickup order placed without the shopper's keeps as its shipping address: where
 * the goods change hands, in the shopper's name when their billing address gives it. The order's
 * papers and e-mails show the pickup point itself (`shipping.pickup`).
 */
function pickupAddress(
  pickup: NonNullable<CartView['shipping_method']>['pickup'] & object,
  cart: CartView,
): Address {
  const billing = cart.billing_address as Address | null;
  return {
    ...(pickup.address as unknown as Address),
    ...(billing?.first_name ? { first_name: billing.first_name } : {}),
    ...(billing?.last_name ? { last_name: billing.last_name } : {}),
    ...(billing?.phone ? { phone: billing.phone } : {}),
  };
}
