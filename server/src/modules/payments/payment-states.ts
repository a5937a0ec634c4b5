import { AppError } from '../../platform/errors.ts';

/**
 * A payment intent's lifecycle. It is born `requires_payment_method`; authorizing moves it to
 * `processing` while the provider is asked, and from there to `authorized`, `requires_action`
 * (a 3-D Secure challenge for the shopper) or `failed` (declined). An authorized payment is
 * `captured` or voided (`canceled`). A failed one may be tried again with another payment method.
 * `captured` and `canceled` are final; refunds of a captured payment are counted, not states.
 */
export const PAYMENT_STATUSES = [
  'requires_payment_method',
  'requires_action',
  'processing',
  'authorized',
  'captured',
  'canceled',
  'failed',
] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

const transitions: Record<PaymentStatus, readonly PaymentStatus[]> = {
  requires_payment_method: ['processing', 'canceled'],
  // `canceled` from processing: the provider itself reports the payment canceled (a webhook).
  processing: ['authorized', 'requires_action', 'failed', 'canceled'],
  requires_action: ['processing', 'authorized', 'failed', 'canceled'],
  authorized: ['captured', 'canceled'],
  captured: [],
  canceled: [],
  // Declined: the shopper may try another payment method, or the payment is given up.
  failed: ['processing', 'canceled'],
};

const verbs: Record<PaymentStatus, string> = {
  requires_payment_method: 'reset',
  requires_action: 'sent to a challenge',
  processing: 'authorized',
  authorized: 'marked authorized',
  captured: 'captured',
  canceled: 'voided',
  failed: 'marked failed',
};

export function canMove(from: PaymentStatus, to: PaymentStatus): boolean {
  return transitions[from].includes(to);
}

/** `to`, when the table allows `from → to`; otherwise INVALID_STATE_TRANSITION (409). */
export function nextPaymentStatus(from: PaymentStatus, to: PaymentStatus, intentId: string): PaymentStatus {
  if (!canMove(from, to)) {
    throw new AppError(
      'INVALID_STATE_TRANSITION',
      `Payment ${intentId} is ${from.replaceAll('_', ' ')}; it cannot be ${verbs[to]}.`,
    );
  }
  return to;
}

/** No transition leaves these. */
export function isFinal(status: PaymentStatus): boolean {
  return transitions[status].length === 0;
}
