/**
 * Storefront search with 100,000 products. Targets (issue #3): search with a filter and facets at
 * 32 connections p95 < 50 ms; autocomplete p95 < 20 ms.
 *
 * One embedded PostgreSQL, the demo store loaded by bench/catalog-data.ts (100k products, 300k
 * variants, index built by Carton's indexer), one `carton api` process (pool 20, logging at warn,
 * rate limit raised). autocannon cycles through a list of requests on 32 connections:
 *
 * - search: `?q=<noun>&category=<department>` (a word matching ~2.5 % of products, ~10 % of
 *   those in the department) with every facet (category, brand, price ranges, options, stock) —
 *   and, every other request, a brand filter too;
 * - autocomplete: prefixes and typos (`shir`, `hodie`, `snekers`, …).
 *
 *   node bench/search.ts
 *   BENCH_PRODUCTS=20000 BENCH_DURATION_S=5 node bench/search.ts
 */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import { startEmbeddedPostgres } from '../server/src/platform/db/embedded.ts';
import { loadBenchCatalog, NOUNS, type BenchCatalog } from './catalog-data.ts';
import { freePort, log, round, spawnCarton, waitReady } from './lib.ts';
import { load, type LoadRun } from './load.ts';

export interface SearchBenchResult {
  products: number;
  connections: number;
  durationS: number;
  loadAverage: number[];
  search: LoadRun;
  autocomplete: LoadRun;
  targets: { searchP95Ms: number; autocompleteP95Ms: number };
  pass: boolean;
  loadSeconds: number;
}

export async function runSearchBench(
  opts: { products?: number; durationS?: number; connections?: number } = {},
): Promise<SearchBenchResult> {
  const products = opts.products ?? Number(process.env.BENCH_PRODUCTS ?? 100_000);
  const durationS = opts.durationS ?? Number(process.env.BENCH_DURATION_S ?? 10);
  const connections = opts.connections ?? 32;
  const dir = mkdtempSync(join(tmpdir(), 'carton-bench-search-'));
  chmodSync(dir, 0o755);
  log('search: starting PostgreSQL');
  const pgServer = await startEmbeddedPostgres({
    dataDir: join(dir, 'pg'),
    port: await freePort(),
    password: 'carton-bench',
  });
  let carton: ReturnType<typeof spawnCarton> | null = null;
  try {
    const common = {
      DATABASE_URL: pgServer.url,
      CARTON_SECRET: randomBytes(32).toString('base64url'),
      LOG_LEVEL: 'warn',
    };
    const catalog: BenchCatalog = await loadBenchCatalog(common, products);
    const port = await freePort();
    carton = spawnCarton(['api'], {
      ...common,
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: String(port),
      RATE_LIMIT_PER_MINUTE: '1000000000',
      DB_POOL_SIZE: '20',
    });
    const base = `http://127.0.0.1:${port}`;
    await waitReady(base, carton.child);
    const headers = { 'x-publishable-key': catalog.publishableKey };

    const searchPaths = NOUNS.flatMap((noun, i) => {
      const category = `cat_root_${i % 10}`;
      return [
        `/store/v1/search?q=${noun}&category=${category}`,
        `/store/v1/search?q=${noun}&category=${category}&brand=Brand%20${i % 50}&sort=price_asc`,
      ];
    });
    const autocompletePaths = [
      'shir',
      'jack',
      'swea',
      'hodie',
      'cotto',
      'linen sh',
      'snekers',
      'backpak',
      'cardi',
      'blazr',
      'wool co',
      'vintage',
      'parka',
      'kimono',
      'leggins',
      'bootz',
      'velvet bl',
      'sandal',
      'tweed',
      'polo',
    ].map((q) => `/store/v1/search/autocomplete?q=${encodeURIComponent(q)}`);

    // Every answer must be a 200 with results, or the figures mean nothing.
    for (const path of [searchPaths[0]!, autocompletePaths[0]!]) {
      const res = await fetch(base + path, { headers });
      const body = (await res.json()) as { data?: unknown[] };
      if (res.status !== 200 || !body.data?.length)
        throw new Error(`${path} → ${res.status} ${JSON.stringify(body)}`);
    }

    const pid = carton.child.pid!;
    log('search: warming up (5 s each)');
    await load({ base, paths: searchPaths, headers, connections, seconds: 5 });
    await load({ base, paths: autocompletePaths, headers, connections, seconds: 5 });
    const loadAverage = loadavg().map((x) => round(x, 2));
    log(`search: load average before measuring ${loadAverage.join(' ')}`);
    log(`search: search with filter and facets, ${connections} connections, ${durationS} s`);
    const search = await load({ base, paths: searchPaths, headers, connections, seconds: durationS, pid });
    log(
      `search:   ${search.requestsPerSec} req/s, p50 ${search.p50Ms} ms, p95 ${search.p95Ms} ms, p99 ${search.p99Ms} ms`,
    );
    log(`search: autocomplete, ${connections} connections, ${durationS} s`);
    const autocomplete = await load({
      base,
      paths: autocompletePaths,
      headers,
      connections,
      seconds: durationS,
      pid,
    });
    log(
      `search:   ${autocomplete.requestsPerSec} req/s, p50 ${autocomplete.p50Ms} ms, p95 ${autocomplete.p95Ms} ms, p99 ${autocomplete.p99Ms} ms`,
    );
    const targets = { searchP95Ms: 50, autocompleteP95Ms: 20 };
    return {
      products,
      connections,
      durationS,
      loadAverage,
      search,
      autocomplete,
      targets,
      pass:
        search.p95Ms < targets.searchP95Ms &&
        autocomplete.p95Ms < targets.autocompleteP95Ms &&
        search.non2xx + search.errors + autocomplete.non2xx + autocomplete.errors === 0,
      loadSeconds: catalog.seconds,
    };
  } finally {
    if (carton) await carton.stop();
    await pgServer.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(JSON.stringify(await runSearchBench(), null, 2));
}
