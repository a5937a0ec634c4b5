/**
 * Tracking ingestion (issue #6): `POST /ingest/v1/carts/track` as the snippet sends it — text/plain
 * batches (sendBeacon's form), the publishable key in the query. Targets: ≥ 5,000 events/s, p99 <
 * 50 ms at 64 connections.
 *
 * Carton runs as `npm start` runs it — `carton start`: the API and the workers (which fold the
 * events into carts meanwhile) in one process — on a fresh embedded PostgreSQL. autocannon drives
 * 64 connections; every request carries a new batch of BENCH_BATCH events (default 10: the
 * snippet's batches are 1–20) from a pool of 5,000 visitors: carts (70 %), identify, checkout
 * started, exit intent. After the measured window: the events stored equal the events accepted,
 * and the time the fold took to catch up.
 *
 *   node bench/ingest.ts
 *   BENCH_DURATION_S=15 BENCH_BATCH=10 BENCH_CONNECTIONS=64 node bench/ingest.ts
 */
import autocannon from 'autocannon';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres } from '../server/src/platform/db/embedded.ts';
import { cpuMs, freePort, log, postgresCpuMs, round, spawnCarton, waitReady } from './lib.ts';

export interface IngestBenchResult {
  connections: number;
  batch: number;
  durationS: number;
  loadAverage: number[];
  requests: number;
  eventsPerSec: number;
  requestsPerSec: number;
  latency: { p50Ms: number; p90Ms: number; p99Ms: number; maxMs: number };
  non2xx: number;
  errors: number;
  eventsAccepted: number;
  eventsStored: number;
  /** Seconds from the end of the load until every event was folded into carts and contacts. */
  foldCatchUpS: number;
  trackedCarts: number;
  cpuUsPerEvent: { carton: number; postgres: number };
  targets: { eventsPerSec: number; p99Ms: number };
  pass: boolean;
}

interface Instance {
  on(event: 'response', fn: (client: unknown, status: number, bytes: number, ms: number) => void): void;
}
interface Req {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
  setupRequest?: (req: Req) => Req;
}
type Done = (err: Error | null, result: { non2xx: number; errors: number; timeouts: number; duration: number }) => void;
const run = autocannon as unknown as (
  opts: { url: string; connections: number; duration: number; requests: Req[] },
  cb: Done,
) => Instance;

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

const VISITORS = Array.from({ length: 5000 }, (_, i) => `bench-visitor-${String(i).padStart(6, '0')}`);
const ITEMS = Array.from({ length: 50 }, (_, i) => ({
  title: `Product ${i}`,
  sku: `SKU-${i}`,
  price: 500 + i * 100,
  image_url: `https://cdn.example.com/p/${i}.jpg`,
}));
let counter = 0;

function batchBody(size: number): string {
  const events = [];
  const now = new Date().toISOString();
  for (let i = 0; i < size; i++) {
    const n = counter++;
    const visitor = VISITORS[n % VISITORS.length]!;
    const id = `b${process.pid}x${n.toString(36)}y${randomBytes(4).toString('hex')}`;
    const kind = n % 10;
    if (kind < 7) {
      const lines = [ITEMS[n % 50]!, ITEMS[(n * 7) % 50]!].map((it, j) => ({ ...it, quantity: 1 + ((n + j) % 3) }));
      events.push({
        id,
        type: 'cart',
        at: now,
        anonymous_id: visitor,
        device: 'mobile',
        cart_id: `cart-${visitor}`,
        currency: 'USD',
        value: lines.reduce((s, l) => s + l.price * l.quantity, 0),
        items: lines,
      });
    } else if (kind === 7) {
      events.push({ id, type: 'identify', at: now, anonymous_id: visitor, email: `${visitor}@example.com` });
    } else if (kind === 8) {
      events.push({ id, type: 'checkout_started', at: now, anonymous_id: visitor, cart_id: `cart-${visitor}` });
    } else {
      events.push({ id, type: 'exit_intent', at: now, anonymous_id: visitor, cart_id: `cart-${visitor}` });
    }
  }
  return JSON.stringify({ events });
}

async function drive(base: string, pk: string, connections: number, seconds: number, batch: number) {
  const times: number[] = [];
  let accepted = 0;
  const request: Req = {
    method: 'POST',
    path: `/ingest/v1/carts/track?key=${pk}`,
    headers: { 'content-type': 'text/plain;charset=UTF-8' },
    setupRequest: (req) => ({ ...req, body: batchBody(batch) }),
  };
  const result = await new Promise<Parameters<Done>[1]>((resolve, reject) => {
    const instance = run({ url: base, connections, duration: seconds, requests: [request] }, (err, res) =>
      err ? reject(err) : resolve(res),
    );
    instance.on('response', (_client, status, _bytes, ms) => {
      times.push(ms);
      if (status === 202) accepted += batch;
    });
  });
  times.sort((a, b) => a - b);
  return { times, accepted, result };
}

export async function runIngestBench(
  opts: { connections?: number; durationS?: number; batch?: number } = {},
): Promise<IngestBenchResult> {
  const connections = opts.connections ?? Number(process.env.BENCH_CONNECTIONS ?? 64);
  const durationS = opts.durationS ?? Number(process.env.BENCH_DURATION_S ?? 15);
  const batch = opts.batch ?? Number(process.env.BENCH_BATCH ?? 10);
  const dir = mkdtempSync(join(tmpdir(), 'carton-bench-ingest-'));
  chmodSync(dir, 0o755);
  log('ingest: starting PostgreSQL');
  const pgServer = await startEmbeddedPostgres({ dataDir: join(dir, 'pg'), port: await freePort(), password: 'carton-bench' });
  const port = await freePort();
  const carton = spawnCarton(['start'], {
    DATABASE_URL: pgServer.url,
    CARTON_DATA_DIR: dir,
    CARTON_SECRET: randomBytes(32).toString('base64url'),
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: String(port),
    RATE_LIMIT_PER_MINUTE: '1000000000',
    LOG_LEVEL: 'warn',
  });
  const client = new pg.Client({ connectionString: pgServer.url });
  try {
    const base = `http://127.0.0.1:${port}`;
    log('ingest: starting Carton (`carton start`: API + workers)');
    await waitReady(base, carton.child, 120_000);
    let pk: string | undefined;
    for (let i = 0; i < 100 && !pk; i++) {
      pk = /Publishable key\s+(pk_\S+)/.exec(carton.output())?.[1];
      if (!pk) await new Promise((r) => setTimeout(r, 100));
    }
    if (!pk) throw new Error(`no publishable key in the start output:\n${carton.output()}`);
    await client.connect();
    // Let the demo catalog finish loading so it does not share the measured window.
    await new Promise((r) => setTimeout(r, 5000));

    log(`ingest: warming up (3 s, ${connections} connections)`);
    await drive(base, pk, connections, 3, batch);
    const warm = (await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM recovery_tracker_events`)).rows[0]!.n;

    log(`ingest: measuring ${durationS} s, ${connections} connections, ${batch} events per request`);
    const cpu0 = cpuMs(carton.child.pid!);
    const pg0 = postgresCpuMs(join(dir, 'pg'));
    const { times, accepted, result } = await drive(base, pk, connections, durationS, batch);
    const cpu1 = cpuMs(carton.child.pid!);
    const pg1 = postgresCpuMs(join(dir, 'pg'));
    const loadAverage = loadavg().map((x) => round(x, 2));
    const t0 = performance.now();

    const stored = (await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM recovery_tracker_events`)).rows[0]!.n - warm;
    log('ingest: waiting for the fold to catch up');
    for (;;) {
      const { rows } = await client.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM recovery_tracker_events WHERE folded_at IS NULL`,
      );
      if (rows[0]!.n === 0) break;
      if (performance.now() - t0 > 600_000) throw new Error(`the fold did not catch up in 10 minutes (${rows[0]!.n} left)`);
      await new Promise((r) => setTimeout(r, 250));
    }
    const foldCatchUpS = round((performance.now() - t0) / 1000, 1);
    const trackedCarts = (await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM recovery_carts`)).rows[0]!.n;

    const eventsPerSec = round(accepted / result.duration, 0);
    const p99Ms = round(percentile(times, 99), 2);
    const targets = { eventsPerSec: 5000, p99Ms: 50 };
    return {
      connections,
      batch,
      durationS,
      loadAverage,
      requests: times.length,
      eventsPerSec,
      requestsPerSec: round(times.length / result.duration, 0),
      latency: {
        p50Ms: round(percentile(times, 50), 2),
        p90Ms: round(percentile(times, 90), 2),
        p99Ms,
        maxMs: round(times.at(-1) ?? 0, 2),
      },
      non2xx: result.non2xx,
      errors: result.errors + result.timeouts,
      eventsAccepted: accepted,
      eventsStored: stored,
      foldCatchUpS,
      trackedCarts,
      cpuUsPerEvent: {
        carton: round((1000 * (cpu1.user - cpu0.user + cpu1.system - cpu0.system)) / Math.max(1, accepted), 1),
        postgres: round((1000 * (pg1 - pg0)) / Math.max(1, accepted), 1),
      },
      targets,
      pass: eventsPerSec >= targets.eventsPerSec && p99Ms < targets.p99Ms && result.non2xx === 0 && stored === accepted,
    };
  } finally {
    await client.end().catch(() => {});
    await carton.stop();
    await pgServer.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await runIngestBench();
  console.log(JSON.stringify(r, null, 2));
}
