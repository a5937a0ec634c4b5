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
 * Each connection starts at its own place in the list. Measured twice, each time in a fresh
 * process: as Carton ships (answers cached per store until its index changes; the targets apply
 * here) and with SEARCH_CACHE_TTL_SECONDS=0, every request computed by PostgreSQL — what a query
 * never asked before costs.
 *
 *   node bench/search.ts
 *   BENCH_PRODUCTS=20000 BENCH_DURATION_S=5 node bench/search.ts
 *   BENCH_DATABASE_URL=postgres://… BENCH_PUBLISHABLE_KEY=pk_… node bench/search.ts   # a database already loaded
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

export interface SearchRun {
  search: LoadRun;
  autocomplete: LoadRun;
  /** How the process made its answers over the whole run (warm-up included): cached, computed, joined. */
  answers: Record<string, number>;
}

export interface SearchBenchResult {
  products: number;
  connections: number;
  durationS: number;
  loadAverage: number[];
  /** As shipped: the answer cache on. The targets apply to this run. */
  cached: SearchRun;
  /** SEARCH_CACHE_TTL_SECONDS=0: every answer computed. */
  uncached: SearchRun;
  targets: { searchP95Ms: number; autocompleteP95Ms: number };
  pass: boolean;
  loadSeconds: number;
}

const AUTOCOMPLETE = [
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
];

async function answerCounts(base: string): Promise<Record<string, number>> {
  const text = await (await fetch(`${base}/metrics`)).text();
  const out: Record<string, number> = {};
  for (const m of text.matchAll(/^carton_search_answers_total\{kind="(\w+)",source="(\w+)"\} (\d+)/gm))
    out[`${m[1]}.${m[2]}`] = Number(m[3]);
  return out;
}

async function measure(opts: {
  label: string;
  env: Record<string, string>;
  publishableKey: string;
  connections: number;
  durationS: number;
}): Promise<SearchRun> {
  const port = await freePort();
  const carton = spawnCarton(['api'], {
    ...opts.env,
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: String(port),
    RATE_LIMIT_PER_MINUTE: '1000000000',
    DB_POOL_SIZE: '20',
  });
  try {
    const base = `http://127.0.0.1:${port}`;
    await waitReady(base, carton.child);
    const headers = { 'x-publishable-key': opts.publishableKey };
    const searchPaths = NOUNS.flatMap((noun, i) => {
      const category = `cat_root_${i % 10}`;
      return [
        `/store/v1/search?q=${noun}&category=${category}`,
        `/store/v1/search?q=${noun}&category=${category}&brand=Brand%20${i % 50}&sort=price_asc`,
      ];
    });
    const autocompletePaths = AUTOCOMPLETE.map(
      (q) => `/store/v1/search/autocomplete?q=${encodeURIComponent(q)}`,
    );

    // Every answer must be a 200 with results, or the figures mean nothing.
    for (const path of [searchPaths[0]!, autocompletePaths[0]!]) {
      const res = await fetch(base + path, { headers });
      const body = (await res.json()) as { data?: unknown[] };
      if (res.status !== 200 || !body.data?.length)
        throw new Error(`${path} → ${res.status} ${JSON.stringify(body)}`);
    }

    const { connections, durationS: seconds, label } = opts;
    const pid = carton.child.pid!;
    log(`search (${label}): warming up (5 s each)`);
    await load({ base, paths: searchPaths, headers, connections, seconds: 5 });
    await load({ base, paths: autocompletePaths, headers, connections, seconds: 5 });
    log(`search (${label}): search with filter and facets, ${connections} connections, ${seconds} s`);
    const search = await load({ base, paths: searchPaths, headers, connections, seconds, pid });
    log(
      `search (${label}):   ${search.requestsPerSec} req/s, p50 ${search.p50Ms} ms, p95 ${search.p95Ms} ms, p99 ${search.p99Ms} ms, ${search.cpuUsPerRequest} µs CPU/req`,
    );
    log(`search (${label}): autocomplete, ${connections} connections, ${seconds} s`);
    const autocomplete = await load({ base, paths: autocompletePaths, headers, connections, seconds, pid });
    log(
      `search (${label}):   ${autocomplete.requestsPerSec} req/s, p50 ${autocomplete.p50Ms} ms, p95 ${autocomplete.p95Ms} ms, p99 ${autocomplete.p99Ms} ms, ${autocomplete.cpuUsPerRequest} µs CPU/req`,
    );
    const answers = await answerCounts(base);
    log(`search (${label}): answers ${JSON.stringify(answers)}`);
    return { search, autocomplete, answers };
  } finally {
    await carton.stop();
  }
}

export async function runSearchBench(
  opts: { products?: number; durationS?: number; connections?: number } = {},
): Promise<SearchBenchResult> {
  const products = opts.products ?? Number(process.env.BENCH_PRODUCTS ?? 100_000);
  const durationS = opts.durationS ?? Number(process.env.BENCH_DURATION_S ?? 10);
  const connections = opts.connections ?? 32;
  const given = process.env.BENCH_DATABASE_URL;
  const dir = mkdtempSync(join(tmpdir(), 'carton-bench-search-'));
  chmodSync(dir, 0o755);
  const pgServer = given
    ? null
    : (log('search: starting PostgreSQL'),
      await startEmbeddedPostgres({
        dataDir: join(dir, 'pg'),
        port: await freePort(),
        password: 'carton-bench',
      }));
  try {
    const env = {
      DATABASE_URL: given ?? pgServer!.url,
      CARTON_SECRET: process.env.BENCH_CARTON_SECRET ?? randomBytes(32).toString('base64url'),
      LOG_LEVEL: 'warn',
    };
    const catalog: Pick<BenchCatalog, 'publishableKey' | 'seconds'> = given
      ? { publishableKey: process.env.BENCH_PUBLISHABLE_KEY ?? '', seconds: 0 }
      : await loadBenchCatalog(env, products);
    const loadAverage = loadavg().map((x) => round(x, 2));
    log(`search: load average before measuring ${loadAverage.join(' ')}`);
    const common = { publishableKey: catalog.publishableKey, connections, durationS };
    const cached = await measure({ ...common, label: 'cached', env });
    const uncached = await measure({
      ...common,
      label: 'uncached',
      env: { ...env, SEARCH_CACHE_TTL_SECONDS: '0' },
    });
    const targets = { searchP95Ms: 50, autocompleteP95Ms: 20 };
    const failures = [cached, uncached].reduce(
      (n, r) => n + r.search.non2xx + r.search.errors + r.autocomplete.non2xx + r.autocomplete.errors,
      0,
    );
    return {
      products,
      connections,
      durationS,
      loadAverage,
      cached,
      uncached,
      targets,
      pass:
        cached.search.p95Ms < targets.searchP95Ms &&
        cached.autocomplete.p95Ms < targets.autocompleteP95Ms &&
        failures === 0,
      loadSeconds: catalog.seconds,
    };
  } finally {
    await pgServer?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(JSON.stringify(await runSearchBench(), null, 2));
}
