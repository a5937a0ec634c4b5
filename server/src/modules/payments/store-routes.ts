import type { FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requirePermission, storeOf } from '../../platform/auth/principal.ts';
import type { Platform } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { PAGE_SECURITY_HEADERS, type App } from '../../platform/http/app.ts';
import { STOREFRONT_PERMISSION } from '../identity/permissions.ts';
import { challengePage, resultPage, returnLocation } from './challenge-page.ts';
import { answerTestChallenge, readTestChallenge } from './providers/test-processor.ts';
import {
  getPaymentIntent,
  handleProviderWebhook,
  offeredPaymentMethods,
  OfferedPaymentMethods,
  resolvePaymentAction,
} from './service.ts';
import { shopperPaymentIntentView, ShopperPaymentIntentView } from './views.ts';

const KEY_ONLY = { authentication: 'key', idempotency: false } as const;
// The challenge page is opened by the shopper's browser from a redirect: no API key, the signed
// link is the credential.
const NO_CREDENTIALS = { authentication: 'none' } as const;

const IntentParams = z.object({ intentId: z.string().min(1).max(64) });
const ChallengeParams = z.object({ token: z.string().min(10).max(300) });
const ChallengeAnswer = z.strictObject({
  outcome: z
    .enum(['approve', 'fail'])
    .describe('approve: the shopper passes the challenge; fail: they do not'),
});
const ChallengeAnswered = z.object({
  outcome: z.enum(['approved', 'failed']),
  payment_intent: ShopperPaymentIntentView,
  return_url: z.string().nullable().describe('Where the shopper goes next, if the payment named one'),
});

/** The HTML answers: no caching, nothing loaded from elsewhere, forms post only here (and on to the shop). */
function asPage(reply: FastifyReply, html: string, returnUrl: string | null): FastifyReply {
  const formTargets = ["'self'", returnUrl ? new URL(returnUrl).origin : ''].filter(Boolean).join(' ');
  return reply
    .headers(PAGE_SECURITY_HEADERS)
    .header('cache-control', 'no-store')
    .header(
      'content-security-policy',
      `default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action ${formTargets}`,
    )
    .type('text/html; charset=utf-8')
    .serializer((payload) => payload as string)
    .send(html);
}

/**
 * Storefront: a payment's status (publishable key), and the test processor's 3-D Secure challenge
 * page the shopper is redirected to.
 */
export async function paymentsStoreRoutes(app: App, platform: Platform): Promise<void> {
  await app.register(async (scope) => {
    // The challenge page's form posts application/x-www-form-urlencoded.
    scope.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string' },
      (_req, body, done) => {
        done(null, Object.fromEntries(new URLSearchParams(body as string)));
      },
    );
    const r = scope.withTypeProvider<ZodTypeProvider>();

    r.get(
      '/store/v1/payment-methods',
      {
        config: KEY_ONLY,
        preHandler: requirePermission(STOREFRONT_PERMISSION),
        schema: {
          tags: ['storefront'],
          security: [{ publishableKey: [] }],
          summary: 'What shoppers may pay this store with',
          description:
            'Cards through the store’s provider, and the manual methods it takes (cash on delivery, bank ' +
            'transfer) with the instructions the shopper will read after placing the order.',
          response: { 200: OfferedPaymentMethods },
        },
      },
      async (req) => offeredPaymentMethods(platform, storeOf(req)),
    );

    r.get(
      '/store/v1/payment-intents/:intentId',
      {
        config: KEY_ONLY,
        preHandler: requirePermission(STOREFRONT_PERMISSION),
        schema: {
          tags: ['storefront'],
          security: [{ publishableKey: [] }],
          summary: "A payment's status, for the storefront to follow (e.g. after a challenge)",
          params: IntentParams,
          response: { 200: ShopperPaymentIntentView },
        },
      },
      async (req) =>
        shopperPaymentIntentView(
          await getPaymentIntent(platform, { storeId: storeOf(req), intentId: req.params.intentId }),
        ),
    );

    r.get(
      '/store/v1/payments/test-challenges/:token',
      {
        config: NO_CREDENTIALS,
        schema: {
          tags: ['storefront'],
          summary: "The test processor's 3-D Secure challenge page (HTML)",
          description:
            'Where `next_action.url` of a test-processor payment sends the shopper: a small page with Approve and ' +
            'Fail buttons. The signed link is the credential.',
          params: ChallengeParams,
          response: {
            200: { description: 'The challenge page', content: { 'text/html': { schema: z.string() } } },
          },
        },
      },
      async (req, reply) => {
        const challenge = await readTestChallenge(platform, req.params.token);
        const action = `/store/v1/payments/test-challenges/${encodeURIComponent(req.params.token)}`;
        return asPage(reply, challengePage(challenge, action), challenge.returnUrl);
      },
    );

    r.post(
      '/store/v1/payments/test-challenges/:token',
      {
        config: NO_CREDENTIALS,
        schema: {
          tags: ['storefront'],
          summary: 'Answer a test 3-D Secure challenge',
          description:
            'The page posts its form here (`outcome=approve` or `outcome=fail`); the payment becomes authorized or ' +
            'failed, and the shopper is sent back to the return URL (303) or shown the result. A client that ' +
            'asks for JSON (`Accept: application/json`) gets the outcome as JSON. The first answer stands.',
          consumes: ['application/x-www-form-urlencoded', 'application/json'],
          params: ChallengeParams,
          body: ChallengeAnswer,
          response: {
            200: ChallengeAnswered,
            303: z.null().describe('Back to the return URL'),
          },
        },
      },
      async (req, reply) => {
        const challenge = await answerTestChallenge(platform, {
          token: req.params.token,
          outcome: req.body.outcome,
        });
        const intent = await resolvePaymentAction(platform, {
          storeId: challenge.storeId,
          intentId: challenge.intentId,
        });
        const back = returnLocation(challenge, intent.status);
        if (String(req.headers.accept ?? '').includes('application/json')) {
          return {
            outcome: challenge.challenge === 'approved' ? ('approved' as const) : ('failed' as const),
            payment_intent: shopperPaymentIntentView(intent),
            return_url: back,
          };
        }
        if (back)
          return reply.code(303).header('location', back).header('cache-control', 'no-store').send(null);
        return asPage(reply, resultPage(challenge), null);
      },
    );
  });

  // The provider's webhooks: the signature is over the exact bytes sent, so this scope keeps the raw body.
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
    const r = scope.withTypeProvider<ZodTypeProvider>();
    r.post(
      '/ingest/v1/payments/stripe/:storeId/webhooks',
      {
        config: NO_CREDENTIALS,
        schema: {
          tags: ['payments'],
          summary: "Stripe's webhooks for a store",
          description:
            'Give this URL (shown in the payment settings) to Stripe. Each event is verified with the store’s ' +
            'webhook signing secret (`Stripe-Signature`, 5-minute tolerance) and applied once: ' +
            '`payment_intent.amount_capturable_updated`, `.succeeded`, `.payment_failed`, `.canceled` and ' +
            '`charge.refunded`. Forged or stale: 400 WEBHOOK_SIGNATURE_INVALID; an amount or currency that does ' +
            'not match the payment: 422 AMOUNT_MISMATCH; in both cases nothing changes.',
          params: z.object({ storeId: z.string().min(1).max(64) }),
          response: {
            200: z.object({
              received: z.literal(true),
              outcome: z.enum(['applied', 'ignored', 'duplicate']),
            }),
          },
        },
      },
      async (req) => {
        if (!Buffer.isBuffer(req.body))
          throw new AppError('BAD_REQUEST', 'Send the event as the request body.');
        const { outcome } = await handleProviderWebhook(platform, {
          storeId: req.params.storeId,
          provider: 'stripe',
          rawBody: req.body,
          headers: req.headers,
        });
        return { received: true as const, outcome };
      },
    );
  });
}
