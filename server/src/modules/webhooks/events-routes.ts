import websocket from '@fastify/websocket';
import type { FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { decodeJwt } from 'jose';
import { z } from 'zod';
import { requirePermission, storeOf } from '../../platform/auth/principal.ts';
import type { Platform } from '../../platform/context.ts';
import { listEventTypes } from '../../platform/events/catalog.ts';
import { trackOutboxLag } from '../../platform/events/dispatcher.ts';
import { LiveFeed } from '../../platform/events/live-feed.ts';
import { EventListQuery, EventView, eventView, listEvents } from '../../platform/events/queries.ts';
import type { App } from '../../platform/http/app.ts';
import { pageSchema } from '../../platform/http/pagination.ts';
import { authenticateCredentials } from '../identity/authenticate.ts';
import { trackWebhookLag } from './sender.ts';

/** The subprotocol a browser offers, beside its token, on the live feed. */
export const LIVE_FEED_PROTOCOL = 'carton.events.v1';
/** `Sec-WebSocket-Protocol: carton.events.v1, carton.bearer.<token>` carries the token from a browser. */
export const BEARER_PROTOCOL_PREFIX = 'carton.bearer.';

const FILTER = /^(\*|[a-z][a-z0-9_]*\.(\*|[a-z][a-z0-9_]*))$/;

const LiveQuery = z.object({
  access_token: z
    .string()
    .max(4096)
    .optional()
    .describe('Staff access token or secret key (for clients that cannot set headers).'),
  types: z
    .string()
    .max(2000)
    .optional()
    .refine(
      (v) => !v || v.split(',').every((t) => FILTER.test(t.trim())),
      'comma-separated event types, entity.* or *',
    )
    .describe('Comma-separated event types to receive (default: all).'),
  after: z
    .string()
    .regex(/^evt_[0-9A-HJKMNP-TV-Z]{26}$/)
    .optional()
    .describe('Resume: first send the events after this one, then the live stream.'),
});

/** The credential a live-feed request carries: header first, then subprotocol, then query. */
function liveFeedCredential(req: FastifyRequest): { token: string; fromHeader: boolean } | null {
  const header = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
  if (header) return { token: header, fromHeader: true };
  const offered = String(req.headers['sec-websocket-protocol'] ?? '')
    .split(',')
    .map((p) => p.trim())
    .find((p) => p.startsWith(BEARER_PROTOCOL_PREFIX));
  if (offered) return { token: offered.slice(BEARER_PROTOCOL_PREFIX.length), fromHeader: false };
  const query = (req.query as { access_token?: unknown }).access_token;
  return typeof query === 'string' && query ? { token: query, fromHeader: false } : null;
}

/**
 * A browser cannot set headers on a WebSocket, so the live feed also takes its credential from
 * `?access_token=` or from a `carton.bearer.<token>` subprotocol (preferred: URLs end up in logs).
 * Runs after the identity hook, which has already read any Authorization / x-api-key header.
 */
function authenticateLiveFeed(platform: Platform) {
  return async (req: FastifyRequest) => {
    if (req.principal) return;
    const credential = liveFeedCredential(req);
    if (!credential || credential.fromHeader) return;
    req.principal = await authenticateCredentials(
      platform,
      { authorization: `Bearer ${credential.token}` },
      { surface: 'admin' },
    );
  };
}

/** When the access token that opened a socket expires (epoch ms); null for API keys, which do not. */
function credentialExpiry(req: FastifyRequest): number | null {
  const credential = liveFeedCredential(req);
  if (!credential || /^(sk|pk)_/.test(credential.token)) return null;
  try {
    const { exp } = decodeJwt(credential.token);
    return exp ? exp * 1000 : null;
  } catch {
    return null;
  }
}

/** The store's event log (catch-up), the catalogue of event types, and the live WebSocket feed. */
export async function eventRoutes(app: App, platform: Platform): Promise<void> {
  const feed = new LiveFeed(platform.database, platform.log);
  const untrack = [trackOutboxLag(platform.db), trackWebhookLag(platform.db)];
  app.addHook('onClose', async () => {
    untrack.forEach((u) => u());
    await feed.close();
  });

  const r = app.withTypeProvider<ZodTypeProvider>();
  const security: Record<string, string[]>[] = [{ bearer: [] }, { apiKey: [] }];
  const tags = ['events'];

  r.get(
    '/admin/v1/events',
    {
      preHandler: requirePermission('events.read'),
      schema: {
        tags,
        security,
        summary: "The store's events, newest first",
        description:
          'Every event the store emitted, as sent to webhooks and the live feed. To catch up after a ' +
          'disconnect: `order=asc&after=<last event id>`. Live: a WebSocket at `GET /admin/v1/events/live` ' +
          '(`?types=order.*,cart.abandoned`, `?after=<event id>` to resume), authenticated by the ' +
          '`Authorization` header, or — from a browser — by offering the subprotocols ' +
          '`carton.events.v1, carton.bearer.<access token or secret key>`, or by `?access_token=`. ' +
          'Messages are JSON: `{kind: "ready"}`, `{kind: "event", event}`, `{kind: "gap"}` (catch up over REST).',
        querystring: EventListQuery,
        response: { 200: pageSchema(EventView) },
      },
    },
    async (req) => {
      const page = await listEvents(platform.db, { storeId: storeOf(req), query: req.query });
      return { data: page.data.map(eventView), next_cursor: page.next_cursor };
    },
  );

  r.get(
    '/admin/v1/event-types',
    {
      preHandler: requirePermission('events.read'),
      schema: {
        tags,
        security,
        summary: 'The event types Carton emits (for webhook filters)',
        response: {
          200: z.object({ data: z.array(z.object({ type: z.string(), description: z.string() })) }),
        },
      },
    },
    async () => ({ data: listEventTypes() }),
  );

  // The WebSocket plugin in a scope of its own: its hooks then run for the live feed only, not
  // for every request Carton serves.
  await app.register(async (scope) => {
    await scope.register(websocket, {
      options: {
        maxPayload: 4096, // clients only listen
        handleProtocols: (protocols) =>
          protocols.has(LIVE_FEED_PROTOCOL)
            ? LIVE_FEED_PROTOCOL
            : ([...protocols].find((p) => !p.startsWith(BEARER_PROTOCOL_PREFIX)) ?? false),
      },
    });
    scope.withTypeProvider<ZodTypeProvider>().get(
      '/admin/v1/events/live',
      {
        websocket: true,
        onRequest: authenticateLiveFeed(platform),
        // Checked before the upgrade, so a refusal is a plain HTTP 4xx answer.
        preHandler: [requirePermission('events.read'), async (req) => void storeOf(req)],
        schema: { querystring: LiveQuery },
      },
      async (socket, req) => {
        const query = req.query as z.infer<typeof LiveQuery>;
        const types = query.types ? query.types.split(',').map((t) => t.trim()) : ['*'];
        await feed.attach(socket, {
          storeId: storeOf(req),
          types,
          after: query.after,
          expiresAt: credentialExpiry(req),
        });
      },
    );
  });
}
