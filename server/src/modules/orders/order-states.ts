import { AppError } from '../../platform/errors.ts';

/**
 * An order's lifecycle. The checkout creates it `pending` and confirms it once the payment is
 * authorized and the stock committed; an abandoned checkout cancels it. Staff move it through
 * `processing` (being picked and packed), `shipped` (every unit is in a fulfilment) and
 * `delivered`. It may be `cancelled` until it ships; once every unit is back it is `returned`.
 * A cancelled or returned order whose payment is refunded in full ends `refunded`.
 */
export const ORDER_STATUSES = [
  'pending',
  'confirmed',
  'processing',
  'shipped',
  'delivered',
  'cancelled',
  'returned',
  'refunded',
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

const transitions: Record<OrderStatus, readonly OrderStatus[]> = {
  pending: ['confirmed', 'cancelled'],
  confirmed: ['processing', 'cancelled'],
  processing: ['shipped', 'cancelled'],
  // Units may come back before the carrier reports them delivered.
  shipped: ['delivered', 'returned'],
  delivered: ['returned'],
  cancelled: ['refunded'],
  returned: ['refunded'],
  refunded: [],
};

const verbs: Record<OrderStatus, string> = {
  pending: 'reopened',
  confirmed: 'confirmed',
  processing: 'processed',
  shipped: 'shipped',
  delivered: 'marked delivered',
  cancelled: 'cancelled',
  returned: 'marked returned',
  refunded: 'marked refunded',
};

export function canMoveOrder(from: OrderStatus, to: OrderStatus): boolean {
  return transitions[from].includes(to);
}

/** `to`, when the table allows `from → to`; otherwise INVALID_STATE_TRANSITION (409). */
export function nextOrderStatus(from: OrderStatus, to: OrderStatus, orderId: string): OrderStatus {
  if (!canMoveOrder(from, to)) {
    throw new AppError('INVALID_STATE_TRANSITION', `Order ${orderId} is ${from}; it cannot be ${verbs[to]}.`);
  }
  return to;
}

/** The states the table reaches from `from` (for tests and docs). */
export function orderStatusesAfter(from: OrderStatus): readonly OrderStatus[] {
  return transitions[from];
}

/** Statuses in which the order's units are (or were) with the shopper: returns may be asked for. */
export const RETURNABLE_STATUSES: readonly OrderStatus[] = ['shipped', 'delivered'];
