/**
 * The storefront's targets (issue #5), on a Carton started as `npm start` starts it (embedded
 * PostgreSQL, the 200-product demo store), in a temporary data directory:
 *
 * - product-page JavaScript, gzipped, as served (every script and modulepreload of the page): ≤ 150 KB;
 * - server-rendered product page, 16 connections (autocannon), p95 < 50 ms — one hot product, and
 *   all 200 products in rotation (each connection starting at its own place);
 * - Lighthouse (npm `lighthouse`, Debian's Chromium), mobile preset (simulated slow 4G, 4× CPU),
 *   product page: performance ≥ 90, accessibility ≥ 95, SEO ≥ 95 (median of `BENCH_LIGHTHOUSE_RUNS`).
 *
 *   node bench/storefront.ts            # prints a Markdown summary; raw figures to bench/results/storefront.json
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { ensureWebBuilt } from '../web/build.ts';
import { environment, freePort, log, median, ROOT, round, spawnCarton, waitReady } from './lib.ts';
import { load, type LoadRun } from './load.ts';

const CONNECTIONS = 16;
const SECONDS = Number(process.env.BENCH_DURATION_S ?? 20);
const LIGHTHOUSE_RUNS = Number(process.env.BENCH_LIGHTHOUSE_RUNS ?? 3);
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface StorefrontBenchResult {
  productPath: string;
  js: { files: string[]; bytes: number; gzipBytes: number; pass: boolean };
  ssr: { hot: LoadRun; rotating: LoadRun & { products: number }; loadAverage: number[]; pass: boolean };
  lighthouse: {
    runs: {
      performance: number;
      accessibility: number;
      seo: number;
      bestPractices: number;
      lcpMs: number;
      tbtMs: number;
    }[];
    median: { performance: number; accessibility: number; seo: number; bestPractices: number };
    pass: boolean;
  };
}

/** Every script the page loads up front, fetched as a browser would (gzip), and its size. */
async function pageJs(base: string, path: string) {
  const html = await (await fetch(base + path)).text();
  const urls = [
    ...html.matchAll(/<script[^>]+src="([^"]+)"/g),
    ...html.matchAll(/<link rel="modulepreload"[^>]+href="([^"]+)"/g),
  ].map((m) => m[1]!);
  let bytes = 0;
  let gzipBytes = 0;
  for (const url of new Set(urls)) {
    const res = await fetch(base + url, { headers: { 'accept-encoding': 'gzip' } });
    const body = Buffer.from(await res.arrayBuffer()); // fetch decodes; measure both sizes ourselves
    bytes += body.length;
    gzipBytes += gzipSync(body, { level: 9 }).length;
  }
  return { files: [...new Set(urls)], bytes, gzipBytes, pass: gzipBytes <= 150 * 1024 };
}

async function runLighthouse(url: string) {
  const chrome = await chromeLauncher.launch({
    chromePath: CHROMIUM,
    chromeFlags: [
      '--headless=new',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-quic',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  try {
    const result = await lighthouse(url, {
      port: chrome.port,
      output: 'json',
      logLevel: 'error',
      onlyCategories: ['performance', 'accessibility', 'seo', 'best-practices'],
    });
    const lhr = result!.lhr;
    const score = (id: string) => Math.round((lhr.categories[id]?.score ?? 0) * 100);
    const failing = Object.values(lhr.audits)
      .filter((a) => a.score !== null && a.score < 0.9 && a.scoreDisplayMode !== 'informative')
      .map((a) => `${a.id} (${a.score})`);
    if (failing.length) log(`lighthouse audits below 0.9: ${failing.join(', ')}`);
    return {
      performance: score('performance'),
      accessibility: score('accessibility'),
      seo: score('seo'),
      bestPractices: score('best-practices'),
      lcpMs: Math.round(lhr.audits['largest-contentful-paint']?.numericValue ?? 0),
      tbtMs: Math.round(lhr.audits['total-blocking-time']?.numericValue ?? 0),
    };
  } finally {
    chrome.kill();
  }
}

export async function runStorefrontBench(): Promise<StorefrontBenchResult> {
  await ensureWebBuilt();
  const dataDir = mkdtempSync(join(tmpdir(), 'carton-bench-shop-'));
  chmodSync(dataDir, 0o755); // the postgres system user (when we run as root) must reach its data dir
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const carton = spawnCarton(['start'], {
    CARTON_DATA_DIR: dataDir,
    PORT: String(port),
    EMBEDDED_PG_PORT: String(await freePort()),
    CARTON_SECRET: randomBytes(24).toString('hex'),
    // One client address drives all the load here; real shoppers come from many.
    RATE_LIMIT_PER_MINUTE: '100000000',
  });
  // The key is printed once, early; keep it (the output buffer only holds the latest lines).
  let publishableKey: string | undefined;
  let printed = '';
  carton.child.stdout!.on('data', (b: Buffer) => {
    printed += b.toString();
    publishableKey ??= /Publishable key\s+(pk_\S+)/.exec(printed)?.[1];
  });
  try {
    await waitReady(base, carton.child, 120_000).catch((err: unknown) => {
      throw new Error(`${(err as Error).message}\n${carton.output()}`);
    });
    // The first start seeds the demo catalog after it listens: wait until the API lists all of it.
    let handles: string[] = [];
    for (let i = 0; i < 240 && handles.length < 200; i++) {
      const key = publishableKey;
      if (key) {
        handles = [];
        let cursor: string | null = null;
        do {
          const page = (await (
            await fetch(`${base}/store/v1/products?limit=100${cursor ? `&cursor=${cursor}` : ''}`, {
              headers: { 'x-publishable-key': key },
            })
          ).json()) as { data: { handle: string }[]; next_cursor: string | null };
          handles.push(...page.data.map((p) => p.handle));
          cursor = page.next_cursor;
        } while (cursor);
      }
      if (handles.length < 180) await new Promise((r) => setTimeout(r, 500));
      else break;
    }
    if (handles.length === 0) throw new Error(`no products in the demo store:\n${carton.output()}`);
    const productPath = `/products/${handles[0]}`;
    log(`${handles.length} products; product page ${productPath}`);

    const js = await pageJs(base, productPath);
    log(`product-page JS: ${js.gzipBytes} bytes gzipped (${js.bytes} raw) in ${js.files.length} files`);

    const headers = { 'accept-encoding': 'gzip, deflate, br', accept: 'text/html' };
    // Warm up: JIT, caches, every page rendered once.
    await load({ base, paths: handles.map((h) => `/products/${h}`), headers, connections: 4, seconds: 5 });
    const before = loadavg();
    const hot = await load({
      base,
      paths: [productPath],
      headers,
      connections: CONNECTIONS,
      seconds: SECONDS,
      pid: carton.child.pid,
    });
    log(`hot product: ${hot.requestsPerSec}/s, p95 ${hot.p95Ms} ms, p99 ${hot.p99Ms} ms`);
    const rotating = await load({
      base,
      paths: handles.map((h) => `/products/${h}`),
      headers,
      connections: CONNECTIONS,
      seconds: SECONDS,
      pid: carton.child.pid,
    });
    log(
      `${handles.length} products rotating: ${rotating.requestsPerSec}/s, p95 ${rotating.p95Ms} ms, p99 ${rotating.p99Ms} ms`,
    );
    const loadAverage = [...before, ...loadavg()].map((x) => round(x, 2));

    const runs = [];
    for (let i = 0; i < LIGHTHOUSE_RUNS; i++) {
      runs.push(await runLighthouse(base + productPath));
      log(`lighthouse run ${i + 1}: ${JSON.stringify(runs.at(-1))}`);
    }
    const med = {
      performance: median(runs.map((r) => r.performance)),
      accessibility: median(runs.map((r) => r.accessibility)),
      seo: median(runs.map((r) => r.seo)),
      bestPractices: median(runs.map((r) => r.bestPractices)),
    };
    return {
      productPath,
      js,
      ssr: {
        hot,
        rotating: { ...rotating, products: handles.length },
        loadAverage,
        pass: hot.p95Ms < 50 && rotating.p95Ms < 50 && hot.non2xx === 0 && rotating.non2xx === 0,
      },
      lighthouse: {
        runs,
        median: med,
        pass: med.performance >= 90 && med.accessibility >= 95 && med.seo >= 95,
      },
    };
  } finally {
    await carton.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export function storefrontSummary(r: StorefrontBenchResult): string {
  const ok = (pass: boolean) => (pass ? 'pass' : '**fail**');
  const l = r.lighthouse.median;
  return [
    '| storefront | figure | target | result |',
    '| --- | --- | --- | --- |',
    `| product-page JS, gzipped | ${round(r.js.gzipBytes / 1024, 1)} KB (${round(r.js.bytes / 1024, 1)} KB raw, ${r.js.files.length} files) | ≤ 150 KB | ${ok(r.js.pass)} |`,
    `| SSR product page, one hot product, ${CONNECTIONS} connections | p95 ${r.ssr.hot.p95Ms} ms (p50 ${r.ssr.hot.p50Ms}, p99 ${r.ssr.hot.p99Ms}), ${r.ssr.hot.requestsPerSec}/s | p95 < 50 ms | ${ok(r.ssr.hot.p95Ms < 50)} |`,
    `| SSR product page, ${r.ssr.rotating.products} products rotating, ${CONNECTIONS} connections | p95 ${r.ssr.rotating.p95Ms} ms (p50 ${r.ssr.rotating.p50Ms}, p99 ${r.ssr.rotating.p99Ms}), ${r.ssr.rotating.requestsPerSec}/s | p95 < 50 ms | ${ok(r.ssr.rotating.p95Ms < 50)} |`,
    `| Lighthouse mobile, product page (median of ${r.lighthouse.runs.length}) | performance ${l.performance}, accessibility ${l.accessibility}, SEO ${l.seo}, best practices ${l.bestPractices} | ≥ 90 / 95 / 95 | ${ok(r.lighthouse.pass)} |`,
  ].join('\n');
}

if (import.meta.main) {
  const env = environment();
  const result = await runStorefrontBench();
  mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true });
  writeFileSync(
    join(ROOT, 'bench', 'results', 'storefront.json'),
    JSON.stringify({ environment: env, result }, null, 2),
  );
  console.log(storefrontSummary(result));
  console.log(
    `\nLoad average (1/5/15 min) before and after the load runs: ${result.ssr.loadAverage.join(', ')}`,
  );
}
