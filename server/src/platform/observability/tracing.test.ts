import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../../../test/harness.ts';
import { createHttpApp, type App } from '../http/app.ts';
import { isExporting, parseTraceparent, startTracing } from './tracing.ts';

describe('parseTraceparent', () => {
  it('accepts W3C trace context and rejects anything else', () => {
    expect(parseTraceparent('00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01')).toEqual({
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
      parentId: '00f067aa0ba902b7',
      sampled: true,
    });
    expect(parseTraceparent('00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00')?.sampled).toBe(false);
    // A future version may append fields; version 00 may not.
    expect(parseTraceparent('01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra')).not.toBeNull();
    for (const bad of [
      undefined,
      '',
      '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra',
      'ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
      '00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01',
      '00-00000000000000000000000000000000-00f067aa0ba902b7-01',
      '00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01',
      '00-4bf92f3577b34da6a3ce929d0e0e473-00f067aa0ba902b7-01',
    ]) {
      expect(parseTraceparent(bad)).toBeNull();
    }
  });
});

describe('OTLP/HTTP export', () => {
  let collector: Server;
  let endpoint: string;
  const received: { url: string; contentType: string; body: Buffer }[] = [];
  let platform: TestPlatform;
  let app: App;
  let url: string;
  let stopTracing: () => Promise<void>;

  beforeAll(async () => {
    // A stand-in OpenTelemetry collector on loopback.
    collector = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push({
          url: req.url ?? '',
          contentType: req.headers['content-type'] ?? '',
          body: Buffer.concat(chunks),
        });
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(collector.address() as { port: number }).port}`;

    platform = await createTestPlatform({ OTEL_EXPORTER_OTLP_ENDPOINT: endpoint });
    stopTracing = await startTracing(platform.config, platform.log);
    app = await createHttpApp(platform);
    app.get('/orders/:id', async () => ({ ok: true }));
    url = await app.listen({ host: '127.0.0.1', port: 0 });
  });
  afterAll(async () => {
    await app?.close();
    await stopTracing?.();
    await platform?.close();
    await new Promise((resolve) => collector?.close(resolve));
  });

  it('exports a server span per request, child of the caller’s span, named by route pattern', async () => {
    expect(isExporting()).toBe(true);
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const res = await fetch(`${url}/orders/ord_123`, {
      headers: { traceparent: `00-${traceId}-00f067aa0ba902b7-01` },
    });
    expect(res.status).toBe(200);
    const [, gotTrace, spanId, flags] = res.headers.get('traceparent')!.split('-');
    expect(gotTrace).toBe(traceId);
    expect(flags).toBe('01');

    await stopTracing(); // flushes the batch
    expect(isExporting()).toBe(false);
    const traces = received.filter((r) => r.url === '/v1/traces');
    expect(traces.length).toBeGreaterThan(0);
    type Export = {
      resourceSpans: {
        resource: { attributes: { key: string; value: { stringValue?: string } }[] };
        scopeSpans: {
          spans: { traceId: string; spanId: string; parentSpanId: string; name: string; kind: number }[];
        }[];
      }[];
    };
    const exports = traces.map((t) => JSON.parse(t.body.toString()) as Export);
    const resourceSpans = exports.flatMap((e) => e.resourceSpans);
    const spans = resourceSpans.flatMap((rs) => rs.scopeSpans.flatMap((ss) => ss.spans));
    const span = spans.find((s) => s.traceId === traceId);
    expect(span).toMatchObject({
      spanId,
      parentSpanId: '00f067aa0ba902b7',
      name: 'GET /orders/:id',
      kind: 2,
    });
    const service = resourceSpans[0]!.resource.attributes.find((a) => a.key === 'service.name');
    expect(service?.value.stringValue).toBe('carton');
  });
});
