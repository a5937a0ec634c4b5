import cors from '@fastify/cors';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { Platform } from '../context.ts';
import { AppError } from '../errors.ts';
import { newRequestId } from '../ids.ts';
import { registerRateLimit } from '../limits/rate-limit.ts';
import { registerDevMailRoutes } from '../mail/routes.ts';
import { registerIdempotency } from './idempotency.ts';
import {
  registerObservabilityHooks,
  registerOperationsRoutes,
  requestLoggerFactory,
} from '../observability/http.ts';
import { sendProblem, toAppError } from './problem.ts';

declare module 'fastify' {
  interface FastifyInstance {
    platform: Platform;
  }
}

export type App = FastifyInstance;

const REQUEST_ID = /^[A-Za-z0-9_.:-]{8,128}$/;

/**
 * Security headers on every answer: what OWASP's REST Security Cheat Sheet asks of a JSON API
 * (the answers are JSON, never rendered by a browser as a page).
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'strict-transport-security': 'max-age=31536000; includeSubDomains',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'SAMEORIGIN',
  'referrer-policy': 'no-referrer',
};

/**
 * The rest of what @fastify/helmet sends by default (CSP off: the page has inline assets), for the
 * one HTML page Carton serves, the API docs at /docs. Not on JSON answers, where browsers ignore
 * them and each costs time on every request.
 */
export const PAGE_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'cross-origin',
  'origin-agent-cluster': '?1',
  'x-dns-prefetch-control': 'off',
  'x-download-options': 'noopen',
  'x-permitted-cross-domain-policies': 'none',
  'x-xss-protection': '0',
};

/** A Fastify instance with Carton's HTTP conventions; modules add their routes to it. */
export async function createHttpApp(platform: Platform): Promise<App> {
  const app = Fastify({
    loggerInstance: platform.log,
    // Each request's logger carries request_id and trace_id (and store_id once authenticated).
    childLoggerFactory: requestLoggerFactory,
    logController: new LogController({
      requestIdLogLabel: 'request_id',
      disableRequestLogging: platform.config.LOG_LEVEL !== 'debug' && platform.config.LOG_LEVEL !== 'trace',
    }),
    bodyLimit: platform.config.BODY_LIMIT_BYTES,
    // Whose X-Forwarded-For to believe (TRUST_PROXY); by default nobody's, so a client cannot pick
    // its own address to dodge per-IP rate limits and sign-in lockouts.
    trustProxy: platform.config.TRUST_PROXY,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : newRequestId();
    },
    ajv: { customOptions: { coerceTypes: false } },
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  // The API speaks JSON only: without this, a text/plain body would reach validation as a string
  // (400) instead of being refused as the wrong media type (415). A route that must take other
  // bodies (a tracker beacon) adds its own parser in its own plugin.
  app.removeContentTypeParser('text/plain');
  app.decorate('platform', platform);
  registerObservabilityHooks(app as unknown as App, platform);

  // Security headers and the request id, set in one synchronous hook: no promise per request.
  app.addHook('onRequest', (req, reply, done) => {
    reply.headers(SECURITY_HEADERS);
    if (req.url.startsWith('/docs')) reply.headers(PAGE_SECURITY_HEADERS);
    reply.header('x-request-id', req.id);
    done();
  });

  app.setErrorHandler((err, req, reply) => {
    const appErr = toAppError(err);
    if (appErr.status >= 500) req.log.error({ err }, 'request failed');
    return sendProblem(req, reply, appErr);
  });
  app.setNotFoundHandler((req, reply) =>
    sendProblem(
      req,
      reply,
      new AppError('NOT_FOUND', `No route for ${req.method} ${req.url.split('?')[0]}.`),
    ),
  );

  const origins = platform.config.CORS_ORIGINS;
  const allowed = origins === '*' ? null : new Set(origins.split(',').map((o) => o.trim()));
  await app.register(cors, {
    // A request without an Origin header is not a cross-origin browser request: it gets no CORS
    // headers (only `Vary: Origin`), instead of allow-credentials and expose-headers it cannot use.
    origin: (origin, cb) => cb(null, !!origin && (allowed === null || allowed.has(origin))),
    credentials: true,
    // The plugin's default is GET, HEAD and POST: a browser app could not update or delete.
    methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
    // Browsers may cache a preflight answer this long (seconds) instead of asking before each call.
    maxAge: 600,
    exposedHeaders: [
      'x-request-id',
      'traceparent',
      'idempotent-replayed',
      'retry-after',
      'ratelimit-limit',
      'ratelimit-remaining',
    ],
  });
  await registerRateLimit(app as unknown as App, platform);
  registerIdempotency(app as unknown as App, platform);

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Carton API',
        version: '0.1.0',
        description:
          'Carton commerce platform. Surfaces: /store/v1 (shoppers, publishable key), /admin/v1 (merchant staff), ' +
          '/platform/v1 (operator staff), /ingest/v1 (tracking and webhooks). Errors are RFC 9457 problem+json.',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
          apiKey: { type: 'apiKey', in: 'header', name: 'x-api-key' },
          publishableKey: { type: 'apiKey', in: 'header', name: 'x-publishable-key' },
        },
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  registerOperationsRoutes(app as unknown as App, platform);
  if (platform.config.NODE_ENV !== 'production' && platform.mailer.capture) {
    await registerDevMailRoutes(app as unknown as App, platform.mailer.capture);
  }

  return app as unknown as App;
}
