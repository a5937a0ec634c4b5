import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requirePermission, storeOf } from '../../platform/auth/principal.ts';
import type { Platform } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import type { App } from '../../platform/http/app.ts';
import { sendCsvDownload } from '../../platform/http/csv-download.ts';
import { pageSchema } from '../../platform/http/pagination.ts';
import { auditContext } from '../audit/service.ts';
import { authenticateCredentials } from '../identity/authenticate.ts';
import { STOREFRONT_PERMISSION } from '../identity/permissions.ts';
import { pushPublicKey } from '../messaging/service.ts';
import { getTrackedCart, listTrackedCarts, TrackedCartListQuery } from './admin.ts';
import { AnalyticsQuery, AnalyticsView, recoveryAnalytics, recoveryAnalyticsCsv } from './analytics.ts';
import { appendTrackerEvents, TrackerBatch, TrackerBatchAccepted } from './ingest.ts';
import { ContactSubject, eraseRecoveryContact, exportRecoveryContact } from './personal-data.ts';
import { campaignRoutes } from './campaign-routes.ts';
import {
  PushSubscribeInput,
  PushUnsubscribeInput,
  recordPushSubscription,
  removePushSubscription,
} from './push-subscriptions.ts';
import { restoreFromRecoveryLink } from './restore.ts';
import {
  cachedRecoverySettings,
  getRecoverySettings,
  RecoverySettingsInput,
  RecoverySettingsView,
  settingsView,
  updateRecoverySettings,
} from './settings.ts';
import { trackerBundle } from './tracker-bundle.ts';
import { TrackedCartDetailView, TrackedCartView } from './views.ts';

const ADMIN: Record<string, string[]>[] = [{ bearer: [] }, { apiKey: [] }];
const TAGS = ['recovery'];
const TRACK_PATH = '/ingest/v1/carts/track';
const PUSH_KEY_PATH = '/ingest/v1/carts/push/key';
const PUSH_SUBSCRIBE_PATH = '/ingest/v1/carts/push/subscribe';
const PUSH_UNSUBSCRIBE_PATH = '/ingest/v1/carts/push/unsubscribe';

function deviceOf(req: FastifyRequest): 'desktop' | 'mobile' | 'tablet' {
  const ua = req.headers['user-agent'] ?? '';
  if (/iPad|Tablet/i.test(ua) || (/Android/i.test(ua) && !/Mobile/i.test(ua))) return 'tablet';
  return /Mobi|iPhone|Android/i.test(ua) ? 'mobile' : 'desktop';
}

/**
 * The store's key, from the `x-publishable-key` header or, for `navigator.sendBeacon` (which
 * cannot set headers), the `key` query parameter. Checked before the body is even read.
 */
function trackerAuthentication(platform: Platform) {
  return async function authenticateTracker(req: FastifyRequest): Promise<void> {
    const header = req.headers['x-publishable-key'];
    const key =
      (Array.isArray(header) ? header[0] : header) ?? (req.query as { key?: string } | undefined)?.key;
    if (!key) {
      throw new AppError(
        'UNAUTHENTICATED',
        "Send the store's publishable key (x-publishable-key, or ?key= for beacons).",
      );
    }
    const principal = await authenticateCredentials(platform, { publishableKey: key }, { surface: 'ingest' });
    if (!principal?.storeId || !principal.permissions.has(STOREFRONT_PERMISSION)) {
      throw new AppError('API_KEY_INVALID', 'The key is not valid for this store’s storefront.');
    }
    req.principal = principal;
  };
}

/**
 * What every request of the snippet must pass: the page's origin among the store's (when it lists
 * any; a listed origin gets CORS), and the visitor's consent when the store requires it.
 */
async function checkTrackerPage(
  db: Platform['db'],
  req: FastifyRequest,
  reply: FastifyReply,
  consent: boolean | undefined,
): Promise<void> {
  const settings = await cachedRecoverySettings(db, storeOf(req));
  const origin = req.headers.origin;
  if (origin && settings.allowedOrigins.length > 0) {
    if (!settings.allowedOrigins.includes(origin.toLowerCase())) {
      req.log.info({ code: 'ORIGIN_NOT_ALLOWED' }, 'recovery: tracker request refused');
      throw new AppError(
        'ORIGIN_NOT_ALLOWED',
        'This page’s origin is not one the store allows to send events.',
      );
    }
    reply.header('access-control-allow-origin', origin).header('vary', 'Origin');
  }
  if (settings.requireConsent && consent !== true) {
    req.log.info({ code: 'CONSENT_REQUIRED' }, 'recovery: tracker request refused');
    throw new AppError(
      'CONSENT_REQUIRED',
      'This store records visitors only with their consent (`consent: true`).',
    );
  }
}

export async function recoveryRoutes(app: App, platform: Platform): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const db = platform.db;
  const canRead = requirePermission('recovery.read');
  const canManage = requirePermission('recovery.manage');

  // ---- the tracking snippet and its ingest ----------------------------------------------------

  r.get(
    '/ingest/v1/tracker.js',
    {
      config: { authentication: 'none' },
      schema: {
        tags: TAGS,
        summary: 'The tracking snippet',
        description:
          'One minified file, no dependencies (≤ 5 KB gzipped). Paste `<script async src=".../ingest/v1/tracker.js" ' +
          'data-key="pk_…"></script>` in the store’s pages; see docs/recovery.md.',
        response: { 200: z.string() },
      },
    },
    async (req, reply) => {
      const bundle = await trackerBundle();
      reply
        .header('cache-control', 'public, max-age=300')
        .header('etag', bundle.etag)
        .header('cross-origin-resource-policy', 'cross-origin')
        .type('application/javascript; charset=utf-8');
      if (req.headers['if-none-match'] === bundle.etag) return (reply as FastifyReply).code(304).send();
      return reply.serializer((x: unknown) => x as string).send(bundle.code);
    },
  );

  await app.register(async (scope) => {
    // Beacons send text/plain (a CORS-simple type: no preflight); the body is JSON all the same.
    scope.addContentTypeParser('text/plain', { parseAs: 'string' }, (_req, body, done) => {
      try {
        done(null, JSON.parse(body as string));
      } catch {
        done(new AppError('MALFORMED_JSON', 'The request body is not valid JSON.'), undefined);
      }
    });
    scope.withTypeProvider<ZodTypeProvider>().post(
      TRACK_PATH,
      {
        config: { authentication: 'none' },
        onRequest: trackerAuthentication(platform),
        schema: {
          tags: TAGS,
          security: [{ publishableKey: [] }],
          summary: 'Tracker events (a batch)',
          description:
            'The snippet’s events: identify, cart, checkout_started, email_captured, exit_intent, purchase. JSON or ' +
            'text/plain (sendBeacon); the key in `x-publishable-key` or `?key=`. Appended at once (202), idempotent ' +
            'per event id; carts and contacts follow within moments. Refusals: 401 no or bad key, 403 ' +
            'ORIGIN_NOT_ALLOWED (the page’s origin is not among the store’s), 403 CONSENT_REQUIRED (the store requires ' +
            'consent and the batch does not carry it), 400 a malformed event (nothing of the batch is kept).',
          querystring: z.object({ key: z.string().max(200).optional() }),
          body: TrackerBatch,
          response: { 202: TrackerBatchAccepted },
        },
      },
      async (req, reply) => {
        const storeId = storeOf(req);
        const { events, consent } = req.body;
        await checkTrackerPage(db, req, reply, consent);
        const max = platform.config.RECOVERY_TRACK_MAX_EVENTS;
        if (events.length > max) {
          throw new AppError('VALIDATION_FAILED', `At most ${max} events per batch.`, {
            errors: [{ path: 'body.events', message: `at most ${max} events` }],
          });
        }
        return reply.code(202).send(await appendTrackerEvents(db, storeId, events));
      },
    );

    // The snippet's web push (`carton.subscribePush()`): the key to subscribe with, and the
    // subscription tied to the visitor (and/or a Carton cart) so campaigns' push steps reach it.
    const push = scope.withTypeProvider<ZodTypeProvider>();
    const PUSH_SECURITY = [{ publishableKey: [] }];
    const KeyQuery = z.object({ key: z.string().max(200).optional() });
    push.get(
      PUSH_KEY_PATH,
      {
        config: { authentication: 'none' },
        onRequest: trackerAuthentication(platform),
        schema: {
          tags: TAGS,
          security: PUSH_SECURITY,
          summary: "The store's VAPID public key, for the snippet's PushManager.subscribe",
          description:
            'Null while the store’s push channel is not `webpush` (the snippet then does not ask the browser). ' +
            'The key in `x-publishable-key` or `?key=`.',
          querystring: KeyQuery,
          response: { 200: z.object({ vapid_public_key: z.string().nullable() }) },
        },
      },
      async (req, reply) => {
        await checkTrackerPage(db, req, reply, true);
        return { vapid_public_key: await pushPublicKey(platform, storeOf(req)) };
      },
    );
    push.post(
      PUSH_SUBSCRIBE_PATH,
      {
        config: { authentication: 'none' },
        onRequest: trackerAuthentication(platform),
        schema: {
          tags: TAGS,
          security: PUSH_SECURITY,
          summary: 'Tie a shopper’s push subscription to their tracked carts, with their consent',
          description:
            'Send it once the browser granted the notification permission: the subscription ' +
            '(`PushSubscription.toJSON()`) and the tracker’s visitor id and/or a Carton cart id. Records push ' +
            'consent (source `push_prompt`) and keeps the subscription encrypted for the campaigns’ push steps. ' +
            'Idempotent: a repeat records nothing. JSON or text/plain; refusals as for the events (403 ' +
            'ORIGIN_NOT_ALLOWED, 403 CONSENT_REQUIRED), 400 a malformed subscription.',
          querystring: KeyQuery,
          body: PushSubscribeInput,
          response: {
            200: z.object({
              address: z
                .string()
                .describe('The subscription’s address key (`push:<sha256 of the endpoint>`)'),
              consent: z.literal('granted'),
              recorded: z.boolean().describe('False when it was already recorded as it is'),
            }),
          },
        },
      },
      async (req, reply) => {
        await checkTrackerPage(db, req, reply, req.body.consent);
        const out = await recordPushSubscription(platform, { storeId: storeOf(req), input: req.body });
        return { address: out.address, consent: 'granted' as const, recorded: out.recorded };
      },
    );
    push.post(
      PUSH_UNSUBSCRIBE_PATH,
      {
        config: { authentication: 'none' },
        onRequest: trackerAuthentication(platform),
        schema: {
          tags: TAGS,
          security: PUSH_SECURITY,
          summary: 'The shopper unsubscribed from push: forget the subscription and withdraw push consent',
          description: 'By the subscription’s endpoint. A repeat changes nothing.',
          querystring: KeyQuery,
          body: PushUnsubscribeInput,
          response: {
            200: z.object({
              address: z.string(),
              consent: z.literal('withdrawn'),
              removed: z.boolean().describe('False when no subscription was kept'),
            }),
          },
        },
      },
      async (req, reply) => {
        // Withdrawing is always allowed, consent to tracking or not.
        await checkTrackerPage(db, req, reply, true);
        const out = await removePushSubscription(platform, { storeId: storeOf(req), input: req.body });
        return { address: out.address, consent: 'withdrawn' as const, removed: out.removed };
      },
    );
  });

  // ---- the recovery link -----------------------------------------------------------------------

  r.get(
    '/store/v1/recovery/links/:token',
    {
      config: { authentication: 'none' },
      schema: {
        tags: TAGS,
        summary: 'Open a recovery link',
        description:
          'The link in an abandoned-cart message. Restores the exact cart (a Carton cart still open is reused, ' +
          'otherwise a new one gets the same lines), or sends the shopper to the platform’s recovery URL; records ' +
          'the click. Redirects (302) when there is somewhere to go (the store’s `cart_url`, the platform’s URL); ' +
          'with `?format=json`, or nowhere to go, answers JSON. 404 a link that is not valid, 410 LINK_EXPIRED.',
        params: z.object({ token: z.string().min(1).max(512) }),
        querystring: z.object({ format: z.enum(['json', 'redirect']).optional() }),
        response: {
          200: z.object({
            tracked_cart_id: z.string(),
            outcome: z.enum(['restored', 'reused', 'redirected', 'closed']),
            cart_id: z.string().nullable().describe('The Carton cart to continue with'),
            redirect_url: z.string().nullable(),
            skipped: z.array(
              z.object({ variant_id: z.string().nullable(), title: z.string(), reason: z.string() }),
            ),
          }),
        },
      },
    },
    async (req, reply) => {
      const out = await restoreFromRecoveryLink(platform, { token: req.params.token, device: deviceOf(req) });
      reply.header('cache-control', 'no-store');
      if (out.redirectUrl && req.query.format !== 'json') return reply.redirect(out.redirectUrl, 302);
      return {
        tracked_cart_id: out.trackedCartId,
        outcome: out.outcome,
        cart_id: out.cartId,
        redirect_url: out.redirectUrl,
        skipped: out.skipped.map((s) => ({ variant_id: s.variantId, title: s.title, reason: s.reason })),
      };
    },
  );

  // ---- staff ----------------------------------------------------------------------------------

  await campaignRoutes(app, platform);

  r.get(
    '/admin/v1/recovery/settings',
    {
      preHandler: canRead,
      schema: {
        tags: TAGS,
        security: ADMIN,
        summary: 'Recovery settings',
        response: { 200: RecoverySettingsView },
      },
    },
    async (req) => settingsView(await getRecoverySettings(db, storeOf(req))),
  );

  r.patch(
    '/admin/v1/recovery/settings',
    {
      preHandler: canManage,
      schema: {
        tags: TAGS,
        security: ADMIN,
        summary: 'Change recovery settings',
        description:
          'Fields left out stay. A new delay re-times the abandonment of every active cart. Audited; emits ' +
          '`recovery_settings.updated`.',
        body: RecoverySettingsInput,
        response: { 200: RecoverySettingsView },
      },
    },
    async (req) =>
      settingsView(
        await updateRecoverySettings(db, {
          storeId: storeOf(req),
          input: req.body,
          actor: auditContext(req),
        }),
      ),
  );

  r.get(
    '/admin/v1/recovery/carts',
    {
      preHandler: canRead,
      schema: {
        tags: TAGS,
        security: ADMIN,
        summary: 'Tracked carts (abandoned ones by default)',
        description: 'Newest first, with their contact, items and recovery outcome. Cursor pagination.',
        querystring: TrackedCartListQuery,
        response: { 200: pageSchema(TrackedCartView) },
      },
    },
    async (req) => listTrackedCarts(platform, { storeId: storeOf(req), query: req.query }),
  );

  r.get(
    '/admin/v1/recovery/carts/:trackedCartId',
    {
      preHandler: canRead,
      schema: {
        tags: TAGS,
        security: ADMIN,
        summary: 'A tracked cart, with the messages that touched it and its recovery-link clicks',
        params: z.object({ trackedCartId: z.string().min(1).max(64) }),
        response: { 200: TrackedCartDetailView },
      },
    },
    async (req) =>
      getTrackedCart(platform, { storeId: storeOf(req), trackedCartId: req.params.trackedCartId }),
  );

  r.get(
    '/admin/v1/recovery/analytics',
    {
      preHandler: canRead,
      schema: {
        tags: TAGS,
        security: ADMIN,
        summary: 'Recovery figures for a date range',
        description:
          'Totals, one entry per day and one per campaign: carts abandoned, messages sent/delivered/opened/clicked, ' +
          'carts recovered, revenue recovered (and attributed to a message), recovery rate, average time to recovery. ' +
          'Days in the store’s time zone.',
        querystring: AnalyticsQuery,
        response: { 200: AnalyticsView },
      },
    },
    async (req) => recoveryAnalytics(db, { storeId: storeOf(req), query: req.query }),
  );

  r.get(
    '/admin/v1/recovery/analytics.csv',
    {
      preHandler: canRead,
      schema: {
        tags: TAGS,
        security: ADMIN,
        summary: 'Recovery figures as CSV',
        description: 'One row per day and campaign; amounts as `USD 1234` (minor units). Audited.',
        querystring: AnalyticsQuery,
        response: { 200: z.string() },
      },
    },
    async (req, reply) => {
      const csv = await recoveryAnalyticsCsv(db, {
        storeId: storeOf(req),
        query: req.query,
        actor: auditContext(req),
      });
      return sendCsvDownload(reply, `recovery-${req.query.from}-${req.query.to}.csv`, csv);
    },
  );

  r.post(
    '/admin/v1/recovery/contacts/export',
    {
      preHandler: requirePermission('customers.export'),
      schema: {
        tags: TAGS,
        security: ADMIN,
        summary: 'GDPR export of a recovery contact',
        description:
          'Everything recovery holds about the person with this e-mail address and/or phone number: contacts, ' +
          'visitors, carts, messages, link clicks, push subscriptions (their address keys). Audited.',
        body: ContactSubject,
        response: {
          200: z.looseObject({ format: z.string(), store_id: z.string(), exported_at: z.string() }),
        },
      },
    },
    async (req) =>
      exportRecoveryContact(platform, { storeId: storeOf(req), subject: req.body, actor: auditContext(req) }),
  );

  r.post(
    '/admin/v1/recovery/contacts/erase',
    {
      preHandler: requirePermission('customers.erase'),
      schema: {
        tags: TAGS,
        security: ADMIN,
        summary: 'GDPR erasure of a recovery contact',
        description:
          'Removes the e-mail address and phone number, unlinks the carts (they stay, anonymous, so the figures ' +
          'hold), deletes visitors, raw tracker events and push subscriptions. Idempotent; audited; emits `recovery_contact.erased`.',
        body: ContactSubject,
        response: {
          200: z.object({
            contacts: z.number().int(),
            carts: z.number().int(),
            visitors: z.number().int(),
            tracker_events: z.number().int(),
            push_subscriptions: z.number().int(),
          }),
        },
      },
    },
    async (req) =>
      eraseRecoveryContact(platform, { storeId: storeOf(req), subject: req.body, actor: auditContext(req) }),
  );
}
