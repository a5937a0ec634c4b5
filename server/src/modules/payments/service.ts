/**
 * What other modules (checkout, orders) call: the payments module's service functions. Each
 * runs its own transactions and provider calls, except `attachOrderToPayment` and
 * `paymentSettings`, which work in the caller's transaction.
 */
export { authorizePayment, createAndAuthorizePayment, resolvePaymentAction } from './authorize.ts';
export { recordNothingToPay } from './free.ts';
export { captureIfDue, capturePayment, voidPayment } from './capture.ts';
export {
  attachOrderToPayment,
  attachOrderToPaymentAhead,
  attachOrderToPaymentBatched,
  createPaymentIntent,
  getPaymentIntent,
  listPaymentIntents,
  listPaymentOperations,
  listRefunds,
} from './intents.ts';
export { retryStuckPayments } from './recovery.ts';
export { refundPayment } from './refunds.ts';
export {
  getPaymentSettings,
  manualMethodsOf,
  offeredPaymentMethods,
  OfferedPaymentMethods,
  paymentSettings,
  updatePaymentSettings,
} from './settings.ts';
export { isManualMethod } from './providers/manual.ts';
export { changeManualAmountInTx } from './manual-amount.ts';
export { claimDisputeReminder, disputesNeedingReminder, disputesOfIntent, DisputeView } from './disputes.ts';
export { manualMethodProblem, manualPaymentOf, type ManualPayment } from './manual-methods.ts';
export { MANUAL_METHODS } from './schema.ts';
export { handleProviderWebhook } from './webhooks.ts';
export { assertSavedCardUsable, isSavedCard, saveCard } from './saved-cards.ts';
export type { PaymentIntentView, RefundView } from './views.ts';
export type { PaymentStatus } from './payment-states.ts';
