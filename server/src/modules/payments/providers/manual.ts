import { MANUAL_METHODS, type ManualMethod } from '../schema.ts';
import { ProviderRequestError, type PaymentProvider } from './provider.ts';

export const isManualMethod = (method: string): method is ManualMethod =>
  (MANUAL_METHODS as readonly string[]).includes(method);

/**
 * Cash on delivery and bank transfer: the money moves outside Carton, so there is no one to ask.
 * Authorizing accepts the order unpaid; capturing is staff recording that the money arrived
 * ("mark as paid"); voiding drops what was never collected; a refund records money the shop paid
 * back by its own means. Every answer is immediate, so a retried step gets the same one.
 */
export const manualProvider: PaymentProvider = {
  code: 'manual',
  checkPaymentMethod: (method) =>
    isManualMethod(method) ? null : `one of ${MANUAL_METHODS.join(', ')} for a manual payment`,
  authorize: async (r) => {
    if (!isManualMethod(r.paymentMethod)) {
      throw new ProviderRequestError('unknown_method', `${r.paymentMethod} is not a manual payment method`);
    }
    return { status: 'authorized', providerReference: `manual_${r.intentId}` };
  },
  capture: async (r) => ({
    status: 'captured',
    providerReference: r.providerReference,
    capturedAmount: r.amount,
  }),
  void: async (r) => ({ status: 'canceled', providerReference: r.providerReference }),
  refund: async () => ({ status: 'succeeded', providerReference: null }),
  parseWebhook: () => {
    throw new ProviderRequestError('no_webhooks', 'Manual payments have no webhooks.', 404);
  },
};
