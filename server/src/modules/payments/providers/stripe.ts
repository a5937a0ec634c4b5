import { z } from 'zod';
import { AppError } from '../../../platform/errors.ts';
import type { NextAction } from '../schema.ts';
import {
  DISPUTE_STATUSES,
  ProviderRequestError,
  ProviderUnavailableError,
  type PaymentProvider,
  type PaymentResult,
  type ProviderError,
  type RefundResult,
  type SaveCardResult,
  type WebhookEvent,
} from './provider.ts';
import { verifyStripeSignature } from './stripe-signature.ts';

export interface StripeOptions {
  /** `https://api.stripe.com`, or a local stand-in. */
  apiBase: string;
  secretKey: string;
  /** The endpoint's signing secret (`whsec_…`), for webhooks. */
  webhookSecret: string | null;
  timeoutMs: number;
  toleranceSeconds: number;
}

/** Refund reasons Stripe itself knows; any other reason travels in the refund's metadata only. */
const STRIPE_REFUND_REASONS = new Set(['duplicate', 'fraudulent', 'requested_by_customer']);

/**
 * The `stripe` provider: Stripe's REST API for PaymentIntents, spoken directly over HTTP
 * (form-encoded bodies, `Authorization: Bearer sk_…`, an `Idempotency-Key` on every POST).
 * Authorization creates and confirms a PaymentIntent with `capture_method=manual`, so the money
 * is held until Carton captures it; capture, cancel (void) and refunds follow. Webhooks are
 * verified with the endpoint's signing secret before anything in them is believed.
 */
export function stripeProvider(options: StripeOptions): PaymentProvider {
  const base = options.apiBase.replace(/\/+$/, '');

  /** Stripe's Customer for a Carton customer, made once (its key names the customer). */
  async function makeCustomer(request: { storeId: string; customerId: string }): Promise<string> {
    const made = await call(
      'POST',
      '/v1/customers',
      {
        'metadata[carton_customer_id]': request.customerId,
        'metadata[carton_store_id]': request.storeId,
      },
      `carton:customer:${request.storeId}:${request.customerId}`,
    );
    if (made.status >= 300) throw requestError(made.status, errorOf(made.body));
    return understood(StripeCustomer, made.body).id;
  }

  async function call(
    method: 'GET' | 'POST' | 'DELETE',
    path: string,
    params: FormParams | null,
    idempotencyKey?: string,
  ): Promise<{ status: number; body: Record<string, unknown> }> {
    const headers: Record<string, string> = { authorization: `Bearer ${options.secretKey}` };
    if (params) headers['content-type'] = 'application/x-www-form-urlencoded';
    if (idempotencyKey) headers['idempotency-key'] = idempotencyKey;
    let res: Response;
    let text: string;
    try {
      res = await fetch(`${base}${path}`, {
        method,
        headers,
        body: params ? formEncode(params) : undefined,
        signal: AbortSignal.timeout(options.timeoutMs),
      });
      text = await res.text();
    } catch (err) {
      const timedOut = (err as Error).name === 'TimeoutError' || (err as Error).name === 'AbortError';
      throw new ProviderUnavailableError(
        timedOut ? 'provider_timeout' : 'provider_unreachable',
        timedOut ? 'Stripe did not answer in time.' : 'Stripe could not be reached.',
        { cause: err },
      );
    }
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(text) as Record<string, unknown>;
    } catch {
      throw new ProviderUnavailableError('provider_error', `Stripe answered ${res.status} without JSON.`);
    }
    return { status: res.status, body };
  }

  /** A PaymentIntent answer, a card decline, or an error that is thrown. */
  function paymentAnswer(answer: { status: number; body: Record<string, unknown> }): PaymentResult {
    if (answer.status >= 200 && answer.status < 300) {
      return fromPaymentIntent(understood(StripePaymentIntent, answer.body));
    }
    const error = errorOf(answer.body);
    if (error.type === 'card_error') {
      const pi = error.payment_intent ? StripePaymentIntent.safeParse(error.payment_intent) : null;
      return {
        status: 'failed',
        providerReference: pi?.success ? pi.data.id : null,
        error: { code: error.decline_code ?? error.code ?? 'card_declined', message: error.message },
      };
    }
    throw requestError(answer.status, error);
  }

  return {
    code: 'stripe',

    checkPaymentMethod(paymentMethod) {
      return /^(pm|tok|card|src)_[A-Za-z0-9_]+$/.test(paymentMethod)
        ? null
        : 'a Stripe payment method (pm_…) or token (tok_…)';
    },

    async authorize(request) {
      const params: FormParams = {
        amount: request.amount,
        currency: request.currency.toLowerCase(),
        capture_method: 'manual',
        confirm: 'true',
        'payment_method_types[0]': 'card',
        'metadata[carton_intent_id]': request.intentId,
        'metadata[carton_store_id]': request.storeId,
        // The card charged comes back with the answer (brand, last four) for people to read.
        'expand[0]': 'payment_method',
      };
      // A card token (tok_…) becomes a payment method on the fly; a pm_… is used as is.
      if (request.paymentMethod.startsWith('tok_')) {
        params['payment_method_data[type]'] = 'card';
        params['payment_method_data[card][token]'] = request.paymentMethod;
      } else {
        params.payment_method = request.paymentMethod;
      }
      if (request.returnUrl) params.return_url = request.returnUrl;
      // A saved card is charged as its customer's (Stripe refuses an attached card without them).
      if (request.customerReference) params.customer = request.customerReference;
      // Charged by the merchant with the customer away: Stripe declines what needs a challenge.
      if (request.offSession) params.off_session = 'true';
      return paymentAnswer(await call('POST', '/v1/payment_intents', params, request.idempotencyKey));
    },

    async confirmAction(request) {
      return paymentAnswer(
        await call('GET', `/v1/payment_intents/${encodeURIComponent(request.providerReference)}`, null),
      );
    },

    async capture(request) {
      return paymentAnswer(
        await call(
          'POST',
          `/v1/payment_intents/${encodeURIComponent(request.providerReference)}/capture`,
          { amount_to_capture: request.amount },
          request.idempotencyKey,
        ),
      );
    },

    async void(request) {
      return paymentAnswer(
        await call(
          'POST',
          `/v1/payment_intents/${encodeURIComponent(request.providerReference)}/cancel`,
          {},
          request.idempotencyKey,
        ),
      );
    },

    async refund(request): Promise<RefundResult> {
      const params: FormParams = {
        payment_intent: request.providerReference,
        amount: request.amount,
        'metadata[carton_refund_id]': request.refundId,
        'metadata[carton_intent_id]': request.intentId,
      };
      if (request.reason && STRIPE_REFUND_REASONS.has(request.reason)) params.reason = request.reason;
      else if (request.reason) params['metadata[reason]'] = request.reason.slice(0, 500);
      const answer = await call('POST', '/v1/refunds', params, request.idempotencyKey);
      if (answer.status >= 200 && answer.status < 300) {
        const refund = understood(StripeRefund, answer.body);
        // `pending` refunds complete on their own (Stripe reports failures by webhook).
        return refund.status === 'failed' || refund.status === 'canceled'
          ? {
              status: 'failed',
              providerReference: refund.id,
              error: {
                code: refund.failure_reason ?? 'refund_failed',
                message: 'The refund could not be made.',
              },
            }
          : { status: 'succeeded', providerReference: refund.id };
      }
      throw requestError(answer.status, errorOf(answer.body));
    },

    // A saved card: Stripe's Customer (made once per Carton customer), the token made a
    // PaymentMethod, and the PaymentMethod attached to the Customer — Stripe checks the card
    // with its bank when attaching, and a declined card is not kept.
    async prepareCardSetup(request) {
      const customerReference = request.customerReference ?? (await makeCustomer(request));
      const made = await call(
        'POST',
        '/v1/setup_intents',
        { customer: customerReference, usage: 'off_session', 'payment_method_types[0]': 'card' },
        request.idempotencyKey,
      );
      if (made.status >= 300) throw requestError(made.status, errorOf(made.body));
      const setup = understood(StripeSetupIntent, made.body);
      return { customerReference, clientSecret: setup.client_secret };
    },

    async saveCard(request) {
      const customerReference = request.customerReference ?? (await makeCustomer(request));
      let method = request.paymentMethod;
      // A card the shopper confirmed through a SetupIntent (Stripe.js) is attached already.
      if (method.startsWith('pm_')) {
        const known = await call('GET', `/v1/payment_methods/${encodeURIComponent(method)}`, null);
        if (known.status >= 300) throw requestError(known.status, errorOf(known.body));
        const pm = understood(StripePaymentMethod, known.body);
        if (pm.customer === customerReference) return savedAnswer(customerReference, pm);
        if (pm.customer)
          throw new ProviderRequestError('payment_method_taken', 'The card belongs to another customer.');
      }
      if (method.startsWith('tok_')) {
        const made = await call(
          'POST',
          '/v1/payment_methods',
          { type: 'card', 'card[token]': method },
          `${request.idempotencyKey}:method`,
        );
        if (made.status >= 300) {
          const error = errorOf(made.body);
          if (error.type === 'card_error')
            return { saved: false, customerReference, error: declineOf(error) };
          throw requestError(made.status, error);
        }
        method = understood(StripePaymentMethod, made.body).id;
      }
      const attached = await call(
        'POST',
        `/v1/payment_methods/${encodeURIComponent(method)}/attach`,
        { customer: customerReference },
        `${request.idempotencyKey}:attach`,
      );
      if (attached.status >= 300) {
        const error = errorOf(attached.body);
        if (error.type === 'card_error') return { saved: false, customerReference, error: declineOf(error) };
        throw requestError(attached.status, error);
      }
      return savedAnswer(customerReference, understood(StripePaymentMethod, attached.body));
    },

    async removeCard(request) {
      const answer = await call(
        'POST',
        `/v1/payment_methods/${encodeURIComponent(request.reference)}/detach`,
        {},
        request.idempotencyKey,
      );
      // Detached before (or gone): what was asked is so.
      if (answer.status >= 300 && !(answer.status === 400 || answer.status === 404)) {
        throw requestError(answer.status, errorOf(answer.body));
      }
    },

    async respondToDispute(request) {
      const params: FormParams = { submit: 'true' };
      for (const [field, value] of Object.entries(request.evidence)) params[`evidence[${field}]`] = value;
      const answer = await call(
        'POST',
        `/v1/disputes/${encodeURIComponent(request.reference)}`,
        params,
        request.idempotencyKey,
      );
      if (answer.status >= 300) throw requestError(answer.status, errorOf(answer.body));
      return understood(StripeDispute, answer.body).status;
    },

    async acceptDispute(request) {
      const answer = await call(
        'POST',
        `/v1/disputes/${encodeURIComponent(request.reference)}/close`,
        {},
        request.idempotencyKey,
      );
      if (answer.status >= 300) throw requestError(answer.status, errorOf(answer.body));
      return understood(StripeDispute, answer.body).status;
    },

    async forgetCustomer(request) {
      const answer = await call(
        'DELETE',
        `/v1/customers/${encodeURIComponent(request.customerReference)}`,
        null,
      );
      if (answer.status >= 300 && answer.status !== 404)
        throw requestError(answer.status, errorOf(answer.body));
    },

    parseWebhook({ rawBody, headers }): WebhookEvent {
      if (!options.webhookSecret) {
        throw new AppError('NOT_FOUND', 'Stripe webhooks are not configured for this store.');
      }
      const header = headers['stripe-signature'];
      verifyStripeSignature({
        payload: rawBody,
        header: Array.isArray(header) ? header[0] : header,
        secret: options.webhookSecret,
        toleranceSeconds: options.toleranceSeconds,
      });
      let json: unknown;
      try {
        json = JSON.parse(rawBody.toString('utf8'));
      } catch {
        throw new AppError('MALFORMED_JSON', 'The webhook body is not valid JSON.');
      }
      const parsed = StripeEvent.safeParse(json);
      if (!parsed.success) throw new AppError('BAD_REQUEST', 'The webhook body is not a Stripe event.');
      return fromEvent(parsed.data);
    },
  };
}

// --- Stripe's shapes (only the fields Carton reads) --------------------------------------------

const Metadata = z.record(z.string(), z.string()).nullish();

const LastPaymentError = z
  .object({
    code: z.string().nullish(),
    decline_code: z.string().nullish(),
    message: z.string().nullish(),
  })
  .nullish();

const StripePaymentIntent = z.object({
  id: z.string(),
  object: z.literal('payment_intent'),
  amount: z.number().int(),
  amount_capturable: z.number().int().nullish(),
  amount_received: z.number().int().nullish(),
  currency: z.string(),
  status: z.enum([
    'requires_payment_method',
    'requires_confirmation',
    'requires_action',
    'processing',
    'requires_capture',
    'canceled',
    'succeeded',
  ]),
  next_action: z
    .object({
      type: z.string(),
      redirect_to_url: z.object({ url: z.string() }).nullish(),
    })
    .nullish(),
  last_payment_error: LastPaymentError,
  metadata: Metadata,
  payment_method: z
    .union([
      z.string(),
      z.object({ id: z.string(), card: z.object({ brand: z.string(), last4: z.string() }).nullish() }),
    ])
    .nullish(),
});
type StripePaymentIntent = z.infer<typeof StripePaymentIntent>;

const StripeCustomer = z.object({ id: z.string(), object: z.literal('customer') });

const StripeSetupIntent = z.object({
  id: z.string(),
  object: z.literal('setup_intent'),
  client_secret: z.string(),
});

const StripePaymentMethod = z.object({
  id: z.string(),
  object: z.literal('payment_method'),
  customer: z.string().nullish(),
  card: z
    .object({
      brand: z.string(),
      last4: z.string().regex(/^[0-9]{4}$/),
      exp_month: z.number().int().min(1).max(12),
      exp_year: z.number().int(),
      fingerprint: z.string().nullish(),
    })
    .nullish(),
});

const StripeRefund = z.object({
  id: z.string(),
  object: z.literal('refund'),
  amount: z.number().int(),
  status: z.string().nullish(),
  failure_reason: z.string().nullish(),
});

const StripeCharge = z.object({
  id: z.string(),
  object: z.literal('charge'),
  amount: z.number().int(),
  amount_captured: z.number().int().nullish(),
  amount_refunded: z.number().int(),
  currency: z.string(),
  payment_intent: z.string().nullish(),
  metadata: Metadata,
});

const StripeDispute = z.object({
  id: z.string(),
  object: z.literal('dispute'),
  amount: z.number().int(),
  currency: z.string(),
  reason: z.string(),
  status: z.enum(DISPUTE_STATUSES),
  payment_intent: z.string().nullish(),
  evidence_details: z.object({ due_by: z.number().int().nullish() }).nullish(),
});

const StripeEvent = z.object({
  id: z.string().min(1).max(255),
  object: z.literal('event'),
  type: z.string().min(1).max(255),
  data: z.object({ object: z.record(z.string(), z.unknown()) }),
});

const StripeError = z.object({
  type: z.string().default('api_error'),
  code: z.string().nullish(),
  decline_code: z.string().nullish(),
  message: z.string().default('Stripe refused the request.'),
  payment_intent: z.unknown().optional(),
});
type StripeError = z.infer<typeof StripeError>;

/** A success answer in a shape Carton does not know: what happened is unknown. */
function understood<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  const parsed = schema.safeParse(body);
  if (!parsed.success)
    throw new ProviderUnavailableError('provider_error', 'Stripe answered in an unexpected shape.');
  return parsed.data;
}

function errorOf(body: Record<string, unknown>): StripeError {
  const parsed = StripeError.safeParse(body.error ?? {});
  return parsed.success ? parsed.data : { type: 'api_error', message: 'Stripe refused the request.' };
}

/** A refusal: retryable ones (rate limit, a concurrent request with the key, Stripe's own 5xx) leave the outcome unknown. */
function requestError(status: number, error: StripeError): Error {
  if (status === 409 || status === 429 || status >= 500) {
    return new ProviderUnavailableError('provider_error', `Stripe answered ${status}: ${error.message}`);
  }
  return new ProviderRequestError(error.code ?? error.type, error.message, status);
}

/** A card attached to the customer, as Carton keeps it. */
function savedAnswer(customerReference: string, pm: z.infer<typeof StripePaymentMethod>): SaveCardResult {
  if (!pm.card) throw new ProviderRequestError('not_a_card', 'Only cards are saved.');
  return {
    saved: true,
    customerReference,
    reference: pm.id,
    card: {
      brand: pm.card.brand,
      last4: pm.card.last4,
      expMonth: pm.card.exp_month,
      expYear: pm.card.exp_year,
      fingerprint: pm.card.fingerprint ?? pm.id,
    },
  };
}

function declineOf(error: StripeError): ProviderError {
  return { code: error.decline_code ?? error.code ?? 'card_declined', message: error.message };
}

function errorFrom(last: z.infer<typeof LastPaymentError>): ProviderError {
  return {
    code: last?.decline_code ?? last?.code ?? 'card_declined',
    message: last?.message ?? 'Your card was declined.',
  };
}

function nextActionOf(pi: StripePaymentIntent): NextAction | null {
  const url = pi.next_action?.redirect_to_url?.url;
  return url ? { type: 'redirect_to_url', url } : null;
}

function fromPaymentIntent(pi: StripePaymentIntent): PaymentResult {
  const result = answerOf(pi);
  const card = typeof pi.payment_method === 'object' ? pi.payment_method?.card : null;
  return card ? { ...result, card: { brand: card.brand, last4: card.last4 } } : result;
}

function answerOf(pi: StripePaymentIntent): PaymentResult {
  const providerReference = pi.id;
  switch (pi.status) {
    case 'requires_capture':
      return { status: 'authorized', providerReference };
    case 'requires_action':
      return { status: 'requires_action', providerReference, nextAction: nextActionOf(pi) };
    case 'succeeded':
      return { status: 'captured', providerReference, capturedAmount: pi.amount_received ?? pi.amount };
    case 'canceled':
      return { status: 'canceled', providerReference };
    case 'requires_payment_method':
      // Confirmed and declined (or the challenge failed): the attempt failed.
      return { status: 'failed', providerReference, error: errorFrom(pi.last_payment_error) };
    case 'processing':
    case 'requires_confirmation':
      return { status: 'processing', providerReference };
  }
}

function fromEvent(event: z.infer<typeof StripeEvent>): WebhookEvent {
  const object = event.data.object;
  const base = { id: event.id, type: event.type };
  const other: WebhookEvent = {
    ...base,
    kind: 'other',
    providerReference: null,
    intentId: null,
    amount: null,
    currency: null,
  };
  const kinds: Record<string, WebhookEvent['kind']> = {
    'payment_intent.amount_capturable_updated': 'authorized',
    'payment_intent.succeeded': 'captured',
    'payment_intent.payment_failed': 'failed',
    'payment_intent.canceled': 'canceled',
  };
  const kind = kinds[event.type];
  if (kind) {
    const pi = StripePaymentIntent.safeParse(object);
    if (!pi.success) throw new AppError('BAD_REQUEST', `The ${event.type} event carries no PaymentIntent.`);
    return {
      ...base,
      kind,
      providerReference: pi.data.id,
      intentId: pi.data.metadata?.carton_intent_id ?? null,
      amount: pi.data.amount,
      currency: pi.data.currency.toUpperCase(),
      capturedAmount: pi.data.amount_received ?? undefined,
      error: kind === 'failed' ? errorFrom(pi.data.last_payment_error) : null,
    };
  }
  if (
    event.type === 'payment_method.detached' ||
    event.type === 'payment_method.automatically_updated' ||
    event.type === 'payment_method.updated'
  ) {
    const pm = StripePaymentMethod.safeParse(object);
    if (!pm.success || !pm.data.card) return other; // not a card: nothing Carton keeps
    const c = pm.data.card;
    return {
      ...other,
      kind: event.type === 'payment_method.detached' ? 'card_detached' : 'card_updated',
      card: {
        reference: pm.data.id,
        brand: c.brand,
        last4: c.last4,
        expMonth: c.exp_month,
        expYear: c.exp_year,
      },
    };
  }
  if (event.type.startsWith('charge.dispute.')) {
    const dispute = StripeDispute.safeParse(object);
    if (!dispute.success || !dispute.data.payment_intent) {
      throw new AppError('BAD_REQUEST', `The ${event.type} event carries no dispute of a PaymentIntent.`);
    }
    const d = dispute.data;
    const dueBy = d.evidence_details?.due_by;
    return {
      ...other,
      kind: 'dispute',
      providerReference: d.payment_intent!,
      amount: d.amount,
      currency: d.currency.toUpperCase(),
      dispute: {
        reference: d.id,
        amount: d.amount,
        currency: d.currency.toUpperCase(),
        reason: d.reason,
        status: d.status,
        evidenceDueBy: dueBy ? new Date(dueBy * 1000) : null,
      },
    };
  }
  if (event.type === 'charge.refunded') {
    const charge = StripeCharge.safeParse(object);
    if (!charge.success || !charge.data.payment_intent) {
      throw new AppError('BAD_REQUEST', 'The charge.refunded event carries no charge of a PaymentIntent.');
    }
    return {
      ...base,
      kind: 'refunded',
      providerReference: charge.data.payment_intent,
      intentId: charge.data.metadata?.carton_intent_id ?? null,
      amount: charge.data.amount,
      currency: charge.data.currency.toUpperCase(),
      capturedAmount: charge.data.amount_captured ?? undefined,
      refundedAmount: charge.data.amount_refunded,
    };
  }
  return other;
}

// --- form encoding ------------------------------------------------------------------------------

type FormParams = Record<string, string | number | undefined>;

/** Stripe's bodies: `application/x-www-form-urlencoded`, nested keys already bracketed (`metadata[k]`). */
function formEncode(params: FormParams): string {
  const form = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined) form.append(key, String(value));
  }
  return form.toString();
}
