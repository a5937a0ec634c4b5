/**
 * Storefront product detail by handle with 100,000 products. Targets (issue #3): p99 < 20 ms, and
 * throughput ≥ 60 % of a bare Fastify + pg endpoint reading the same product row, in the same run.
 *
 * Carton: `GET /store/v1/products/handle/product-4242` with the demo store's publishable key —
 * authentication, rate limit, the catalog product (options, variants, images, translation; cached
 * in process, evicted by events), prices in the store currency (pricing's cache), availability
 * (inventory, cached ≤ 1 s), Zod response serialization.
 * Bare (this file run with BARE_PRODUCT_SERVER=1): `SELECT … FROM products WHERE store_id = $1 AND
 * handle = $2` and JSON, nothing else.
 *
 * Each is a separate process with a pool of 20 on one embedded PostgreSQL; autocannon drives 32
 * connections; warm-up, then `rounds` alternating measured runs.
 *
 *   node bench/product-detail.ts
 *   BENCH_PRODUCTS=20000 BENCH_DURATION_S=5 BENCH_ROUNDS=1 node bench/product-detail.ts
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEmbeddedPostgres } from '../server/src/platform/db/embedded.ts';
import { loadBenchCatalog } from './catalog-data.ts';
import { freePort, log, round, spawnCarton, stopProcess, waitReady } from './lib.ts';
import { load, type LoadRun } from './load.ts';

export interface ProductDetailResult {
  products: number;
  connections: number;
  durationS: number;
  rounds: number;
  loadAverage: number[];
  carton: LoadRun;
  bare: LoadRun;
  ratio: number;
  targets: { p99Ms: number; ratio: number };
  pass: boolean;
}

function combine(runs: LoadRun[]): LoadRun {
  const total = runs.reduce((n, r) => n + r.requests, 0);
  const avg = (pick: (r: LoadRun) => number) => round(runs.reduce((n, r) => n + pick(r), 0) / runs.length, 2);
  return {
    requestsPerSec: round(runs.reduce((n, r) => n + r.requestsPerSec, 0) / runs.length, 0),
    p50Ms: avg((r) => r.p50Ms),
    p95Ms: avg((r) => r.p95Ms),
    p99Ms: avg((r) => r.p99Ms),
    maxMs: Math.max(...runs.map((r) => r.maxMs)),
    requests: total,
    non2xx: runs.reduce((n, r) => n + r.non2xx, 0),
    errors: runs.reduce((n, r) => n + r.errors, 0),
    cpuUsPerRequest: avg((r) => r.cpuUsPerRequest ?? 0),
  };
}

export async function runProductDetailBench(
  opts: { products?: number; durationS?: number; rounds?: number; connections?: number } = {},
): Promise<ProductDetailResult> {
  const products = opts.products ?? Number(process.env.BENCH_PRODUCTS ?? 100_000);
  const durationS = opts.durationS ?? Number(process.env.BENCH_DURATION_S ?? 10);
  const rounds = opts.rounds ?? Number(process.env.BENCH_ROUNDS ?? 2);
  const connections = opts.connections ?? 32;
  const dir = mkdtempSync(join(tmpdir(), 'carton-bench-detail-'));
  chmodSync(dir, 0o755);
  log('product-detail: starting PostgreSQL');
  const pgServer = await startEmbeddedPostgres({
    dataDir: join(dir, 'pg'),
    port: await freePort(),
    password: 'carton-bench',
  });
  const stops: (() => Promise<unknown>)[] = [];
  try {
    const common = {
      DATABASE_URL: pgServer.url,
      CARTON_SECRET: randomBytes(32).toString('base64url'),
      LOG_LEVEL: 'warn',
    };
    const catalog = await loadBenchCatalog(common, products);
    const cartonPort = await freePort();
    const carton = spawnCarton(['api'], {
      ...common,
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: String(cartonPort),
      RATE_LIMIT_PER_MINUTE: '1000000000',
      DB_POOL_SIZE: '20',
    });
    stops.push(() => carton.stop());
    const barePort = await freePort();
    const bare = spawn(process.execPath, [fileURLToPath(import.meta.url)], {
      env: {
        ...process.env,
        BARE_PRODUCT_SERVER: '1',
        DATABASE_URL: pgServer.url,
        STORE_ID: catalog.storeId,
        PORT: String(barePort),
        DB_POOL_SIZE: '20',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    stops.push(() => stopProcess(bare));
    const cartonBase = `http://127.0.0.1:${cartonPort}`;
    const bareBase = `http://127.0.0.1:${barePort}`;
    await waitReady(cartonBase, carton.child);
    await waitReady(bareBase, bare, 30_000);

    const path = `/store/v1/products/handle/${catalog.handle}`;
    const headers = { 'x-publishable-key': catalog.publishableKey };
    const check = await fetch(cartonBase + path, { headers });
    const body = (await check.json()) as {
      handle?: string;
      variants?: { price: unknown; available: number }[];
    };
    if (
      check.status !== 200 ||
      body.handle !== catalog.handle ||
      !body.variants?.[0]?.price ||
      !body.variants[0].available
    ) {
      throw new Error(`${path} → ${check.status} ${JSON.stringify(body)}`);
    }
    const bareCheck = (await (await fetch(bareBase + path)).json()) as { handle?: string };
    if (bareCheck.handle !== catalog.handle) throw new Error(`bare ${path} → ${JSON.stringify(bareCheck)}`);

    const targets = {
      carton: { base: cartonBase, headers, pid: carton.child.pid! },
      bare: { base: bareBase, headers: {}, pid: bare.pid! },
    };
    log('product-detail: warming up (5 s each)');
    for (const t of Object.values(targets)) await load({ ...t, paths: [path], connections, seconds: 5 });
    const loadAverage = loadavg().map((x) => round(x, 2));
    log(`product-detail: load average before measuring ${loadAverage.join(' ')}`);
    const results: Record<keyof typeof targets, LoadRun[]> = { carton: [], bare: [] };
    for (let i = 1; i <= rounds; i++) {
      for (const name of ['bare', 'carton'] as const) {
        log(`product-detail: round ${i}/${rounds}, ${name}, ${connections} connections, ${durationS} s`);
        const r = await load({ ...targets[name], paths: [path], connections, seconds: durationS });
        results[name].push(r);
        log(
          `product-detail:   ${r.requestsPerSec} req/s, p50 ${r.p50Ms} ms, p99 ${r.p99Ms} ms, ${r.cpuUsPerRequest} µs CPU/req`,
        );
      }
    }
    const cartonFigures = combine(results.carton);
    const bareFigures = combine(results.bare);
    const ratio = round(cartonFigures.requestsPerSec / bareFigures.requestsPerSec, 3);
    const t = { p99Ms: 20, ratio: 0.6 };
    return {
      products,
      connections,
      durationS,
      rounds,
      loadAverage,
      carton: cartonFigures,
      bare: bareFigures,
      ratio,
      targets: t,
      pass:
        cartonFigures.p99Ms < t.p99Ms &&
        ratio >= t.ratio &&
        cartonFigures.non2xx + cartonFigures.errors === 0,
    };
  } finally {
    for (const stop of stops.reverse()) await stop();
    await pgServer.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The baseline: one product row by store and handle, as JSON, and nothing else. */
async function bareServer(): Promise<void> {
  const { default: Fastify } = await import('fastify');
  const { default: pg } = await import('pg');
  const pool = new pg.Pool({
    connectionString: process.env.DATABASE_URL,
    max: Number(process.env.DB_POOL_SIZE ?? 20),
  });
  const storeId = process.env.STORE_ID!;
  const app = Fastify({ logger: false });
  app.get('/ready', async () => ({ ok: true }));
  app.get<{ Params: { handle: string } }>('/store/v1/products/handle/:handle', async (req, reply) => {
    const { rows } = await pool.query(
      `SELECT id, handle, title, description, status, brand, vendor, product_type, tags, seo_title, seo_description,
         published_at, created_at, updated_at FROM products WHERE store_id = $1 AND handle = $2 AND status = 'active'`,
      [storeId, req.params.handle],
    );
    if (!rows[0]) return reply.code(404).send({ code: 'NOT_FOUND' });
    return rows[0];
  });
  await app.listen({ host: '127.0.0.1', port: Number(process.env.PORT ?? 0) });
}

if (process.env.BARE_PRODUCT_SERVER === '1') {
  await bareServer();
} else if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(JSON.stringify(await runProductDetailBench(), null, 2));
}
