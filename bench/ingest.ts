/**
 * Tracking ingestion (issue #6): `POST /ingest/v1/carts/track` as the snippet sends it — text/plain
 * batches (sendBeacon's form), the publishable key in the query. Targets: ≥ 5,000 events/s, p99 <
 * 50 ms at 64 connections — read as: 5,000 events/s offered over 64 connections (paced), p99 of
 * that load, evenly spaced (an open loop: see `drivePaced`); a second, unpaced phase (autocannon,
 * closed loop) shows how much the machine takes.
 *
 * Carton runs as `npm start` runs it — `carton start`: the API and the workers (which fold the
 * events into carts meanwhile) in one process — on a fresh embedded PostgreSQL. 64 connections;
 * every request carries a new batch of BENCH_BATCH events (default 10: the
 * snippet's batches are 1–20) from a pool of 5,000 visitors: carts (70 %), identify, checkout
 * started, exit intent. After the measured window: the events stored equal the events accepted,
 * and the time the fold took to catch up.
 *
 *   node bench/ingest.ts
 *   BENCH_DURATION_S=15 BENCH_BATCH=10 BENCH_CONNECTIONS=64 node bench/ingest.ts
 */
import autocannon from 'autocannon';
import { randomBytes } from 'node:crypto';
import { Agent, request } from 'node:http';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import {
  benchStartEnv,
  cpuMs,
  freePort,
  log,
  logPgStatements,
  postgresCpuMs,
  resetPgStatements,
  round,
  spawnCarton,
  startBenchPostgres,
  waitReady,
} from './lib.ts';

export interface IngestPhase {
  /** Requests per second asked of autocannon (null: as fast as the server answers). */
  pacedRequestsPerSec: number | null;
  requests: number;
  eventsPerSec: number;
  requestsPerSec: number;
  /** autocannon's latency (paced: corrected for coordinated omission), ms. */
  latency: { p50Ms: number; p90Ms: number; p99Ms: number; maxMs: number };
  non2xx: number;
  errors: number;
  eventsAccepted: number;
  cpuUsPerEvent: { carton: number; postgres: number };
  loadAverage: number[];
}

export interface IngestBenchResult {
  mode: 'start' | 'api' | 'split';
  connections: number;
  batch: number;
  durationS: number;
  /** The target's load: 5,000 events/s offered over 64 connections. */
  paced: IngestPhase;
  /** The same connections without pacing: what the machine can take. */
  saturated: IngestPhase;
  eventsAccepted: number;
  eventsStored: number;
  /** Seconds from the end of the load until every event was folded into carts and contacts. */
  foldCatchUpS: number | null;
  trackedCarts: number;
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
type Done = (
  err: Error | null,
  result: {
    non2xx: number;
    errors: number;
    timeouts: number;
    duration: number;
    latency: { p50: number; p90: number; p99: number; max: number };
  },
) => void;
const run = autocannon as unknown as (
  opts: { url: string; connections: number; duration: number; requests: Req[] },
  cb: Done,
) => Instance;

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
      const lines = [ITEMS[n % 50]!, ITEMS[(n * 7) % 50]!].map((it, j) => ({
        ...it,
        quantity: 1 + ((n + j) % 3),
      }));
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
      events.push({
        id,
        type: 'checkout_started',
        at: now,
        anonymous_id: visitor,
        cart_id: `cart-${visitor}`,
      });
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
    const instance = run(
      {
        url: base,
        connections,
        duration: seconds,
        requests: [request],
      },
      (err, res) => (err ? reject(err) : resolve(res)),
    );
    instance.on('response', (_client, status, _bytes, ms) => {
      times.push(ms);
      if (status === 202) accepted += batch;
    });
  });
  times.sort((a, b) => a - b);
  return { times, accepted, result };
}

/**
 * An open-loop load at `rate` requests/s, evenly spaced, over at most `connections` keep-alive
 * connections. autocannon's `overallRate` is not that: each connection sends its share of a second
 * at the start of that second, so every second begins with all 64 connections saturated and then
 * idles — a burst test. Latency here runs from each request's scheduled time, so a request that
 * waited for a free connection counts its wait (no coordinated omission).
 */
async function drivePaced(
  base: string,
  pk: string,
  connections: number,
  seconds: number,
  batch: number,
  rate: number,
) {
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  const url = new URL(`/ingest/v1/carts/track?key=${pk}`, base);
  const times: number[] = [];
  let accepted = 0;
  let non2xx = 0;
  let errors = 0;
  const inFlight = new Set<Promise<void>>();
  const send = (scheduledAt: number) => {
    const body = batchBody(batch);
    const done = new Promise<void>((resolve) => {
      const req = request(
        url,
        {
          method: 'POST',
          agent,
          headers: { 'content-type': 'text/plain;charset=UTF-8', 'content-length': Buffer.byteLength(body) },
        },
        (res) => {
          res.resume();
          res.on('end', () => {
            times.push(performance.now() - scheduledAt);
            if (res.statusCode === 202) accepted += batch;
            else non2xx++;
            resolve();
          });
        },
      );
      req.on('error', () => {
        errors++;
        resolve();
      });
      req.end(body);
    });
    inFlight.add(done);
    void done.then(() => inFlight.delete(done));
  };
  const interval = 1000 / rate;
  const start = performance.now();
  const total = Math.round(seconds * rate);
  let sent = 0;
  await new Promise<void>((resolve) => {
    const tick = setInterval(() => {
      const now = performance.now();
      while (sent < total && start + sent * interval <= now) send(start + sent++ * interval);
      if (sent >= total) {
        clearInterval(tick);
        resolve();
      }
    }, 1);
  });
  await Promise.all(inFlight);
  const duration = (performance.now() - start) / 1000;
  agent.destroy();
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.ceil(q * times.length) - 1)] ?? 0;
  return {
    times,
    accepted,
    result: {
      duration,
      latency: { p50: at(0.5), p90: at(0.9), p99: at(0.99), max: times.at(-1) ?? 0 },
      non2xx,
      errors,
      timeouts: 0,
    },
  };
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
  const pgServer = await startBenchPostgres({
    dataDir: join(dir, 'pg'),
    port: await freePort(),
    password: 'carton-bench',
  });
  const port = await freePort();
  const env = {
    ...benchStartEnv({ databaseUrl: pgServer.url, dataDir: dir, port }),
    RATE_LIMIT_PER_MINUTE: '1000000000',
  };
  // BENCH_INGEST_MODE=api: the API alone (seeded first), no worker folding meanwhile — to see
  // what the ingest costs by itself. BENCH_INGEST_MODE=split: `carton api` and `carton worker` as
  // production runs them (the fold and the event dispatch in a process of their own).
  const requested = process.env.BENCH_INGEST_MODE;
  const mode = requested === 'api' || requested === 'split' ? requested : 'start';
  let seeded = '';
  if (mode !== 'start') {
    const seed = spawnCarton(['seed'], env);
    await new Promise((r) => seed.child.once('exit', r));
    seeded = seed.output();
  }
  const carton = spawnCarton([mode === 'split' ? 'api' : mode], env);
  const worker = mode === 'split' ? spawnCarton(['worker'], env) : null;
  // Carton's CPU: every Carton process of the run.
  const cartonCpu = () => {
    const pids = [carton.child.pid!, ...(worker ? [worker.child.pid!] : [])];
    return pids.map(cpuMs).reduce((a, b) => ({ user: a.user + b.user, system: a.system + b.system }));
  };
  const client = new pg.Client({ connectionString: pgServer.url });
  try {
    const base = `http://127.0.0.1:${port}`;
    log('ingest: starting Carton (`carton start`: API + workers)');
    await waitReady(base, carton.child, 120_000);
    let pk: string | undefined;
    for (let i = 0; i < 100 && !pk; i++) {
      pk = /Publishable key\s+(pk_\S+)/.exec(seeded + carton.output())?.[1];
      if (!pk) await new Promise((r) => setTimeout(r, 100));
    }
    if (!pk) throw new Error(`no publishable key in the start output:\n${carton.output()}`);
    await client.connect();
    // Let the demo catalog finish loading so it does not share the measured window.
    await new Promise((r) => setTimeout(r, 5000));

    log(`ingest: warming up (3 s, ${connections} connections)`);
    const warm = await drive(base, pk, connections, 3, batch);
    await resetPgStatements(client);
    const targets = { eventsPerSec: 5000, p99Ms: 50 };
    const pgDir = join(dir, 'pg');
    const phase = async (rate: number | null): Promise<IngestPhase> => {
      log(
        `ingest: measuring ${durationS} s, ${connections} connections, ${batch} events per request, ` +
          (rate ? `paced at ${rate} requests/s` : 'unpaced'),
      );
      const cpu0 = cartonCpu();
      const pg0 = postgresCpuMs(pgDir);
      const { times, accepted, result } = rate
        ? await drivePaced(base, pk!, connections, durationS, batch, rate)
        : await drive(base, pk!, connections, durationS, batch);
      const cpu1 = cartonCpu();
      const pg1 = postgresCpuMs(pgDir);
      return {
        pacedRequestsPerSec: rate,
        requests: times.length,
        eventsPerSec: round(accepted / result.duration, 0),
        requestsPerSec: round(times.length / result.duration, 0),
        latency: {
          p50Ms: round(result.latency.p50, 2),
          p90Ms: round(result.latency.p90, 2),
          p99Ms: round(result.latency.p99, 2),
          maxMs: round(result.latency.max, 2),
        },
        non2xx: result.non2xx,
        errors: result.errors + result.timeouts,
        eventsAccepted: accepted,
        cpuUsPerEvent: {
          carton: round(
            (1000 * (cpu1.user - cpu0.user + cpu1.system - cpu0.system)) / Math.max(1, accepted),
            1,
          ),
          postgres: round((1000 * (pg1 - pg0)) / Math.max(1, accepted), 1),
        },
        loadAverage: loadavg().map((x) => round(x, 2)),
      };
    };
    const paced = await phase(Math.ceil(targets.eventsPerSec / batch));
    await logPgStatements(client, paced.eventsAccepted, 'event accepted (paced phase)');
    const saturated = await phase(null);
    const t0 = performance.now();
    // Requests cut off at the end of a phase may have been stored without their answer counted.
    const accepted = warm.accepted + paced.eventsAccepted + saturated.eventsAccepted;
    const stored = (
      await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM recovery_tracker_events`)
    ).rows[0]!.n;
    let foldCatchUpS: number | null = null;
    if (mode !== 'api') {
      log('ingest: waiting for the fold to catch up');
      for (;;) {
        const { rows } = await client.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM recovery_tracker_events WHERE folded_at IS NULL`,
        );
        if (rows[0]!.n === 0) break;
        if (performance.now() - t0 > 600_000)
          throw new Error(`the fold did not catch up in 10 minutes (${rows[0]!.n} left)`);
        await new Promise((r) => setTimeout(r, 250));
      }
      foldCatchUpS = round((performance.now() - t0) / 1000, 1);
    }
    const trackedCarts = (await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM recovery_carts`))
      .rows[0]!.n;
    return {
      mode,
      connections,
      batch,
      durationS,
      paced,
      saturated,
      eventsAccepted: accepted,
      eventsStored: stored,
      foldCatchUpS,
      trackedCarts,
      targets,
      pass:
        paced.eventsPerSec >= targets.eventsPerSec * 0.98 &&
        paced.latency.p99Ms < targets.p99Ms &&
        paced.non2xx + saturated.non2xx === 0 &&
        stored >= accepted,
    };
  } finally {
    await client.end().catch(() => {});
    await carton.stop();
    await worker?.stop();
    await pgServer.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await runIngestBench();
  console.log(JSON.stringify(r, null, 2));
}
