import type { FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requirePermission, storeOf } from '../../platform/auth/principal.ts';
import type { Platform } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import type { App } from '../../platform/http/app.ts';
import { STOREFRONT_PERMISSION } from '../identity/permissions.ts';
import { recordConsent } from './consent.ts';
import { PushSubscription, pushAddressKey } from './contacts.ts';
import {
  formParams,
  handleSendgridEvents,
  handleTwilioStatus,
  recordClick,
  recordOpen,
  unsubscribe,
  unsubscribeTarget,
} from './delivery.ts';
import { handleInboundSms, twiml } from './inbound-sms.ts';
import { pushPublicKey } from './settings.ts';

const NO_CREDENTIALS = { authentication: 'none', idempotency: false } as const;
const tags = ['messaging'];
// The token is a wildcard segment: Fastify caps named parameters at 100 characters, and a click
// token carries its target URL.
const Token = z.object({ '*': z.string().min(10).max(4096) });
const tokenOf = (params: { '*': string }) => params['*'];
const StoreParams = z.object({ storeId: z.string().min(1).max(64) });

/** A transparent 1×1 GIF. */
const PIXEL = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

const escapeHtml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function page(reply: FastifyReply, status: number, title: string, body: string) {
  return reply
    .code(status)
    .header('content-type', 'text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'")
    .header('x-robots-tag', 'noindex')
    .send(
      `<!doctype html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">` +
        `<title>${escapeHtml(title)}</title></head><body style="font-family:Arial,sans-serif;max-width:480px;margin:48px auto;padding:0 16px">` +
        `${body}</body></html>`,
    );
}

const HTML_PAGE = {
  description: 'A page for the recipient',
  content: { 'text/html': { schema: z.string() } },
};

const header = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

/**
 * What recipients and providers reach without credentials: the open pixel, click redirects and
 * the unsubscribe page (all through signed tokens — a bad or expired one is 404 and records
 * nothing), and the providers' webhooks (each verified by its provider's signature). And, for
 * storefronts (publishable key), the push subscription endpoints.
 */
export async function messagingIngestRoutes(app: App, platform: Platform): Promise<void> {
  await app.register(async (scope) => {
    // Webhook signatures are over the exact bytes sent; form and JSON bodies are parsed here.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
    const r = scope.withTypeProvider<ZodTypeProvider>();
    const base = '/ingest/v1/messaging';

    r.get(
      `${base}/open/*`,
      {
        config: NO_CREDENTIALS,
        schema: {
          tags,
          summary: 'The open pixel of a message (a 1×1 GIF)',
          description: 'A token that does not verify, or has expired, is 404 and records nothing.',
          params: Token,
          response: {
            200: { description: 'A transparent 1×1 GIF', content: { 'image/gif': { schema: z.string() } } },
          },
        },
      },
      async (req, reply) => {
        const ok = await recordOpen(platform, tokenOf(req.params));
        if (!ok) throw new AppError('NOT_FOUND', 'No such link.');
        return reply
          .header('content-type', 'image/gif')
          .header('cache-control', 'no-store, max-age=0')
          .send(PIXEL as unknown as string);
      },
    );

    r.get(
      `${base}/click/*`,
      {
        config: NO_CREDENTIALS,
        schema: {
          tags,
          summary: 'A tracked link of a message: records the click and redirects to its target',
          description:
            'The target comes from the signed token only (never from the request). A token that does not ' +
            'verify, or has expired, is 404 and records nothing.',
          params: Token,
          response: {
            200: z
              .object({ url: z.string() })
              .describe('With `Accept: application/json`: the target, for apps'),
            302: z.null().describe('To the link’s target'),
          },
        },
      },
      async (req, reply) => {
        const url = await recordClick(platform, tokenOf(req.params));
        if (!url) throw new AppError('NOT_FOUND', 'No such link.');
        if (String(req.headers.accept ?? '').startsWith('application/json'))
          return reply.code(200).send({ url });
        return reply.code(302).header('location', url).header('cache-control', 'no-store').send(null);
      },
    );

    r.get(
      `${base}/unsubscribe/*`,
      {
        config: NO_CREDENTIALS,
        schema: {
          tags,
          summary: 'The unsubscribe page of a message (a button that POSTs)',
          params: Token,
          response: { 200: HTML_PAGE, 404: HTML_PAGE },
        },
      },
      async (req, reply) => {
        // Showing the page changes nothing: link scanners follow GET links.
        const target = await unsubscribeTarget(platform, tokenOf(req.params));
        if (!target) return page(reply, 404, 'Link not found', '<h1>This link is not valid any more.</h1>');
        const what = target.category === 'marketing' ? 'marketing messages' : 'these messages';
        return page(
          reply,
          200,
          'Unsubscribe',
          `<h1>${escapeHtml(target.storeName)}</h1><p>Stop receiving ${what} by ${target.channel === 'email' ? 'e-mail' : target.channel}?</p>` +
            `<form method="post"><input type="hidden" name="List-Unsubscribe" value="One-Click">` +
            `<button type="submit" style="padding:10px 20px">Unsubscribe</button></form>`,
        );
      },
    );

    r.post(
      `${base}/unsubscribe/*`,
      {
        config: NO_CREDENTIALS,
        schema: {
          tags,
          summary: 'Unsubscribe (RFC 8058 one-click, or the page’s button)',
          description:
            'Mail clients POST `List-Unsubscribe=One-Click` here (the `List-Unsubscribe` header of every e-mail). ' +
            "Withdraws consent for the message's channel, address and category; a repeat changes nothing.",
          params: Token,
          response: { 200: HTML_PAGE, 404: HTML_PAGE },
        },
      },
      async (req, reply) => {
        const target = await unsubscribe(platform, tokenOf(req.params));
        if (!target) return page(reply, 404, 'Link not found', '<h1>This link is not valid any more.</h1>');
        if (String(req.headers.accept ?? '').includes('application/json')) {
          return reply
            .code(200)
            .send({ unsubscribed: true, channel: target.channel, category: target.category });
        }
        return page(
          reply,
          200,
          'Unsubscribed',
          `<h1>You are unsubscribed.</h1><p>${escapeHtml(target.storeName)} will not send you these messages any more.</p>`,
        );
      },
    );

    r.post(
      `${base}/sendgrid/:storeId/events`,
      {
        config: NO_CREDENTIALS,
        schema: {
          tags,
          summary: "SendGrid's Event Webhook for a store (Signed Event Webhook)",
          description:
            'Verified with the verification key set in the e-mail channel settings (ECDSA over the timestamp ' +
            'and body); a bad or stale signature is 400 WEBHOOK_SIGNATURE_INVALID and records nothing. Each ' +
            'event is applied once (by sg_event_id).',
          params: StoreParams,
          response: {
            200: z.object({
              received: z.number().int(),
              applied: z.number().int(),
              duplicates: z.number().int(),
              ignored: z.number().int(),
            }),
          },
        },
      },
      async (req) => {
        if (!Buffer.isBuffer(req.body))
          throw new AppError('BAD_REQUEST', 'Send the events as the request body.');
        return handleSendgridEvents(platform, {
          storeId: req.params.storeId,
          rawBody: req.body,
          headers: req.headers,
        });
      },
    );

    r.post(
      `${base}/twilio/:storeId/status`,
      {
        config: NO_CREDENTIALS,
        schema: {
          tags,
          summary: "Twilio's status callback for a store's SMS",
          description:
            'Verified with X-Twilio-Signature (HMAC-SHA1 of the URL and sorted parameters under the auth token).',
          params: StoreParams,
          response: { 200: z.object({ outcome: z.enum(['applied', 'duplicate', 'ignored']) }) },
        },
      },
      async (req) => {
        if (!Buffer.isBuffer(req.body))
          throw new AppError('BAD_REQUEST', 'Send the form as the request body.');
        const outcome = await handleTwilioStatus(platform, {
          storeId: req.params.storeId,
          path: req.url,
          params: formParams(req.body),
          signature: header(req.headers['x-twilio-signature']),
        });
        return { outcome };
      },
    );

    r.post(
      `${base}/twilio/:storeId/inbound`,
      {
        config: NO_CREDENTIALS,
        schema: {
          tags,
          summary: "Replies to a store's SMS number (Twilio): STOP, START and HELP",
          description:
            'STOP (STOPALL, UNSUBSCRIBE, CANCEL, END, QUIT, OPTOUT, REVOKE, HUY, DUNG) withdraws SMS consent; ' +
            'START (UNSTOP, YES, OPTIN, SUBSCRIBE) grants it again; HELP (INFO) says how to stop. Answers TwiML.',
          params: StoreParams,
          response: {
            200: { description: 'TwiML: the reply, if any', content: { 'text/xml': { schema: z.string() } } },
          },
        },
      },
      async (req, reply) => {
        if (!Buffer.isBuffer(req.body))
          throw new AppError('BAD_REQUEST', 'Send the form as the request body.');
        const { reply: text } = await handleInboundSms(platform, {
          storeId: req.params.storeId,
          path: req.url,
          params: formParams(req.body),
          signature: header(req.headers['x-twilio-signature']),
        });
        return reply.header('content-type', 'text/xml; charset=utf-8').send(twiml(text));
      },
    );
  });

  // --- the storefront's push subscriptions (publishable key) ----------------------------------
  const r = app.withTypeProvider<ZodTypeProvider>();
  const storefront = requirePermission(STOREFRONT_PERMISSION);
  r.get(
    '/store/v1/messaging/push/key',
    {
      preHandler: storefront,
      schema: {
        tags,
        security: [{ publishableKey: [] }],
        summary: "The store's VAPID public key, for PushManager.subscribe({ applicationServerKey })",
        response: { 200: z.object({ vapid_public_key: z.string().nullable() }) },
      },
    },
    async (req) => ({ vapid_public_key: await pushPublicKey(platform, storeOf(req)) }),
  );
  r.post(
    '/store/v1/messaging/push/subscriptions',
    {
      preHandler: storefront,
      schema: {
        tags,
        security: [{ publishableKey: [] }],
        summary: 'Record a shopper’s push subscription and their consent to cart reminders by push',
        description: 'Send it once the browser granted the permission (source `push_prompt`). Idempotent.',
        body: z.strictObject({ subscription: PushSubscription }),
        response: { 200: z.object({ address: z.string(), consent: z.literal('granted') }) },
      },
    },
    async (req) => {
      const storeId = storeOf(req);
      await recordConsent(platform, {
        storeId,
        channel: 'push',
        address: req.body.subscription.endpoint,
        source: 'push_prompt',
      });
      return { address: pushAddressKey(req.body.subscription.endpoint), consent: 'granted' as const };
    },
  );
}
