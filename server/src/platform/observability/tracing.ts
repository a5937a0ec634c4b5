/**
 * W3C trace context for every request, and OpenTelemetry spans exported over OTLP/HTTP when
 * OTEL_EXPORTER_OTLP_ENDPOINT is set.
 *
 * Without an exporter nothing of the OpenTelemetry SDK is loaded: an incoming `traceparent` is
 * parsed (or a trace id made up) so logs and the response still carry the trace id, for a few
 * hundred nanoseconds a request. With one, each request gets a server span whose context is
 * active while the request is handled, so spans started underneath (DBOS workflow and step
 * spans, a module's own) join the trace.
 */
import type * as OtelApi from '@opentelemetry/api';
import type { Context, Span, Tracer } from '@opentelemetry/api';
import type { IncomingHttpHeaders } from 'node:http';
import type { Config } from '../config.ts';
import type { Logger } from '../logger.ts';

export interface RequestTrace {
  /** 32 lowercase hex digits: the caller's trace when it sent a valid `traceparent`. */
  traceId: string;
  /** This request's span id (16 hex digits). */
  spanId: string;
  sampled: boolean;
  /** The OpenTelemetry span and its context, only while exporting. */
  span: Span | null;
  context: Context | null;
}

let exporting: { api: typeof OtelApi; tracer: Tracer } | null = null;

/** Whether request spans are being exported (OTEL_EXPORTER_OTLP_ENDPOINT set). */
export function isExporting(): boolean {
  return exporting !== null;
}

// version 00 exactly; a later version may append fields, which we ignore.
const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?$/;
const ZERO_TRACE = '00000000000000000000000000000000';
const ZERO_SPAN = '0000000000000000';

const idBuffer = Buffer.allocUnsafe(16);
/** Random ids as OpenTelemetry makes them (Math.random: unique, not secret). */
function randomHex(bytes: number): string {
  for (let i = 0; i < bytes; i += 4) idBuffer.writeUInt32BE((Math.random() * 0x1_0000_0000) >>> 0, i);
  return idBuffer.toString('hex', 0, bytes);
}

/** Parse a `traceparent` header; null when absent or invalid (then a new trace starts). */
export function parseTraceparent(
  header: string | string[] | undefined,
): { traceId: string; parentId: string; sampled: boolean } | null {
  if (typeof header !== 'string') return null;
  const m = TRACEPARENT.exec(header.trim());
  if (!m || m[1] === 'ff' || (m[1] === '00' && m[5])) return null;
  const [, , traceId, parentId, flags] = m as unknown as [string, string, string, string, string];
  if (traceId === ZERO_TRACE || parentId === ZERO_SPAN) return null;
  return { traceId, parentId, sampled: (parseInt(flags, 16) & 1) === 1 };
}

/** Begin a request's trace: continue the caller's, or start one. */
export function startRequestTrace(headers: IncomingHttpHeaders, method: string | undefined): RequestTrace {
  if (exporting) {
    const { api, tracer } = exporting;
    const parent = api.propagation.extract(api.ROOT_CONTEXT, headers);
    const span = tracer.startSpan(
      method ?? 'HTTP',
      { kind: api.SpanKind.SERVER, attributes: { 'http.request.method': method ?? '' } },
      parent,
    );
    const sc = span.spanContext();
    return {
      traceId: sc.traceId,
      spanId: sc.spanId,
      sampled: (sc.traceFlags & 1) === 1,
      span,
      context: api.trace.setSpan(parent, span),
    };
  }
  const parent = parseTraceparent(headers.traceparent);
  return {
    traceId: parent?.traceId ?? randomHex(16),
    spanId: randomHex(8),
    sampled: parent?.sampled ?? false,
    span: null,
    context: null,
  };
}

/** The `traceparent` naming this request's span, for the response and for calls it makes. */
export function traceparentOf(t: RequestTrace): string {
  return `00-${t.traceId}-${t.spanId}-${t.sampled ? '01' : '00'}`;
}

/** Run `fn` with the request's span active (so child spans join it); a plain call when not exporting. */
export function withRequestContext(t: RequestTrace, fn: () => void): void {
  if (exporting && t.context) exporting.api.context.with(t.context, fn);
  else fn();
}

/** Name the span by its route pattern and end it. */
export function endRequestTrace(t: RequestTrace, method: string, route: string, statusCode: number): void {
  const span = t.span;
  if (!span || !exporting) return;
  span.updateName(`${method} ${route}`);
  span.setAttribute('http.route', route);
  span.setAttribute('http.response.status_code', statusCode);
  if (statusCode >= 500) span.setStatus({ code: exporting.api.SpanStatusCode.ERROR });
  span.end();
}

/**
 * Export spans to OTEL_EXPORTER_OTLP_ENDPOINT (OTLP/HTTP, `<endpoint>/v1/traces`) when it is set;
 * otherwise do nothing. Returns how to flush and stop.
 */
export async function startTracing(
  config: Pick<Config, 'OTEL_EXPORTER_OTLP_ENDPOINT' | 'OTEL_SERVICE_NAME'>,
  log: Logger,
): Promise<() => Promise<void>> {
  const endpoint = config.OTEL_EXPORTER_OTLP_ENDPOINT;
  if (!endpoint || exporting) return async () => {};

  const [
    api,
    { BasicTracerProvider, BatchSpanProcessor },
    { OTLPTraceExporter },
    { resourceFromAttributes },
    { AsyncLocalStorageContextManager },
    { W3CTraceContextPropagator },
  ] = await Promise.all([
    import('@opentelemetry/api'),
    import('@opentelemetry/sdk-trace-base'),
    import('@opentelemetry/exporter-trace-otlp-http'),
    import('@opentelemetry/resources'),
    import('@opentelemetry/context-async-hooks'),
    import('@opentelemetry/core'),
  ]);
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': config.OTEL_SERVICE_NAME }),
    spanProcessors: [
      new BatchSpanProcessor(new OTLPTraceExporter({ url: `${endpoint.replace(/\/+$/, '')}/v1/traces` }), {
        scheduledDelayMillis: 2000,
      }),
    ],
  });
  // Global, so libraries that trace through the API (DBOS) report into the same pipeline.
  api.trace.setGlobalTracerProvider(provider);
  api.context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  api.propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  exporting = { api, tracer: provider.getTracer('carton') };
  log.info({ endpoint }, 'exporting traces over OTLP/HTTP');

  return async () => {
    exporting = null;
    await provider.shutdown().catch((err: unknown) => log.warn({ err }, 'flushing traces failed'));
    api.trace.disable();
    api.context.disable();
    api.propagation.disable();
  };
}
