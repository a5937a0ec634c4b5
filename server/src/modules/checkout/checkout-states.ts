import { AppError } from '../../platform/errors.ts';

/**
 * A checkout attempt's lifecycle. `running` while the workflow works; `requires_action` while it
 * waits for the shopper's 3-D Secure challenge; then `completed` (an order was placed) or `failed`
 * (compensated: stock released, payment voided, no pending order). Final states do not move.
 */
export const CHECKOUT_STATUSES = ['running', 'requires_action', 'completed', 'failed'] as const;
export type CheckoutStatus = (typeof CHECKOUT_STATUSES)[number];

const TRANSITIONS: Record<CheckoutStatus, readonly CheckoutStatus[]> = {
  running: ['requires_action', 'completed', 'failed'],
  requires_action: ['running', 'completed', 'failed'],
  completed: [],
  failed: [],
};

export const isOpen = (s: CheckoutStatus) => s === 'running' || s === 'requires_action';

/** Whether an attempt may move from `from` to `to` (a different status). */
export const canMoveCheckout = (from: CheckoutStatus, to: CheckoutStatus) => TRANSITIONS[from].includes(to);

/** `to` when the attempt may move there from `from`; 409 INVALID_STATE_TRANSITION otherwise. */
export function nextCheckoutStatus(from: CheckoutStatus, to: CheckoutStatus, id: string): CheckoutStatus {
  if (from === to || TRANSITIONS[from].includes(to)) return to;
  throw new AppError(
    'INVALID_STATE_TRANSITION',
    `Checkout ${id} is ${from.replace('_', ' ')}; it cannot become ${to}.`,
  );
}
