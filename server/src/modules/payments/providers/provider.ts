import type { NextAction, ProviderCode } from '../schema.ts';

/**
 * What Carton asks of a payment provider. Every call that changes money carries an idempotency
 * key derived from the intent and the operation (`operationKey`), so a call retried after a crash
 * or a lost answer is recognised by the provider and never charges, captures or refunds twice.
 *
 * A provider answers with a result, or throws:
 * - `ProviderUnavailableError` when the outcome is unknown (timeout, network, provider 5xx):
 *   the caller keeps the payment where it was and retries later with the same key;
 * - `ProviderRequestError` when the provider refused the request itself (bad credentials, a
 *   payment in the wrong state, a key reused with other parameters).
 * A declined card is not an error: it is a result with status `failed` and the decline reason.
 */
export interface PaymentProvider {
  readonly code: ProviderCode | 'manual';
  /** Why `paymentMethod` cannot be one of this provider's tokens, or null when it can. */
  checkPaymentMethod(paymentMethod: string): string | null;
  authorize(request: AuthorizeRequest): Promise<PaymentResult>;
  /** The payment's state after the shopper's action (3-D Secure): authorized, failed, or still waiting. */
  confirmAction?(request: PaymentRequest): Promise<PaymentResult>;
  capture(request: PaymentRequest & { amount: number }): Promise<PaymentResult>;
  void(request: PaymentRequest): Promise<PaymentResult>;
  refund(request: RefundRequest): Promise<RefundResult>;
  /**
   * Keep a card for a customer (their provider customer made first when `customerReference` is
   * null): a token becomes a payment method attached to them. A card the provider refuses to keep
   * (declined, expired) is a result with `error`, not an exception. Card providers only.
   */
  saveCard?(request: SaveCardRequest): Promise<SaveCardResult>;
  /**
   * Where the provider wants the shopper to confirm a card before it is saved (Stripe's
   * SetupIntent: 3-D Secure now, so that charges with the shopper away are not declined later):
   * the client secret its browser library confirms. Providers without it save tokens directly.
   */
  prepareCardSetup?(request: {
    storeId: string;
    customerId: string;
    customerReference: string | null;
    idempotencyKey: string;
  }): Promise<{ customerReference: string; clientSecret: string }>;
  /** Detach a saved card: it can no longer be charged. A card detached before is not an error. */
  removeCard?(request: { storeId: string; reference: string; idempotencyKey: string }): Promise<void>;
  /** Delete the provider's customer and every card kept for them (a GDPR erasure). */
  forgetCustomer?(request: { storeId: string; customerReference: string }): Promise<void>;
  /**
   * Answer a dispute (a chargeback) with the merchant's evidence, submitted to the card network
   * now: the dispute's status after it (usually `under_review`). Card providers only.
   */
  respondToDispute?(request: {
    storeId: string;
    reference: string;
    evidence: DisputeEvidence;
    idempotencyKey: string;
  }): Promise<DisputeStatus>;
  /** Accept a dispute: the merchant does not contest it, and it is lost. */
  acceptDispute?(request: {
    storeId: string;
    reference: string;
    idempotencyKey: string;
  }): Promise<DisputeStatus>;
  /** Verify and read a webhook the provider sent; throws WEBHOOK_SIGNATURE_INVALID for a forged one. */
  parseWebhook(request: {
    rawBody: Buffer;
    headers: Record<string, string | string[] | undefined>;
  }): WebhookEvent;
}

export interface AuthorizeRequest {
  storeId: string;
  intentId: string;
  idempotencyKey: string;
  amount: number;
  currency: string;
  paymentMethod: string;
  returnUrl?: string | null;
  /** A saved card's provider customer: `paymentMethod` is then the card kept for them. */
  customerReference?: string | null;
  /** Staff charge a saved card: the customer cannot answer a challenge (it fails instead). */
  offSession?: boolean;
}

export interface SaveCardRequest {
  storeId: string;
  /** Carton's customer id, for the provider's metadata. */
  customerId: string;
  customerReference: string | null;
  /** The token the storefront got from the provider (tok_…, pm_…). */
  paymentMethod: string;
  idempotencyKey: string;
}

/** What Carton keeps of a card: references and what a shopper needs to recognise it. */
export interface SavedCardDetails {
  brand: string;
  last4: string;
  expMonth: number;
  expYear: number;
  fingerprint: string;
}

export type SaveCardResult =
  | { saved: true; customerReference: string; reference: string; card: SavedCardDetails }
  | { saved: false; customerReference: string | null; error: ProviderError };

/** A dispute's state, in Stripe's words (an inquiry is a `warning_…` one, before any chargeback). */
export const DISPUTE_STATUSES = [
  'warning_needs_response',
  'warning_under_review',
  'warning_closed',
  'needs_response',
  'under_review',
  'won',
  'lost',
] as const;
export type DisputeStatus = (typeof DISPUTE_STATUSES)[number];

/** A dispute as the provider reports it. */
export interface DisputeFacts {
  reference: string;
  amount: number;
  currency: string;
  /** The card network's reason, e.g. `fraudulent`, `product_not_received`. */
  reason: string;
  status: DisputeStatus;
  /** Until when evidence is accepted; null once it is too late or not asked. */
  evidenceDueBy: Date | null;
}

/** What the merchant answers a dispute with (Stripe's evidence fields Carton offers). */
export interface DisputeEvidence {
  product_description?: string;
  customer_name?: string;
  customer_email_address?: string;
  shipping_carrier?: string;
  shipping_tracking_number?: string;
  shipping_date?: string;
  uncategorized_text?: string;
}

export interface PaymentRequest {
  storeId: string;
  intentId: string;
  idempotencyKey: string;
  providerReference: string;
  currency: string;
}

export interface RefundRequest extends PaymentRequest {
  refundId: string;
  amount: number;
  reason?: string | null;
}

export interface ProviderError {
  /** The decline reason or error code, e.g. `insufficient_funds`, `expired_card`. */
  code: string;
  /** Readable by the shopper: "Your card has insufficient funds." */
  message: string;
}

export interface PaymentResult {
  status: 'authorized' | 'requires_action' | 'processing' | 'failed' | 'captured' | 'canceled';
  providerReference: string | null;
  nextAction?: NextAction | null;
  error?: ProviderError | null;
  /** For `captured`: how much the provider captured. */
  capturedAmount?: number;
  /** The card charged, when the provider says: what people read instead of a token. */
  card?: { brand: string; last4: string } | null;
}

export interface RefundResult {
  status: 'succeeded' | 'failed';
  providerReference: string | null;
  error?: ProviderError | null;
}

/** A provider webhook, verified and mapped onto what it means for a payment intent. */
export interface WebhookEvent {
  id: string;
  type: string;
  /**
   * What happened to the payment, or to a saved card (detached at the provider, or its details
   * renewed by the card networks' updater), or `other` for events Carton does not act on.
   */
  kind:
    | 'authorized'
    | 'captured'
    | 'failed'
    | 'canceled'
    | 'refunded'
    | 'card_detached'
    | 'card_updated'
    | 'dispute'
    | 'other';
  providerReference: string | null;
  /** The Carton intent named in the provider's metadata, when present. */
  intentId: string | null;
  /** The payment's full amount and currency, as the provider knows them. */
  amount: number | null;
  currency: string | null;
  capturedAmount?: number;
  /** For `refunded`: the total refunded so far at the provider. */
  refundedAmount?: number;
  /** For `card_detached` and `card_updated`: the saved card (its payment method) as the provider now has it. */
  card?: { reference: string; brand: string; last4: string; expMonth: number; expYear: number };
  /** For `dispute`: the dispute (chargeback) opened, changed or closed on the payment. */
  dispute?: DisputeFacts;
  error?: ProviderError | null;
}

/** The outcome of a call is unknown: retry with the same idempotency key. */
export class ProviderUnavailableError extends Error {
  readonly code: 'provider_timeout' | 'provider_unreachable' | 'provider_error';
  constructor(code: ProviderUnavailableError['code'], message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ProviderUnavailableError';
    this.code = code;
  }
}

/** The provider refused the request itself (not a card decline). */
export class ProviderRequestError extends Error {
  readonly code: string;
  readonly status: number;
  constructor(code: string, message: string, status = 400) {
    super(message);
    this.name = 'ProviderRequestError';
    this.code = code;
    this.status = status;
  }
}

/**
 * The provider idempotency key of one operation on one intent: the same inputs always give the
 * same key, so a retried workflow step after a crash repeats the same provider request.
 */
export function operationKey(
  intentId: string,
  operation: 'authorize' | 'confirm_action' | 'capture' | 'void' | 'refund',
  discriminator?: string | number,
): string {
  return discriminator === undefined
    ? `carton:${intentId}:${operation}`
    : `carton:${intentId}:${operation}:${discriminator}`;
}
