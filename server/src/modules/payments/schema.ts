import { bigint, boolean, integer, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import type { PaymentStatus } from './payment-states.ts';
import type { DisputeEvidence, DisputeStatus } from './providers/provider.ts';

/** Tables of migrations/0022_payments.sql. Amounts are integer minor units. */
const money = (name: string) => bigint(name, { mode: 'number' });
const at = (name: string) => timestamp(name, { withTimezone: true });

export type ProviderCode = 'test' | 'stripe';
/**
 * A payment's provider: `none` for an order with nothing to pay (payments/free.ts), which asks no
 * one; `manual` for a method paid outside Carton (providers/manual.ts), which staff mark paid.
 */
export type IntentProvider = ProviderCode | 'none' | 'manual';
export type CaptureMode = 'on_placement' | 'on_fulfilment';
/** An intent's capture: the store's mode, or `manual` (only staff capture it: "mark as paid"). */
type IntentCaptureMode = CaptureMode | 'manual';

/** The methods a shopper pays with outside Carton; staff mark the order paid when the money arrives. */
export const MANUAL_METHODS = ['cash_on_delivery', 'bank_transfer'] as const;
export type ManualMethod = (typeof MANUAL_METHODS)[number];
/**
 * A store's manual methods: whether each is offered, and what the shopper is told (bank account,
 * reference) — kept while a method is off, so turning it on again needs no retyping.
 */
export type ManualMethods = Partial<Record<ManualMethod, { enabled: boolean; instructions: string | null }>>;

/** What a shopper must do before the payment can go on (a 3-D Secure challenge). */
export interface NextAction {
  type: 'redirect_to_url';
  url: string;
}

export const paymentSettings = pgTable('payment_settings', {
  storeId: text('store_id').primaryKey(),
  provider: text('provider').$type<ProviderCode>().notNull().default('test'),
  captureMode: text('capture_mode').$type<CaptureMode>().notNull().default('on_placement'),
  stripeSecretKeyCiphertext: text('stripe_secret_key_ciphertext'),
  stripeSecretKeyHint: text('stripe_secret_key_hint'),
  stripeWebhookSecretCiphertext: text('stripe_webhook_secret_ciphertext'),
  stripeWebhookSecretHint: text('stripe_webhook_secret_hint'),
  /** Public (the storefront hands it to Stripe.js): kept in clear. */
  stripePublishableKey: text('stripe_publishable_key'),
  manualMethods: jsonb('manual_methods').$type<ManualMethods>().notNull().default({}),
  createdAt: at('created_at').notNull().defaultNow(),
  updatedAt: at('updated_at').notNull().defaultNow(),
});
export type PaymentSettingsRow = typeof paymentSettings.$inferSelect;

export const paymentIntents = pgTable('payment_intents', {
  id: text('id').primaryKey(),
  storeId: text('store_id').notNull(),
  idempotencyKey: text('idempotency_key').notNull(),
  amount: money('amount').notNull(),
  currency: text('currency').notNull(),
  status: text('status').$type<PaymentStatus>().notNull().default('requires_payment_method'),
  provider: text('provider').$type<IntentProvider>().notNull(),
  captureMode: text('capture_mode').$type<IntentCaptureMode>().notNull(),
  providerReference: text('provider_reference'),
  cartId: text('cart_id'),
  orderId: text('order_id'),
  paymentMethod: text('payment_method'),
  returnUrl: text('return_url'),
  /** Taken by staff from a saved card: the customer is not there for a challenge. */
  offSession: boolean('off_session').notNull().default(false),
  /** The card charged, as the provider described it: brand and last four digits. */
  cardBrand: text('card_brand'),
  cardLast4: text('card_last4'),
  attempt: integer('attempt').notNull().default(0),
  capturedAmount: money('captured_amount').notNull().default(0),
  refundedAmount: money('refunded_amount').notNull().default(0),
  refundPendingAmount: money('refund_pending_amount').notNull().default(0),
  lastErrorCode: text('last_error_code'),
  lastErrorMessage: text('last_error_message'),
  nextAction: jsonb('next_action').$type<NextAction | null>(),
  authorizedAt: at('authorized_at'),
  capturedAt: at('captured_at'),
  canceledAt: at('canceled_at'),
  failedAt: at('failed_at'),
  createdAt: at('created_at').notNull().defaultNow(),
  updatedAt: at('updated_at').notNull().defaultNow(),
});
export type PaymentIntentRow = typeof paymentIntents.$inferSelect;

export type OperationKind = 'authorize' | 'confirm_action' | 'capture' | 'void' | 'refund' | 'webhook';
export type OperationOutcome =
  'succeeded' | 'requires_action' | 'processing' | 'failed' | 'timeout' | 'error' | 'ignored';

export const paymentOperations = pgTable('payment_operations', {
  id: text('id').primaryKey(),
  storeId: text('store_id').notNull(),
  intentId: text('intent_id').notNull(),
  operation: text('operation').$type<OperationKind>().notNull(),
  provider: text('provider').notNull(),
  idempotencyKey: text('idempotency_key'),
  amount: money('amount'),
  outcome: text('outcome').$type<OperationOutcome>().notNull(),
  providerReference: text('provider_reference'),
  refundId: text('refund_id'),
  errorCode: text('error_code'),
  errorMessage: text('error_message'),
  durationMs: integer('duration_ms'),
  createdAt: at('created_at').notNull().defaultNow(),
});
export type PaymentOperationRow = typeof paymentOperations.$inferSelect;

export type RefundStatus = 'pending' | 'succeeded' | 'failed';

export const paymentRefunds = pgTable('payment_refunds', {
  id: text('id').primaryKey(),
  storeId: text('store_id').notNull(),
  intentId: text('intent_id').notNull(),
  idempotencyKey: text('idempotency_key').notNull(),
  amount: money('amount').notNull(),
  currency: text('currency').notNull(),
  reason: text('reason'),
  status: text('status').$type<RefundStatus>().notNull().default('pending'),
  source: text('source').$type<'carton' | 'provider'>().notNull().default('carton'),
  providerReference: text('provider_reference'),
  errorCode: text('error_code'),
  errorMessage: text('error_message'),
  createdAt: at('created_at').notNull().defaultNow(),
  updatedAt: at('updated_at').notNull().defaultNow(),
});
export type PaymentRefundRow = typeof paymentRefunds.$inferSelect;

/** Disputes (chargebacks) of payments, as the provider reports them (migration 0085). */
export const paymentDisputes = pgTable('payment_disputes', {
  id: text('id').primaryKey(),
  storeId: text('store_id').notNull(),
  intentId: text('intent_id').notNull(),
  provider: text('provider').notNull(),
  providerReference: text('provider_reference').notNull(),
  amount: money('amount').notNull(),
  currency: text('currency').notNull(),
  reason: text('reason').notNull(),
  status: text('status').$type<DisputeStatus>().notNull(),
  evidenceDueBy: at('evidence_due_by'),
  evidence: jsonb('evidence').$type<DisputeEvidence | null>(),
  evidenceSubmittedAt: at('evidence_submitted_at'),
  acceptedAt: at('accepted_at'),
  /** When the owners were reminded of the deadline (once). */
  remindedAt: at('reminded_at'),
  closedAt: at('closed_at'),
  createdAt: at('created_at').notNull().defaultNow(),
  updatedAt: at('updated_at').notNull().defaultNow(),
});
export type PaymentDisputeRow = typeof paymentDisputes.$inferSelect;

export const paymentWebhookEvents = pgTable(
  'payment_webhook_events',
  {
    storeId: text('store_id').notNull(),
    provider: text('provider').notNull(),
    eventId: text('event_id').notNull(),
    eventType: text('event_type').notNull(),
    intentId: text('intent_id'),
    outcome: text('outcome').$type<'applied' | 'ignored'>().notNull(),
    receivedAt: at('received_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.storeId, t.provider, t.eventId] })],
);

export type TestPaymentStatus = 'requires_action' | 'authorized' | 'captured' | 'canceled' | 'failed';

export const testProcessorPayments = pgTable('test_processor_payments', {
  id: text('id').primaryKey(),
  storeId: text('store_id').notNull(),
  merchantReference: text('merchant_reference').notNull(),
  token: text('token').notNull(),
  amount: money('amount').notNull(),
  currency: text('currency').notNull(),
  status: text('status').$type<TestPaymentStatus>().notNull(),
  capturedAmount: money('captured_amount').notNull().default(0),
  refundedAmount: money('refunded_amount').notNull().default(0),
  challenge: text('challenge').$type<'pending' | 'approved' | 'failed' | null>(),
  returnUrl: text('return_url'),
  declineCode: text('decline_code'),
  createdAt: at('created_at').notNull().defaultNow(),
  updatedAt: at('updated_at').notNull().defaultNow(),
});
export type TestProcessorPaymentRow = typeof testProcessorPayments.$inferSelect;

export const testProcessorRequests = pgTable(
  'test_processor_requests',
  {
    storeId: text('store_id').notNull(),
    idempotencyKey: text('idempotency_key').notNull(),
    operation: text('operation').notNull(),
    fingerprint: text('fingerprint').notNull(),
    response: jsonb('response'),
    createdAt: at('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.storeId, t.idempotencyKey] })],
);

// --- saved cards (migrations/0080_saved_cards.sql) ---------------------------------------------

export const paymentCustomers = pgTable(
  'payment_customers',
  {
    storeId: text('store_id').notNull(),
    customerId: text('customer_id').notNull(),
    provider: text('provider').$type<ProviderCode>().notNull(),
    reference: text('reference').notNull(),
    forgetRequestedAt: at('forget_requested_at'),
    createdAt: at('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.storeId, t.customerId, t.provider] })],
);

export const savedCards = pgTable('saved_cards', {
  id: text('id').primaryKey(),
  storeId: text('store_id').notNull(),
  customerId: text('customer_id').notNull(),
  provider: text('provider').$type<ProviderCode>().notNull(),
  reference: text('reference').notNull(),
  fingerprint: text('fingerprint').notNull(),
  brand: text('brand').notNull(),
  last4: text('last4').notNull(),
  expMonth: integer('exp_month').notNull(),
  expYear: integer('exp_year').notNull(),
  createdAt: at('created_at').notNull().defaultNow(),
  lastUsedAt: at('last_used_at'),
});
export type SavedCardRow = typeof savedCards.$inferSelect;

export const testProcessorCards = pgTable('test_processor_cards', {
  id: text('id').primaryKey(),
  storeId: text('store_id').notNull(),
  customerReference: text('customer_reference').notNull(),
  token: text('token').notNull(),
  detachedAt: at('detached_at'),
  createdAt: at('created_at').notNull().defaultNow(),
});
