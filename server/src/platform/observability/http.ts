import type { FastifyBaseLogger, FastifyReply, FastifyRequest } from 'fastify';
import { readdirSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type {} from '../auth/principal.ts'; // req.principal
import type { Platform } from '../context.ts';
import { AppError, type FieldError } from '../errors.ts';
import type { App } from '../http/app.ts';
import { sendProblem } from '../http/problem.ts';
import {
  metrics,
  observeHttpRequest,
  observePool,
  observeWorkflowQueues,
  renderMetrics,
  withTimeout,
} from './metrics.ts';
import { lazyChildLogger } from './request-logger.ts';
import {
  endRequestTrace,
  startRequestTrace,
  traceparentOf,
  withRequestContext,
  type RequestTrace,
} from './tracing.ts';

const kTrace = Symbol('carton.trace');
type TracedMessage = IncomingMessage & { [kTrace]?: RequestTrace };

/** The request's trace (ids, and its span when exporting). */
export function requestTrace(req: FastifyRequest): RequestTrace | undefined {
  return (req.raw as TracedMessage)[kTrace];
}

/**
 * Fastify's `childLoggerFactory`: every request's logger carries its request id and trace id from
 * the first line on (Fastify creates it before any hook runs, so the trace starts here).
 */
export function requestLoggerFactory(
  logger: FastifyBaseLogger,
  bindings: Parameters<FastifyBaseLogger['child']>[0],
  opts: Parameters<FastifyBaseLogger['child']>[1],
  rawReq: IncomingMessage,
): FastifyBaseLogger {
  const trace = startRequestTrace(rawReq.headers, rawReq.method);
  (rawReq as TracedMessage)[kTrace] = trace;
  (bindings as Record<string, unknown>).trace_id = trace.traceId;
  return lazyChildLogger(logger, bindings, opts);
}

const MIGRATIONS = readdirSync(new URL('../../../migrations/', import.meta.url))
  .filter((f) => f.endsWith('.sql'))
  .sort();

const READY_SQL = `
  SELECT (SELECT count(*) FROM carton_migrations WHERE name = ANY($1::text[]))::int AS applied,
         to_regclass('dbos.workflow_status') IS NOT NULL AS workflow_schema`;

const Health = z.object({ status: z.literal('ok') });
const Ready = z.object({
  status: z.literal('ready'),
  checks: z.object({
    database: z.literal('ok'),
    migrations: z.literal('ok'),
    workflows: z
      .enum(['running', 'enqueue-only'])
      .describe('running: this process runs workflows; enqueue-only: an API process, workers run them'),
  }),
});
const ProblemOut = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number(),
    code: z.string(),
    detail: z.string().optional(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .loose();

/** What /ready checks: the database answers, every migration is applied, workers run where they should. */
export async function checkReadiness(platform: Platform): Promise<{ failures: FieldError[] }> {
  const failures: FieldError[] = [];
  try {
    const { rows } = await withTimeout(
      platform.database.pool.query<{ applied: number; workflow_schema: boolean }>(READY_SQL, [MIGRATIONS]),
      2000,
    );
    const row = rows[0]!;
    if (row.applied < MIGRATIONS.length) {
      failures.push({
        path: 'migrations',
        message: `${MIGRATIONS.length - row.applied} migration(s) not applied`,
      });
    }
    if (!row.workflow_schema)
      failures.push({ path: 'migrations', message: 'the workflow schema is missing' });
  } catch (err) {
    platform.log.warn({ err }, 'readiness: database unreachable');
    failures.push({ path: 'database', message: 'unreachable' });
  }
  if (platform.workflows.state === 'stopped') {
    failures.push({ path: 'workflows', message: 'workers are stopped' });
  }
  return { failures };
}

function bearerMatches(header: string | undefined, token: string): boolean {
  const given = Buffer.from(header ?? '');
  const expected = Buffer.from(`Bearer ${token}`);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * Request metrics, trace propagation and request-scoped log context on every route. Registered
 * before any other hook, so that even requests rejected by later hooks are counted and traced.
 */
export function registerObservabilityHooks(app: App, platform: Platform): void {
  const unobserve = [
    observePool('app', platform.database.pool),
    observePool('read', platform.database.readPool),
    observeWorkflowQueues(platform.database.pool),
  ];
  app.addHook('onClose', async () => unobserve.forEach((stop) => stop()));

  // Callback-style hooks: no promise per request on the hot path.
  app.addHook('onRequest', (req: FastifyRequest, reply: FastifyReply, done: () => void) => {
    const trace = requestTrace(req);
    if (!trace) return done();
    reply.header('traceparent', traceparentOf(trace));
    withRequestContext(trace, done);
  });
  // Authentication (an onRequest hook) has run by now: tag the rest of the request's logs with its store.
  app.addHook('preHandler', (req: FastifyRequest, _reply: FastifyReply, done: () => void) => {
    const storeId = req.principal?.storeId;
    if (storeId) req.log = req.log.child({ store_id: storeId });
    done();
  });
  app.addHook('onResponse', (req: FastifyRequest, reply: FastifyReply, done: () => void) => {
    const route = req.routeOptions.url ?? 'unmatched';
    observeHttpRequest(req.method, route, reply.statusCode, reply.elapsedTime / 1000);
    const trace = requestTrace(req);
    if (trace) endRequestTrace(trace, req.method, route, reply.statusCode);
    done();
  });
}

/** /health, /ready and /metrics: unauthenticated and exempt from rate limits. */
export function registerOperationsRoutes(app: App, platform: Platform): void {
  app.get(
    '/health',
    {
      schema: {
        tags: ['operations'],
        summary: 'Liveness: the process is up (checks no dependency)',
        response: { 200: Health },
      },
    },
    async () => ({ status: 'ok' as const }),
  );

  app.get(
    '/ready',
    {
      schema: {
        tags: ['operations'],
        summary:
          'Readiness: database reachable, migrations applied, workers running (when this process runs them)',
        response: { 200: Ready, 503: ProblemOut },
      },
    },
    async (req, reply) => {
      const { failures } = await checkReadiness(platform);
      if (failures.length) {
        const detail = `Not ready: ${failures.map((f) => `${f.path} ${f.message}`).join('; ')}.`;
        return sendProblem(req, reply, new AppError('UNAVAILABLE', detail, { errors: failures }));
      }
      return {
        status: 'ready' as const,
        checks: {
          database: 'ok' as const,
          migrations: 'ok' as const,
          workflows:
            platform.workflows.state === 'running' ? ('running' as const) : ('enqueue-only' as const),
        },
      };
    },
  );

  const token = platform.config.METRICS_TOKEN;
  app.get(
    '/metrics',
    {
      schema: {
        tags: ['operations'],
        summary: 'Prometheus metrics (text exposition format)',
        description: token ? 'Requires `Authorization: Bearer <METRICS_TOKEN>`.' : undefined,
        produces: ['text/plain'],
        response: { 200: z.string().describe('Prometheus text format 0.0.4'), 401: ProblemOut },
      },
    },
    async (req, reply) => {
      if (token && !bearerMatches(req.headers.authorization, token)) {
        return sendProblem(
          req,
          reply,
          new AppError('UNAUTHENTICATED', 'Send the metrics token as a bearer token.'),
        );
      }
      const body = await renderMetrics();
      return reply
        .type(metrics.contentType)
        .serializer((payload: unknown) => payload as string)
        .send(body);
    },
  );
}
