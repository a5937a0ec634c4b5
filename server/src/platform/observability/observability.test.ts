import { Writable } from 'node:stream';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { createTestPlatform, startTestServer, type TestPlatform } from '../../../test/harness.ts';
import type { Principal } from '../auth/principal.ts';
import { createHttpApp, type App } from '../http/app.ts';
import { createLogger } from '../logger.ts';
import type { Workflow } from '../workflows/workflows.ts';

type Server = Awaited<ReturnType<typeof startTestServer>>;

/** Log lines written by an app, parsed. */
function captureLogs() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      cb();
    },
  });
  return { stream, lines, records: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

describe('/health, /ready, /metrics', () => {
  let server: Server;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  it('/health answers without touching any dependency', async () => {
    const res = await fetch(`${server.url}/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  it('/ready checks the database, migrations and workers', async () => {
    const res = await fetch(`${server.url}/ready`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      status: 'ready',
      checks: { database: 'ok', migrations: 'ok', workflows: 'enqueue-only' },
    });
  });

  it('/metrics shows per-route histograms by route pattern, pools, queue depth and process metrics', async () => {
    for (let i = 0; i < 3; i++) await fetch(`${server.url}/health`);
    await fetch(`${server.url}/no/such/path/${Date.now()}`);
    // A workflow waiting on a queue that no worker serves shows as queue depth.
    const idle = Object.assign(async () => {}, { workflowName: 'test.never-run' }) as Workflow<[], void>;
    await server.platform.workflows.enqueue(idle, { queue: 'test.unserved' });

    const res = await fetch(`${server.url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await res.text();
    const count = (route: string, status: number) =>
      Number(
        new RegExp(
          `^carton_http_request_duration_seconds_count\\{method="GET",route="${route}",status_code="${status}"\\} (\\d+)$`,
          'm',
        ).exec(text)?.[1] ?? 0,
      );
    expect(count('/health', 200)).toBeGreaterThanOrEqual(3);
    expect(count('unmatched', 404)).toBe(1); // the raw URL never becomes a label
    expect(text).not.toContain('/no/such/path');
    expect(text).toMatch(
      /^carton_http_request_duration_seconds_bucket\{le="0.005",method="GET",route="\/health"/m,
    );
    expect(text).toMatch(/^carton_db_pool_connections\{pool="app"\} \d+$/m);
    expect(text).toMatch(/^carton_db_pool_idle_connections\{pool="app"\} \d+$/m);
    expect(text).toMatch(/^carton_db_pool_waiting_requests\{pool="app"\} 0$/m);
    expect(text).toMatch(/^carton_workflow_queue_depth\{queue="test.unserved"\} 1$/m);
    expect(text).toMatch(/^process_resident_memory_bytes \d+/m);
    expect(text).toMatch(/^nodejs_eventloop_lag_seconds /m);
  });

  it('/health, /ready and /metrics are not rate limited', async () => {
    const limited = await startTestServer({ overrides: { RATE_LIMIT_PER_MINUTE: '2' } });
    try {
      for (let i = 0; i < 5; i++) {
        expect((await fetch(`${limited.url}/health`)).status).toBe(200);
        expect((await fetch(`${limited.url}/ready`)).status).toBe(200);
        expect((await fetch(`${limited.url}/metrics`)).status).toBe(200);
      }
      const statuses = [];
      for (let i = 0; i < 4; i++) statuses.push((await fetch(`${limited.url}/openapi.json`)).status);
      expect(statuses).toContain(429); // the limit itself is on
    } finally {
      await limited.close();
    }
  });
});

describe('/ready when the database is gone', () => {
  it('answers 503 problem+json while /health stays up', async () => {
    const server = await startTestServer();
    try {
      const dbName = new URL(server.platform.config.DATABASE_URL!).pathname.slice(1);
      const admin = new pg.Client({ connectionString: inject('pgServerUrl') });
      await admin.connect();
      await admin.query(`DROP DATABASE ${dbName} WITH (FORCE)`);
      await admin.end();

      const res = await fetch(`${server.url}/ready`);
      expect(res.status).toBe(503);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      const problem = await res.json();
      expect(problem).toMatchObject({
        status: 503,
        code: 'UNAVAILABLE',
        errors: [{ path: 'database', message: 'unreachable' }],
      });
      expect(JSON.stringify(problem)).not.toContain(dbName); // no internals to anonymous callers
      expect((await fetch(`${server.url}/health`)).status).toBe(200);
    } finally {
      await server.close();
    }
  });
});

describe('/metrics behind METRICS_TOKEN', () => {
  it('requires the bearer token when one is configured', async () => {
    const token = 'metrics-token-0123456789';
    const server = await startTestServer({ overrides: { METRICS_TOKEN: token } });
    try {
      const anonymous = await fetch(`${server.url}/metrics`);
      expect(anonymous.status).toBe(401);
      expect(((await anonymous.json()) as { code: string }).code).toBe('UNAUTHENTICATED');
      expect(
        (await fetch(`${server.url}/metrics`, { headers: { authorization: 'Bearer wrong' } })).status,
      ).toBe(401);
      const ok = await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${token}` } });
      expect(ok.status).toBe(200);
    } finally {
      await server.close();
    }
  });
});

describe('request logs and trace context', () => {
  let platform: TestPlatform;
  let app: App;
  let url: string;
  const logs = captureLogs();

  beforeAll(async () => {
    platform = await createTestPlatform();
    // Request logging on (debug), as an operator debugging an incident would run it.
    app = await createHttpApp({ ...platform, log: createLogger('debug', logs.stream) });
    // Stands in for the identity module's authentication hook.
    app.decorateRequest('principal', null);
    app.addHook('onRequest', async (req) => {
      if (req.headers['x-test-store']) {
        req.principal = {
          kind: 'secret_key',
          storeId: String(req.headers['x-test-store']),
          permissions: new Set(),
        } satisfies Principal;
      }
    });
    app.get('/things/:id', async (req) => {
      req.log.info('reading a thing');
      return { ok: true };
    });
    app.post('/things', async (req) => {
      req.log.info({ body: req.body, headers: req.headers }, 'creating a thing');
      const body = req.body as { email: string };
      throw new Error(`could not create a thing for ${body.email}`);
    });
    url = await app.listen({ host: '127.0.0.1', port: 0 });
  });
  afterAll(async () => {
    await app?.close();
    await platform?.close();
  });

  it('continues the caller’s W3C trace: same trace id in the response and the logs', async () => {
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const res = await fetch(`${url}/things/42`, {
      headers: {
        traceparent: `00-${traceId}-00f067aa0ba902b7-01`,
        'x-request-id': 'req_test_0001',
        'x-test-store': 'store_abc',
      },
    });
    expect(res.status).toBe(200);
    const traceparent = res.headers.get('traceparent')!;
    expect(traceparent).toMatch(new RegExp(`^00-${traceId}-[0-9a-f]{16}-01$`));
    expect(traceparent).not.toContain('00f067aa0ba902b7'); // our own span id, child of the caller's

    const line = logs.records().find((r) => r.msg === 'reading a thing');
    expect(line).toMatchObject({ request_id: 'req_test_0001', trace_id: traceId, store_id: 'store_abc' });
  });

  it('starts a trace when none (or a malformed one) is sent', async () => {
    for (const traceparent of [undefined, 'garbage', `00-${'0'.repeat(32)}-00f067aa0ba902b7-01`]) {
      const res = await fetch(`${url}/things/1`, { headers: traceparent ? { traceparent } : {} });
      const got = res.headers.get('traceparent')!;
      expect(got).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-00$/);
      expect(got).not.toContain('0'.repeat(32));
      const rid = res.headers.get('x-request-id');
      const line = logs.records().find((r) => r.msg === 'reading a thing' && r.request_id === rid);
      expect(line?.trace_id).toBe(got.split('-')[1]);
      expect(line).not.toHaveProperty('store_id'); // anonymous
    }
  });

  it('never writes e-mails, passwords, tokens or authorization headers to the log', async () => {
    const secrets = {
      email: 'shopper.private@example.com',
      password: 'correct horse battery staple',
      token: 'tok_live_9f8e7d6c5b4a',
      authorization: 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1c2VyXzEifQ.c2lnbmF0dXJlLXNlY3JldA',
      apiKey: 'sk_live_0123456789abcdef',
    };
    const res = await fetch(
      `${url}/things?email=${encodeURIComponent(secrets.email)}&token=${secrets.token}`,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: secrets.authorization,
          'x-api-key': secrets.apiKey,
          cookie: `session=${secrets.token}`,
        },
        body: JSON.stringify({
          email: secrets.email,
          password: secrets.password,
          customer: { contact: { email: secrets.email, phone: '+33 6 12 34 56 78' } },
          refresh_token: secrets.token,
        }),
      },
    );
    expect(res.status).toBe(500);

    const out = logs.lines.join('\n');
    expect(out).toContain('creating a thing'); // the line was written…
    expect(out).toContain('could not create a thing for [email]'); // …and so was the error
    for (const secret of [...Object.values(secrets), '+33 6 12 34 56 78', 'c2lnbmF0dXJlLXNlY3JldA']) {
      expect(out).not.toContain(secret);
    }
  });
});
