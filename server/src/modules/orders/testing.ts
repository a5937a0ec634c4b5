import { randomBytes } from 'node:crypto';
import type { Platform } from '../../platform/context.ts';
import { withStore } from '../../platform/db/database.ts';
import { newId } from '../../platform/ids.ts';
import { commitReservation, reserveStock, setStockLevels } from '../inventory/service.ts';
import { insertTestVariants } from '../inventory/testing.ts';
import {
  authorizePayment,
  captureIfDue,
  createPaymentIntent,
  updatePaymentSettings,
} from '../payments/service.ts';
import { confirmOrder, createOrder, type CreateOrderInput } from './orders.ts';
import type { OrderView } from './views.ts';

/**
 * Test fixtures: a store's catalog with stock, and orders placed the way the checkout places
 * them (reserve → authorize → createOrder → commit the reservation → confirmOrder → capture if
 * due), through the real inventory and payments modules.
 */

export async function stockedVariants(
  platform: Platform,
  storeId: string,
  count: number,
  onHand = 100,
): Promise<{ variantIds: string[]; locationId: string }> {
  const variantIds = await insertTestVariants(platform.db, storeId, count);
  const set = await setStockLevels(platform.db, {
    storeId,
    input: { levels: variantIds.map((v) => ({ variant_id: v, on_hand: onHand })) },
  });
  return { variantIds, locationId: set.location_id };
}

export async function useCaptureMode(
  platform: Platform,
  storeId: string,
  mode: 'on_placement' | 'on_fulfilment',
): Promise<void> {
  await updatePaymentSettings(platform, { storeId, patch: { capture_mode: mode } });
}

export const testAddress = {
  first_name: 'Lan',
  last_name: 'Nguyễn',
  line1: '12 Hàng Bạc',
  city: 'Hà Nội',
  postal_code: '100000',
  country: 'VN',
};

export interface PlacedTestOrder {
  order: OrderView;
  cartId: string;
  intentId: string;
  reservationId: string;
}

/** The order input a checkout would build for these lines (3.5% tax on top, 500 shipping). */
export function orderInput(
  storeId: string,
  lines: { variantId: string; quantity: number; unitPrice: number; discount?: number }[],
  o: {
    cartId?: string;
    email?: string;
    customerId?: string | null;
    currency?: string;
    locale?: string;
    paymentIntentId?: string;
    reservationId?: string;
  } = {},
): CreateOrderInput {
  const orderLines = lines.map((l, i) => {
    const subtotal = l.unitPrice * l.quantity;
    const discount = l.discount ?? 0;
    const tax = Math.round((subtotal - discount) * 0.035);
    return {
      variantId: l.variantId,
      productId: 'prod_test',
      sku: `SKU-${i + 1}`,
      title: `Product ${i + 1}`,
      variantTitle: i % 2 ? 'Large' : null,
      imageUrl: null,
      quantity: l.quantity,
      unitPrice: l.unitPrice,
      subtotal,
      discount,
      tax,
      total: subtotal - discount,
    };
  });
  const sum = (f: (l: (typeof orderLines)[number]) => number) => orderLines.reduce((s, l) => s + f(l), 0);
  const shipping = { methodId: 'shm_test', name: 'Standard', amount: 500, tax: 0 };
  const totals = {
    subtotal: sum((l) => l.subtotal),
    discount: sum((l) => l.discount),
    shipping: shipping.amount,
    tax: sum((l) => l.tax),
    total: 0,
  };
  totals.total = totals.subtotal - totals.discount + totals.shipping + totals.tax;
  return {
    storeId,
    cartId: o.cartId ?? newId('cart'),
    currency: o.currency ?? 'USD',
    ...(o.locale ? { locale: o.locale } : {}),
    customerId: o.customerId ?? null,
    email: o.email ?? `shopper-${randomBytes(3).toString('hex')}@example.com`,
    shippingAddress: testAddress,
    billingAddress: null,
    lines: orderLines,
    shipping,
    totals,
    taxInclusive: false,
    couponCodes: [],
    paymentIntentId: o.paymentIntentId ?? 'pi_missing',
    reservationId: o.reservationId ?? 'res_missing',
  };
}

/** A confirmed order, placed as the checkout places one. */
export async function placeTestOrder(
  platform: Platform,
  storeId: string,
  lines: { variantId: string; quantity: number; unitPrice: number; discount?: number }[],
  o: {
    email?: string;
    customerId?: string | null;
    currency?: string;
    locale?: string;
    confirm?: boolean;
  } = {},
): Promise<PlacedTestOrder> {
  const cartId = newId('cart');
  const { reservation } = await reserveStock(platform.db, {
    storeId,
    input: {
      key: `checkout:${cartId}`,
      owner_ref: cartId,
      lines: lines.map((l) => ({ variant_id: l.variantId, quantity: l.quantity })),
    },
  });
  const draft = orderInput(storeId, lines, { ...o, cartId, reservationId: reservation.id });
  const intent = await createPaymentIntent(platform, {
    storeId,
    amount: draft.totals.total,
    currency: draft.currency,
    cartId,
    idempotencyKey: `checkout:${cartId}`,
  });
  await authorizePayment(platform, { storeId, intentId: intent.id, paymentMethod: 'tok_visa' });
  const input = { ...draft, paymentIntentId: intent.id };
  let order = await withStore(platform.db, storeId, (tx) => createOrder(tx, input));
  if (o.confirm !== false) {
    await commitReservation(platform.db, { storeId, reservationId: reservation.id, orderRef: order.id });
    order = await withStore(platform.db, storeId, (tx) => confirmOrder(tx, { storeId, orderId: order.id }));
    await captureIfDue(platform, { storeId, intentId: intent.id, moment: 'placement' });
  }
  return { order, cartId, intentId: intent.id, reservationId: reservation.id };
}
