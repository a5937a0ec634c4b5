import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requirePermission, storeOf } from '../../platform/auth/principal.ts';
import type { Platform } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import type { App } from '../../platform/http/app.ts';
import { pageSchema } from '../../platform/http/pagination.ts';
import { auditContext } from '../audit/service.ts';
import {
  ConnectionInput,
  ConnectionListQuery,
  ConnectionPatch,
  createConnection,
  disconnectConnection,
  getConnection,
  listConnections,
  requestSync,
  updateConnection,
} from './connections.ts';
import {
  DeliveryListQuery,
  InboxListQuery,
  listDeliveries,
  listInbox,
  receiveWebhook,
} from './deliveries.ts';
import { PLATFORMS, type CommercePlatform } from './schema.ts';
import { ConnectionView, DeliveryView, InboxItemView } from './views.ts';

const security: Record<string, string[]>[] = [{ bearer: [] }, { apiKey: [] }];
const tags = ['integrations'];
const read = requirePermission('integrations.read');
const manage = requirePermission('integrations.manage');
const ConnectionParams = z.object({ connectionId: z.string().min(1).max(64) });

/** Admin API: connect, list, change and disconnect shops on other platforms; their deliveries and inbox. */
export async function integrationsAdminRoutes(app: App, platform: Platform): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const base = '/admin/v1/integrations/connections';

  r.get(
    base,
    {
      preHandler: read,
      schema: {
        tags,
        security,
        summary: "The store's connected shops, newest first",
        querystring: ConnectionListQuery,
        response: { 200: pageSchema(ConnectionView) },
      },
    },
    async (req) => listConnections(platform, { storeId: storeOf(req), query: req.query }),
  );

  r.post(
    base,
    {
      preHandler: manage,
      schema: {
        tags,
        security,
        summary: 'Connect a shop on Shopify, WooCommerce, BigCommerce or Magento',
        description:
          'Credentials are write-only: stored encrypted (AES-256-GCM), shown as hints. The answer names the ' +
          'ingest URL to paste into the platform and the topics to subscribe (docs/integrations.md). A shop ' +
          'already connected to this store is 409 ALREADY_EXISTS.',
        body: ConnectionInput,
        response: { 201: ConnectionView },
      },
    },
    async (req, reply) => {
      const view = await createConnection(platform, {
        storeId: storeOf(req),
        input: req.body,
        actor: auditContext(req),
      });
      reply.code(201);
      return view;
    },
  );

  r.get(
    `${base}/:connectionId`,
    {
      preHandler: read,
      schema: {
        tags,
        security,
        summary: 'One connection',
        params: ConnectionParams,
        response: { 200: ConnectionView },
      },
    },
    async (req) => getConnection(platform, { storeId: storeOf(req), connectionId: req.params.connectionId }),
  );

  r.patch(
    `${base}/:connectionId`,
    {
      preHandler: manage,
      schema: {
        tags,
        security,
        summary: 'Rename a connection, change its shop, rotate a credential, or change polling',
        description:
          'Only the fields of the connection’s platform are accepted (others: 422). A new credential replaces ' +
          'the old at once. Turning polling on starts from 24 hours ago unless `polling.since` says otherwise; ' +
          '`polling.since` also moves an existing cursor.',
        params: ConnectionParams,
        body: ConnectionPatch,
        response: { 200: ConnectionView },
      },
    },
    async (req) =>
      updateConnection(platform, {
        storeId: storeOf(req),
        connectionId: req.params.connectionId,
        patch: req.body,
        actor: auditContext(req),
      }),
  );

  r.delete(
    `${base}/:connectionId`,
    {
      preHandler: manage,
      schema: {
        tags,
        security,
        summary: 'Disconnect a shop',
        description:
          'Its credentials are erased, polling stops, and its ingest URL answers 404 from now on. What it ' +
          'delivered stays. Disconnecting again returns the connection as it is.',
        params: ConnectionParams,
        response: { 200: ConnectionView },
      },
    },
    async (req) =>
      disconnectConnection(platform, {
        storeId: storeOf(req),
        connectionId: req.params.connectionId,
        actor: auditContext(req),
      }),
  );

  r.post(
    `${base}/:connectionId/sync`,
    {
      preHandler: manage,
      schema: {
        tags,
        security,
        summary: 'Sync now: poll, and retry fetches left pending',
        description: 'A worker picks the connection up within seconds. 422 when there is nothing to sync.',
        params: ConnectionParams,
        response: { 202: ConnectionView },
      },
    },
    async (req, reply) => {
      const view = await requestSync(platform, {
        storeId: storeOf(req),
        connectionId: req.params.connectionId,
        actor: auditContext(req),
      });
      reply.code(202);
      return view;
    },
  );

  r.get(
    `${base}/:connectionId/deliveries`,
    {
      preHandler: read,
      schema: {
        tags,
        security,
        summary: "A connection's webhook deliveries, newest first",
        description: 'Applied, pending (a fetch from the platform to retry), or failed. No personal data.',
        params: ConnectionParams,
        querystring: DeliveryListQuery,
        response: { 200: pageSchema(DeliveryView) },
      },
    },
    async (req) =>
      listDeliveries(platform, {
        storeId: storeOf(req),
        connectionId: req.params.connectionId,
        query: req.query,
      }),
  );

  r.get(
    `${base}/:connectionId/inbox`,
    {
      preHandler: read,
      schema: {
        tags,
        security,
        summary: 'What a connection handed to recovery: carts, purchases and contacts, newest first',
        params: ConnectionParams,
        querystring: InboxListQuery,
        response: { 200: pageSchema(InboxItemView) },
      },
    },
    async (req) =>
      listInbox(platform, { storeId: storeOf(req), connectionId: req.params.connectionId, query: req.query }),
  );
}

// --- ingest -------------------------------------------------------------------------------------

const NO_CREDENTIALS = { authentication: 'none' } as const;
/** Platforms send whole orders; more than the JSON API's default limit. */
const WEBHOOK_BODY_LIMIT = 5 * 1_048_576;

const WebhookAnswer = z.object({
  received: z.literal(true),
  outcome: z
    .enum(['accepted', 'duplicate', 'ignored', 'stale', 'deferred'])
    .describe(
      'accepted: recorded; duplicate: this delivery was taken before; ignored: a topic Carton does not take; ' +
        'stale: outside the replay window, not applied; deferred: taken, its data is fetched later',
    ),
  recorded: z.number().int().describe('Items recorded for recovery (a duplicate item counts nothing)'),
  op: z.literal('success').optional().describe("Magento only: Adobe Commerce webhooks' expected answer"),
});

const HOW: Record<CommercePlatform, { summary: string; description: string }> = {
  shopify: {
    summary: "Shopify's webhooks for a connection",
    description:
      'Verified with `X-Shopify-Hmac-Sha256` (base64 HMAC-SHA256 of the body); topic from `X-Shopify-Topic` ' +
      '(`checkouts/create`, `checkouts/update`, `orders/create`, `customers/create`, `customers/update`); ' +
      'de-duplicated by `X-Shopify-Event-Id` (else `X-Shopify-Webhook-Id`); `X-Shopify-Triggered-At` outside ' +
      'the replay window: 200 `stale`.',
  },
  woocommerce: {
    summary: "WooCommerce's webhooks for a connection",
    description:
      'Verified with `X-WC-Webhook-Signature` (base64 HMAC-SHA256 of the body); topic from ' +
      '`X-WC-Webhook-Topic` (`order.created`, `order.updated`, `customer.created`, `customer.updated`); ' +
      'de-duplicated by `X-WC-Webhook-Delivery-ID`. The ping sent when a webhook is saved answers 200.',
  },
  bigcommerce: {
    summary: "BigCommerce's webhooks for a connection",
    description:
      'Verified with the connection’s token in the custom header `X-Carton-Webhook-Token`; the body ' +
      '`{ scope, data: { id }, hash, created_at, producer }` names what changed, which Carton fetches from the ' +
      'REST API. De-duplicated by scope and `hash`; `created_at` outside the replay window: 200 `stale`. ' +
      'When BigCommerce cannot answer the fetch, 202 `deferred`: the worker fetches it later.',
  },
  magento: {
    summary: 'Adobe Commerce (Magento) webhooks for a connection',
    description:
      'Verified with `x-adobe-commerce-webhook-signature` (base64 RSA-SHA256 of the body, checked with the ' +
      'connection’s public key); `observer.sales_quote_save_after` (`data.quote`) and ' +
      '`observer.sales_order_place_after` (`data.order`). Answers carry `op: "success"`.',
  },
};

/**
 * The platforms' webhooks: one URL per connection and platform. No Carton credentials — each
 * delivery proves itself with its platform's signature over the exact bytes sent, so this scope
 * keeps the raw body.
 */
export async function integrationsIngestRoutes(app: App, platform: Platform): Promise<void> {
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser(
      '*',
      { parseAs: 'buffer', bodyLimit: WEBHOOK_BODY_LIMIT },
      (_req, body, done) => done(null, body),
    );
    const r = scope.withTypeProvider<ZodTypeProvider>();
    for (const name of PLATFORMS) {
      r.post(
        `/ingest/v1/integrations/:connectionId/${name}`,
        {
          config: NO_CREDENTIALS,
          bodyLimit: WEBHOOK_BODY_LIMIT,
          schema: {
            tags,
            summary: HOW[name].summary,
            description:
              `${HOW[name].description} A delivery that cannot be verified: 401 INTEGRATION_SIGNATURE_INVALID; a ` +
              'payload not shaped as the platform documents: 422 INTEGRATION_PAYLOAD_INVALID (with the path); an ' +
              'unknown or disconnected connection: 404. None of them stores anything.',
            params: ConnectionParams,
            response: { 200: WebhookAnswer, 202: WebhookAnswer },
          },
        },
        async (req, reply) => {
          if (!Buffer.isBuffer(req.body))
            throw new AppError('BAD_REQUEST', 'Send the delivery as the request body.');
          const result = await receiveWebhook(platform, {
            connectionId: req.params.connectionId,
            platform: name,
            rawBody: req.body,
            headers: req.headers,
          });
          reply.code(result.outcome === 'deferred' ? 202 : 200);
          return {
            received: true as const,
            outcome: result.outcome,
            recorded: result.recorded,
            ...(name === 'magento' ? { op: 'success' as const } : {}),
          };
        },
      );
    }
  });
}
