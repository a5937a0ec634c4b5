import type { FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { principalOf, requirePermission, storeOf } from '../../platform/auth/principal.ts';
import type { Platform } from '../../platform/context.ts';
import type { App } from '../../platform/http/app.ts';
import { pageSchema } from '../../platform/http/pagination.ts';
import { newId } from '../../platform/ids.ts';
import { auditContext } from '../audit/service.ts';
import {
  acceptDispute,
  DisputeEvidenceInput,
  DisputeListQuery,
  DisputeView,
  getDispute,
  listDisputes,
  openTestDispute,
  respondToDispute,
  TestDisputeInput,
} from './disputes.ts';
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

  const DisputeParams = z.object({ disputeId: z.string().min(1).max(64) });

  r.get(
    '/admin/v1/payment-disputes',
    {
      preHandler: read,
      schema: {
        tags,
        security,
        summary: 'Disputes (chargebacks) of the store’s payments, newest first',
        querystring: DisputeListQuery,
        response: { 200: pageSchema(DisputeView) },
      },
    },
    async (req) => listDisputes(platform, { storeId: storeOf(req), query: req.query }),
  );

  r.get(
    '/admin/v1/payment-disputes/:disputeId',
    {
      preHandler: read,
      schema: { tags, security, summary: 'A dispute', params: DisputeParams, response: { 200: DisputeView } },
    },
    async (req) => getDispute(platform, { storeId: storeOf(req), disputeId: req.params.disputeId }),
  );

  r.post(
    '/admin/v1/payment-disputes/:disputeId/evidence',
    {
      preHandler: manage,
      schema: {
        tags,
        security,
        summary: 'Answer a dispute with evidence, submitted to the card network through the provider',
        description:
          'Once, while the dispute needs a response and before `evidence_due_by`; otherwise 409. The provider ' +
          'usually puts it under review; the decision arrives later (`payment_dispute.closed`). 503: the provider ' +
          'did not answer (a retry with the same evidence is the same request).',
        params: DisputeParams,
        body: DisputeEvidenceInput,
        response: { 200: DisputeView },
      },
    },
    async (req) =>
      respondToDispute(platform, {
        storeId: storeOf(req),
        disputeId: req.params.disputeId,
        input: req.body,
        actor: auditContext(req),
      }),
  );

  r.post(
    '/admin/v1/payment-disputes/:disputeId/accept',
    {
      preHandler: manage,
      schema: {
        tags,
        security,
        summary: 'Accept a dispute: not contested, so it is lost',
        params: DisputeParams,
        response: { 200: DisputeView },
      },
    },
    async (req) =>
      acceptDispute(platform, {
        storeId: storeOf(req),
        disputeId: req.params.disputeId,
        actor: auditContext(req),
      }),
  );

  r.post(
    '/admin/v1/payment-intents/:intentId/test-dispute',
    {
      preHandler: manage,
      schema: {
        tags,
        security,
        summary: 'Test processor: the cardholder disputes this captured payment',
        description:
          'For trying disputes without a real card network (as Stripe’s test card …0259): a dispute needing a ' +
          'response within 7 days. Answered with `uncategorized_text` "winning_evidence" it is won, ' +
          '"losing_evidence" lost. 422 for any other provider’s payment; 409 when nothing is captured.',
        params: IntentParams,
        body: TestDisputeInput.nullish(),
        response: { 201: DisputeView },
      },
    },
    async (req, reply) => {
      const dispute = await openTestDispute(platform, {
        storeId: storeOf(req),
        intentId: req.params.intentId,
        input: req.body ?? {},
        actor: auditContext(req),
      });
      reply.code(201);
      return dispute;
    },
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
