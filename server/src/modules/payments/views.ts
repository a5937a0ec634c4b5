import { z } from 'zod';
import { PAYMENT_STATUSES } from './payment-states.ts';
import {
  MANUAL_METHODS,
  type PaymentIntentRow,
  type PaymentOperationRow,
  type PaymentRefundRow,
  type PaymentSettingsRow,
} from './schema.ts';

/** How the API (and payment events) show payments. Amounts are integer minor units. */

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

const ErrorView = z
  .object({
    code: z.string().describe('Decline reason or error code, e.g. insufficient_funds, provider_timeout'),
    message: z.string().describe('Readable by the shopper'),
  })
  .nullable();

const NextActionView = z
  .object({
    type: z.literal('redirect_to_url'),
    url: z.string().describe('Send the shopper here to complete the challenge'),
  })
  .nullable();

export const PaymentIntentView = z.object({
  id: z.string(),
  status: z.enum(PAYMENT_STATUSES),
  amount: z.number().int(),
  currency: z.string(),
  provider: z
    .enum(['test', 'stripe', 'none', 'manual'])
    .describe('none: an order with nothing to pay; manual: cash on delivery or bank transfer'),
  provider_reference: z.string().nullable(),
  capture_mode: z
    .enum(['on_placement', 'on_fulfilment', 'manual'])
    .describe('manual: captured only when staff mark the payment paid'),
  cart_id: z.string().nullable(),
  order_id: z.string().nullable(),
  payment_method: z
    .string()
    .nullable()
    .describe('The provider token used (never a card number), a saved card (cpm_…), or the manual method'),
  card: z
    .object({ brand: z.string(), last4: z.string() })
    .nullable()
    .describe(
      'The card charged, as its provider described it ("Visa •••• 4242"); null when not a card or not known',
    ),
  attempt: z.number().int().describe('Authorization attempts so far'),
  captured_amount: z.number().int(),
  refunded_amount: z.number().int(),
  refundable_amount: z.number().int().describe('Captured, minus refunded and refunds in flight'),
  last_error: ErrorView,
  next_action: NextActionView,
  authorized_at: z.string().nullable(),
  captured_at: z.string().nullable(),
  canceled_at: z.string().nullable(),
  failed_at: z.string().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
});
export type PaymentIntentView = z.infer<typeof PaymentIntentView>;

export function paymentIntentView(r: PaymentIntentRow): PaymentIntentView {
  return {
    id: r.id,
    status: r.status,
    amount: r.amount,
    currency: r.currency,
    provider: r.provider,
    provider_reference: r.providerReference,
    capture_mode: r.captureMode,
    cart_id: r.cartId,
    order_id: r.orderId,
    payment_method: r.paymentMethod,
    card: r.cardBrand && r.cardLast4 ? { brand: r.cardBrand, last4: r.cardLast4 } : null,
    attempt: r.attempt,
    captured_amount: r.capturedAmount,
    refunded_amount: r.refundedAmount,
    refundable_amount: r.capturedAmount - r.refundedAmount - r.refundPendingAmount,
    last_error: r.lastErrorCode ? { code: r.lastErrorCode, message: r.lastErrorMessage ?? '' } : null,
    next_action: r.nextAction ?? null,
    authorized_at: iso(r.authorizedAt),
    captured_at: iso(r.capturedAt),
    canceled_at: iso(r.canceledAt),
    failed_at: iso(r.failedAt),
    created_at: iso(r.createdAt)!,
    updated_at: iso(r.updatedAt)!,
  };
}

/** What a shopper's storefront may read about a payment. */
export const ShopperPaymentIntentView = PaymentIntentView.pick({
  id: true,
  status: true,
  amount: true,
  currency: true,
  last_error: true,
  next_action: true,
});
export type ShopperPaymentIntentView = z.infer<typeof ShopperPaymentIntentView>;

export function shopperPaymentIntentView(v: PaymentIntentView): ShopperPaymentIntentView {
  return {
    id: v.id,
    status: v.status,
    amount: v.amount,
    currency: v.currency,
    last_error: v.last_error,
    next_action: v.next_action,
  };
}

export const RefundView = z.object({
  id: z.string(),
  payment_intent_id: z.string(),
  amount: z.number().int(),
  currency: z.string(),
  reason: z.string().nullable(),
  status: z.enum(['pending', 'succeeded', 'failed']),
  source: z.enum(['carton', 'provider']).describe('provider: made at the provider and learnt by webhook'),
  provider_reference: z.string().nullable(),
  error: ErrorView,
  created_at: z.string(),
  updated_at: z.string(),
});
export type RefundView = z.infer<typeof RefundView>;

export function refundView(r: PaymentRefundRow): RefundView {
  return {
    id: r.id,
    payment_intent_id: r.intentId,
    amount: r.amount,
    currency: r.currency,
    reason: r.reason,
    status: r.status,
    source: r.source,
    provider_reference: r.providerReference,
    error: r.errorCode ? { code: r.errorCode, message: r.errorMessage ?? '' } : null,
    created_at: iso(r.createdAt)!,
    updated_at: iso(r.updatedAt)!,
  };
}

export const PaymentOperationView = z.object({
  id: z.string(),
  operation: z.enum(['authorize', 'confirm_action', 'capture', 'void', 'refund', 'webhook']),
  provider: z.string(),
  idempotency_key: z.string().nullable(),
  amount: z.number().int().nullable(),
  outcome: z.enum(['succeeded', 'requires_action', 'processing', 'failed', 'timeout', 'error', 'ignored']),
  provider_reference: z.string().nullable(),
  refund_id: z.string().nullable(),
  error: ErrorView,
  duration_ms: z.number().int().nullable(),
  created_at: z.string(),
});
export type PaymentOperationView = z.infer<typeof PaymentOperationView>;

export function paymentOperationView(o: PaymentOperationRow): PaymentOperationView {
  return {
    id: o.id,
    operation: o.operation,
    provider: o.provider,
    idempotency_key: o.idempotencyKey,
    amount: o.amount,
    outcome: o.outcome,
    provider_reference: o.providerReference,
    refund_id: o.refundId,
    error: o.errorCode ? { code: o.errorCode, message: o.errorMessage ?? '' } : null,
    duration_ms: o.durationMs,
    created_at: iso(o.createdAt)!,
  };
}

export const PaymentSettingsView = z.object({
  provider: z.enum(['test', 'stripe']),
  capture_mode: z.enum(['on_placement', 'on_fulfilment']),
  stripe: z.object({
    secret_key: z.string().nullable().describe('Masked (sk_test_…4242); the key itself is write-only'),
    webhook_secret: z.string().nullable().describe('Masked (whsec_…abcd); write-only'),
    webhook_url: z.string().describe("Give this to Stripe as the webhook endpoint's URL"),
    publishable_key: z.string().nullable().describe('Public: given to Stripe.js by the storefront'),
  }),
  manual_methods: z
    .array(
      z.object({
        method: z.enum(MANUAL_METHODS),
        enabled: z.boolean(),
        instructions: z.string().nullable().describe('What the shopper is told after placing the order'),
      }),
    )
    .describe('Methods paid outside Carton: the order is placed unpaid, staff mark it paid'),
  updated_at: z.string().nullable(),
});
export type PaymentSettingsView = z.infer<typeof PaymentSettingsView>;

export function paymentSettingsView(
  storeId: string,
  row: PaymentSettingsRow | null,
  publicUrl: string | undefined,
): PaymentSettingsView {
  const base = publicUrl ? publicUrl.replace(/\/+$/, '') : '';
  return {
    provider: row?.provider ?? 'test',
    capture_mode: row?.captureMode ?? 'on_placement',
    stripe: {
      secret_key: row?.stripeSecretKeyHint ?? null,
      webhook_secret: row?.stripeWebhookSecretHint ?? null,
      webhook_url: `${base}/ingest/v1/payments/stripe/${storeId}/webhooks`,
      publishable_key: row?.stripePublishableKey ?? null,
    },
    manual_methods: MANUAL_METHODS.map((method) => ({
      method,
      enabled: Boolean(row?.manualMethods[method]?.enabled),
      instructions: row?.manualMethods[method]?.instructions ?? null,
    })),
    updated_at: row ? iso(row.updatedAt) : null,
  };
}
