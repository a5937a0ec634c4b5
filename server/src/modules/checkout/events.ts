import type { Tx } from '../../platform/db/database.ts';
import { defineEventTypes } from '../../platform/events/catalog.ts';
import { emitEvent } from '../../platform/events/outbox.ts';

/**
 * Events of checkout attempts, in the transaction of the change; aggregate `checkout` (the attempt
 * id). Payload: `{ checkoutId, cartId, attempt, status, step, total, currency, orderId?,
 * paymentIntentId?, failureCode? }` — no addresses, no card data. `order.placed` itself is the
 * orders module's (emitted by `confirmOrder` in the checkout's last transaction).
 */
export const CHECKOUT_EVENT_TYPES = {
  'checkout.started': 'A checkout attempt began for a cart (stock and payment not yet secured).',
  'checkout.action_required': 'A checkout waits for the shopper to complete a 3-D Secure challenge.',
  'checkout.completed': 'A checkout placed its order.',
  'checkout.failed':
    'A checkout failed and was compensated (stock released, payment voided, no order left pending).',
} as const;

export type CheckoutEventType = keyof typeof CHECKOUT_EVENT_TYPES;

defineEventTypes(CHECKOUT_EVENT_TYPES);

export interface CheckoutEventPayload {
  [key: string]: unknown;
  checkoutId: string;
  cartId: string;
  attempt: number;
  status: string;
  step: string;
  total: number;
  currency: string;
  orderId: string | null;
  paymentIntentId: string | null;
  failureCode: string | null;
}

export async function emitCheckoutEvent(
  tx: Tx,
  storeId: string,
  type: CheckoutEventType,
  payload: CheckoutEventPayload,
): Promise<void> {
  await emitEvent(tx, { storeId, type, aggregateType: 'checkout', aggregateId: payload.checkoutId, payload });
}
