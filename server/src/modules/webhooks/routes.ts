import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requirePermission, storeOf } from '../../platform/auth/principal.ts';
import type { Platform } from '../../platform/context.ts';
import type { App } from '../../platform/http/app.ts';
import { PageQuery, pageSchema } from '../../platform/http/pagination.ts';
import { auditContext } from '../audit/service.ts';
import {
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  DeliveryListQuery,
  getWebhookDelivery,
  getWebhookEndpoint,
  listWebhookDeliveries,
  listWebhookEndpoints,
  replayWebhookDelivery,
  revealWebhookSecret,
  rotateWebhookSecret,
  sendTestWebhook,
  updateWebhookEndpoint,
  WebhookEndpointInput,
  WebhookEndpointPatch,
} from './service.ts';
import { deliveryView, endpointView, WebhookDeliveryView, WebhookEndpointView } from './views.ts';

const EndpointParams = z.object({ endpointId: z.string().min(1).max(64) });
const DeliveryParams = EndpointParams.extend({ deliveryId: z.string().min(1).max(64) });
const EndpointWithSecret = WebhookEndpointView.extend({
  secret: z.string().describe('The Standard Webhooks signing secret (whsec_…). Keep it on your server.'),
});
const SecretView = z.object({ secret: z.string() });
const security: Record<string, string[]>[] = [{ bearer: [] }, { apiKey: [] }];
const tags = ['webhooks'];
/** A read that happens to be a POST: nothing to make idempotent, and no reason to keep the secret. */
const NO_STORED_SECRETS = { idempotency: false } as const;

/** Merchant webhook endpoints, their signing secrets, and the delivery log with replay. */
export async function webhookRoutes(app: App, platform: Platform): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const cartonSecret = platform.config.CARTON_SECRET;
  const base = '/admin/v1/webhook-endpoints';

  r.post(
    base,
    {
      preHandler: requirePermission('webhooks.manage'),
      schema: {
        tags,
        security,
        summary: 'Register a webhook endpoint',
        description:
          'Events of the chosen types are POSTed to the URL as `{ type, timestamp, data }`, signed per the ' +
          'Standard Webhooks spec (`webhook-id`, `webhook-timestamp`, `webhook-signature`). The signing secret ' +
          'is in this response; later, reveal or rotate it.',
        body: WebhookEndpointInput,
        response: { 201: EndpointWithSecret },
      },
    },
    async (req, reply) => {
      const { endpoint, secret } = await createWebhookEndpoint(platform.db, {
        storeId: storeOf(req),
        input: req.body,
        cartonSecret,
        actor: auditContext(req),
      });
      reply.code(201);
      return { ...endpointView(endpoint), secret };
    },
  );

  r.get(
    base,
    {
      preHandler: requirePermission('webhooks.read'),
      schema: {
        tags,
        security,
        summary: "The store's webhook endpoints, newest first",
        querystring: PageQuery,
        response: { 200: pageSchema(WebhookEndpointView) },
      },
    },
    async (req) => {
      const page = await listWebhookEndpoints(platform.db, { storeId: storeOf(req), query: req.query });
      return { data: page.data.map(endpointView), next_cursor: page.next_cursor };
    },
  );

  r.get(
    `${base}/:endpointId`,
    {
      preHandler: requirePermission('webhooks.read'),
      schema: {
        tags,
        security,
        summary: 'One webhook endpoint',
        params: EndpointParams,
        response: { 200: WebhookEndpointView },
      },
    },
    async (req) =>
      endpointView(await getWebhookEndpoint(platform.db, { storeId: storeOf(req), ...req.params })),
  );

  r.patch(
    `${base}/:endpointId`,
    {
      preHandler: requirePermission('webhooks.manage'),
      schema: {
        tags,
        security,
        summary: 'Change a webhook endpoint',
        description:
          'Setting `enabled: true` on a disabled endpoint resumes the deliveries that were waiting.',
        params: EndpointParams,
        body: WebhookEndpointPatch,
        response: { 200: WebhookEndpointView },
      },
    },
    async (req) =>
      endpointView(
        await updateWebhookEndpoint(platform.db, {
          storeId: storeOf(req),
          endpointId: req.params.endpointId,
          patch: req.body,
          actor: auditContext(req),
        }),
      ),
  );

  r.delete(
    `${base}/:endpointId`,
    {
      preHandler: requirePermission('webhooks.manage'),
      schema: {
        tags,
        security,
        summary: 'Delete a webhook endpoint and its delivery log',
        params: EndpointParams,
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      await deleteWebhookEndpoint(platform.db, {
        storeId: storeOf(req),
        endpointId: req.params.endpointId,
        actor: auditContext(req),
      });
      return reply.code(204).send(null);
    },
  );

  r.post(
    `${base}/:endpointId/secret/reveal`,
    {
      config: NO_STORED_SECRETS,
      preHandler: requirePermission('webhooks.manage'),
      schema: {
        tags,
        security,
        summary: "Show the endpoint's signing secret",
        params: EndpointParams,
        response: { 200: SecretView },
      },
    },
    async (req, reply) => {
      reply.header('cache-control', 'no-store');
      const secret = await revealWebhookSecret(platform.db, {
        storeId: storeOf(req),
        endpointId: req.params.endpointId,
        cartonSecret,
        actor: auditContext(req),
      });
      return { secret };
    },
  );

  r.post(
    `${base}/:endpointId/secret/rotate`,
    {
      preHandler: requirePermission('webhooks.manage'),
      schema: {
        tags,
        security,
        summary: 'Replace the signing secret',
        description: 'For 24 hours deliveries carry signatures by both the new and the previous secret.',
        params: EndpointParams,
        response: { 200: EndpointWithSecret },
      },
    },
    async (req, reply) => {
      reply.header('cache-control', 'no-store');
      const { endpoint, secret } = await rotateWebhookSecret(platform.db, {
        storeId: storeOf(req),
        endpointId: req.params.endpointId,
        cartonSecret,
        actor: auditContext(req),
      });
      return { ...endpointView(endpoint), secret };
    },
  );

  r.post(
    `${base}/:endpointId/test`,
    {
      preHandler: requirePermission('webhooks.manage'),
      schema: {
        tags,
        security,
        summary: 'Send a webhook.test event to this endpoint',
        params: EndpointParams,
        response: { 202: WebhookDeliveryView },
      },
    },
    async (req, reply) => {
      const d = await sendTestWebhook(platform.db, {
        storeId: storeOf(req),
        endpointId: req.params.endpointId,
        actor: auditContext(req),
      });
      reply.code(202);
      return deliveryView(d.delivery, d.attempts);
    },
  );

  r.get(
    `${base}/:endpointId/deliveries`,
    {
      preHandler: requirePermission('webhooks.read'),
      schema: {
        tags,
        security,
        summary: 'The delivery log of an endpoint, newest first, with every attempt',
        params: EndpointParams,
        querystring: DeliveryListQuery,
        response: { 200: pageSchema(WebhookDeliveryView) },
      },
    },
    async (req) => {
      const page = await listWebhookDeliveries(platform.db, {
        storeId: storeOf(req),
        endpointId: req.params.endpointId,
        query: req.query,
      });
      return {
        data: page.data.map((d) => deliveryView(d.delivery, d.attempts)),
        next_cursor: page.next_cursor,
      };
    },
  );

  r.get(
    `${base}/:endpointId/deliveries/:deliveryId`,
    {
      preHandler: requirePermission('webhooks.read'),
      schema: {
        tags,
        security,
        summary: 'One delivery with its attempts',
        params: DeliveryParams,
        response: { 200: WebhookDeliveryView },
      },
    },
    async (req) => {
      const d = await getWebhookDelivery(platform.db, { storeId: storeOf(req), ...req.params });
      return deliveryView(d.delivery, d.attempts);
    },
  );

  r.post(
    `${base}/:endpointId/deliveries/:deliveryId/replay`,
    {
      preHandler: requirePermission('webhooks.manage'),
      schema: {
        tags,
        security,
        summary: 'Send a delivered (or failed) message again',
        description:
          'Creates a new delivery with the same body and `webhook-id`, so receivers can deduplicate.',
        params: DeliveryParams,
        response: { 202: WebhookDeliveryView },
      },
    },
    async (req, reply) => {
      const d = await replayWebhookDelivery(platform.db, {
        storeId: storeOf(req),
        ...req.params,
        actor: auditContext(req),
      });
      reply.code(202);
      return deliveryView(d.delivery, d.attempts);
    },
  );
}
