import type { FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { principalOf, requirePermission, storeOf } from '../../platform/auth/principal.ts';
import type { Platform } from '../../platform/context.ts';
import type { App } from '../../platform/http/app.ts';
import { pageSchema } from '../../platform/http/pagination.ts';
import { newId } from '../../platform/ids.ts';
import { auditContext } from '../audit/service.ts';
import { PositiveAmount, PaymentIntentListQuery } from './intents.ts';
import {
  capturePayment,
  getPaymentIntent,
  getPaymentSettings,
  listPaymentIntents,
  listPaymentOperations,
  listRefunds,
  refundPayment,
  updatePaymentSettings,
  voidPayment,
} from './service.ts';
import { PaymentSettingsPatch } from './settings.ts';
import { PaymentIntentView, PaymentOperationView, PaymentSettingsView, RefundView } from './views.ts';

const security: Record<string, string[]>[] = [{ bearer: [] }, { apiKey: [] }];
const tags = ['payments'];
const read = requirePermission('payments.read');
const manage = requirePermission('payments.manage');
const IntentParams = z.object({ intentId: z.string().min(1).max(64) });

const CaptureBody = z.strictObject({
  amount: PositiveAmount.optional().describe('Capture part of the authorized amount; default: all of it'),
});
const RefundBody = z.strictObject({
  amount: PositiveAmount.optional().describe('Default: everything still refundable'),
  reason: z.string().trim().min(1).max(500).optional(),
});

/**
 * The service's idempotency key for a refund asked over HTTP: the caller's Idempotency-Key,
 * scoped to the caller (as the HTTP layer scopes its replay), or a fresh one.
 */
function refundKey(req: FastifyRequest): string {
  const header = req.headers['idempotency-key'];
  if (typeof header !== 'string') return newId('rfkey');
  const p = principalOf(req);
  return `http:${p.apiKeyId ?? p.userId ?? p.kind}:${header}`;
}

/** Admin API: payment intents (read, capture, void, refund) and the store's payment settings. */
export async function paymentsAdminRoutes(app: App, platform: Platform): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/admin/v1/payment-intents',
    {
      preHandler: read,
      schema: {
        tags,
        security,
        summary: "The store's payments, newest first",
        querystring: PaymentIntentListQuery,
        response: { 200: pageSchema(PaymentIntentView) },
      },
    },
    async (req) => listPaymentIntents(platform, { storeId: storeOf(req), query: req.query }),
  );

  r.get(
    '/admin/v1/payment-intents/:intentId',
    {
      preHandler: read,
      schema: {
        tags,
        security,
        summary: 'One payment',
        params: IntentParams,
        response: { 200: PaymentIntentView },
      },
    },
    async (req) => getPaymentIntent(platform, { storeId: storeOf(req), intentId: req.params.intentId }),
  );

  r.get(
    '/admin/v1/payment-intents/:intentId/operations',
    {
      preHandler: read,
      schema: {
        tags,
        security,
        summary: "A payment's log: every provider call and webhook, with its outcome",
        params: IntentParams,
        response: { 200: z.object({ data: z.array(PaymentOperationView) }) },
      },
    },
    async (req) => ({
      data: await listPaymentOperations(platform, { storeId: storeOf(req), intentId: req.params.intentId }),
    }),
  );

  r.post(
    '/admin/v1/payment-intents/:intentId/capture',
    {
      preHandler: manage,
      schema: {
        tags,
        security,
        summary: 'Capture an authorized payment, in full or in part',
        description:
          'A payment is captured once; capturing part of it releases the rest of the hold. Capturing again with ' +
          'the same amount returns the payment. 503 PAYMENT_PROVIDER_UNAVAILABLE: the provider did not answer; ' +
          'retrying is safe.',
        params: IntentParams,
        body: CaptureBody.nullish(),
        response: { 200: PaymentIntentView },
      },
    },
    async (req) =>
      capturePayment(platform, {
        storeId: storeOf(req),
        intentId: req.params.intentId,
        amount: req.body?.amount,
        actor: auditContext(req),
      }),
  );

  r.post(
    '/admin/v1/payment-intents/:intentId/void',
    {
      preHandler: manage,
      schema: {
        tags,
        security,
        summary: 'Void a payment that is not captured (release the hold)',
        params: IntentParams,
        response: { 200: PaymentIntentView },
      },
    },
    async (req) =>
      voidPayment(platform, {
        storeId: storeOf(req),
        intentId: req.params.intentId,
        actor: auditContext(req),
      }),
  );

  r.post(
    '/admin/v1/payment-intents/:intentId/refunds',
    {
      preHandler: manage,
      schema: {
        tags,
        security,
        summary: 'Refund part or all of a captured payment',
        description:
          'Never more than was captured, even when refunds race: too much is 422 REFUND_EXCEEDS_CAPTURED. Send an ' +
          '`Idempotency-Key`: a retry returns (or finishes) the same refund instead of refunding twice.',
        params: IntentParams,
        body: RefundBody,
        response: { 201: RefundView },
      },
    },
    async (req, reply) => {
      const refund = await refundPayment(platform, {
        storeId: storeOf(req),
        intentId: req.params.intentId,
        amount: req.body.amount,
        reason: req.body.reason,
        idempotencyKey: refundKey(req),
        actor: auditContext(req),
      });
      reply.code(201);
      return refund;
    },
  );

  r.get(
    '/admin/v1/payment-intents/:intentId/refunds',
    {
      preHandler: read,
      schema: {
        tags,
        security,
        summary: "A payment's refunds",
        params: IntentParams,
        response: { 200: z.object({ data: z.array(RefundView) }) },
      },
    },
    async (req) => ({
      data: await listRefunds(platform, { storeId: storeOf(req), intentId: req.params.intentId }),
    }),
  );

  r.get(
    '/admin/v1/payment-settings',
    {
      preHandler: read,
      schema: {
        tags,
        security,
        summary: "The store's payment provider and capture mode (secrets masked)",
        response: { 200: PaymentSettingsView },
      },
    },
    async (req) => getPaymentSettings(platform, storeOf(req)),
  );

  r.patch(
    '/admin/v1/payment-settings',
    {
      preHandler: manage,
      schema: {
        tags,
        security,
        summary: "Change the store's payment provider, capture mode or Stripe credentials",
        description:
          'Applies to payments created afterwards (a payment keeps the provider and capture mode it was made ' +
          'with). The Stripe secret key and webhook signing secret are write-only: stored encrypted, shown ' +
          'masked. The stripe provider needs both.',
        body: PaymentSettingsPatch,
        response: { 200: PaymentSettingsView },
      },
    },
    async (req) =>
      updatePaymentSettings(platform, { storeId: storeOf(req), patch: req.body, actor: auditContext(req) }),
  );
}
