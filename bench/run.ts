/**
 * `npm run bench`: benchmarks one after the other, with progress on stderr and a summary
 * (Markdown, ready for bench/README.md) on stdout. Raw figures go to bench/results/latest.json.
 *
 *   npm run bench                      # the quick ones: startup, admin-read, reservations (~5 min)
 *   npm run bench -- reservations      # just one (any of them, by name)
 *   npm run bench -- search product-detail import   # the slow ones run only when named
 *   npm run bench -- checkout          # the whole checkout over HTTP, 16 shoppers
 *   npm run bench -- checkout-floor    # the same flow against a bare floor server (what no code can beat)
 *   npm run bench -- ingest detection  # tracker ingestion (64 connections); abandonment detection at 100k carts
 *   npm run bench -- recovery-campaigns  # 20k carts abandoning in one minute: first messages' lag to the provider
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runAdminReadBench, type AdminReadResult } from './admin-read.ts';
import { runCheckoutBench, type CheckoutBenchResult } from './checkout.ts';
import { runCheckoutFloorBench, type CheckoutFloorResult } from './checkout-floor.ts';
import { runDetectionBench, type DetectionBenchResult } from './detection.ts';
import { runImportBench, type ImportBenchResult } from './import.ts';
import { runIngestBench, type IngestBenchResult } from './ingest.ts';
import { environment, log, ROOT } from './lib.ts';
import type { LoadRun } from './load.ts';
import { runProductDetailBench, type ProductDetailResult } from './product-detail.ts';
import { runCampaignBench, type CampaignBenchResult } from './recovery-campaigns.ts';
import { runReservationsBench, type ReservationsResult } from './reservations.ts';
import { runSearchBench, type SearchBenchResult } from './search.ts';
import { runStartupBench, type StartupResult } from './startup.ts';

/** Run with no argument: the quick benchmarks. The slow ones load 100k products or a 10k-row CSV. */
const QUICK = ['startup', 'admin-read', 'reservations'];
const ALL = [
  ...QUICK,
  'search',
  'product-detail',
  'import',
  'checkout',
  'checkout-floor',
  'ingest',
  'detection',
  'recovery-campaigns',
];

const only = new Set(process.argv.slice(2));
for (const name of only) {
  if (!ALL.includes(name)) {
    console.error(`Unknown benchmark "${name}"; one of: ${ALL.join(', ')}`);
    process.exit(2);
  }
}
const wanted = (name: string) => (only.size === 0 ? QUICK.includes(name) : only.has(name));

const env = environment();
log(`commit ${env.commit}, ${env.cpu}, ${env.memory}, Node ${env.node}`);
const results: {
  environment: typeof env;
  startup?: StartupResult;
  adminRead?: AdminReadResult;
  reservations?: ReservationsResult;
  search?: SearchBenchResult;
  productDetail?: ProductDetailResult;
  import?: ImportBenchResult;
  checkout?: CheckoutBenchResult;
  checkoutFloor?: CheckoutFloorResult;
  ingest?: IngestBenchResult;
  detection?: DetectionBenchResult;
  recoveryCampaigns?: CampaignBenchResult;
} = {
  environment: env,
};

const t0 = performance.now();
if (wanted('startup')) {
  log('── startup: start → ready on an existing data directory, idle RSS');
  results.startup = await runStartupBench();
}
if (wanted('admin-read')) {
  log('── admin-read: authenticated admin read vs bare Fastify + pg (autocannon, 32 connections)');
  results.adminRead = await runAdminReadBench();
}
if (wanted('reservations')) {
  log('── reservations: reserve / release / commit at the service level, 32 buyers, no oversell');
  results.reservations = await runReservationsBench();
}
if (wanted('search')) {
  log('── search: 100k products, search with facets and autocomplete (32 connections)');
  results.search = await runSearchBench();
}
if (wanted('product-detail')) {
  log('── product-detail: product by handle vs bare Fastify + pg');
  results.productDetail = await runProductDetailBench();
}
if (wanted('import')) {
  log('── import: product CSV import and export');
  results.import = await runImportBench();
}
if (wanted('checkout')) {
  log('── checkout: cart → 3 items → contact → shipping → complete over HTTP, 16 shoppers, `carton start`');
  results.checkout = await runCheckoutBench();
}
if (wanted('checkout-floor')) {
  log('── checkout-floor: the same flow, each request one PL/pgSQL call behind a bare Fastify');
  results.checkoutFloor = await runCheckoutFloorBench();
}
if (wanted('ingest')) {
  log('── ingest: tracker batches over HTTP, 64 connections, `carton start` (the fold runs meanwhile)');
  results.ingest = await runIngestBench();
}
if (wanted('detection')) {
  log('── detection: 100,000 tracked carts, 20,000 due in the same minute, 2 workers at once');
  results.detection = await runDetectionBench();
}
if (wanted('recovery-campaigns')) {
  log('── recovery-campaigns: 100,000 tracked carts, 20,000 abandoning in one minute, 2 worker processes');
  results.recoveryCampaigns = await runCampaignBench();
}
log(`done in ${Math.round((performance.now() - t0) / 1000)} s`);

const dir = join(ROOT, 'bench', 'results');
mkdirSync(dir, { recursive: true });
writeFileSync(join(dir, 'latest.json'), JSON.stringify(results, null, 2) + '\n');

const mark = (pass: boolean) => (pass ? 'pass' : '**FAIL**');
const lines = [
  `Measured ${env.date.slice(0, 10)} on ${env.cpu}, ${env.memory}, ${env.os}, Node ${env.node}, commit ${env.commit}.`,
  '',
  '| benchmark | figure | target | result |',
  '| --- | --- | --- | --- |',
];
const s = results.startup;
if (s) {
  lines.push(
    `| start → ready (existing data dir, ${s.runs} restarts) | median ${s.readyMs.median} ms, max ${s.readyMs.max} ms | < 5000 ms | ${mark(s.readyMs.max < 5000)} |`,
    `| idle RSS of \`start\` (${s.settleMs / 1000} s after ready) | median ${s.idleRssMb.median} MB, max ${s.idleRssMb.max} MB | < 250 MB | ${mark(s.idleRssMb.max < 250)} |`,
    `| first start (initdb, migrations, seed) | ${s.firstStartMs} ms | — | — |`,
  );
}
const a = results.adminRead;
if (a) {
  const f = (x: AdminReadResult['carton']) =>
    `${x.requestsPerSec} req/s, p50 ${x.latencyP50Ms} ms, p99 ${x.latencyP99Ms} ms, ` +
    `${x.cpuUsPerRequest} µs CPU/req (${x.systemUsPerRequest} µs kernel); PostgreSQL ${x.postgresUsPerRequest} µs/req`;
  lines.push(
    `| Carton \`GET /admin/v1/store\` (secret key) | ${f(a.carton)} | — | — |`,
    `| bare Fastify + pg, same query | ${f(a.bare)} | — | — |`,
    `| bare Fastify + pg, same query as a named prepared statement | ${f(a.barePrepared)} | — | — |`,
    `| bare Fastify + pg, same query in an RLS transaction sent as one message | ${f(a.bareRls1rt)} | — | — |`,
    `| Carton ÷ bare | ${Math.round(a.ratio * 1000) / 10} % | ≥ 70 % | ${mark(a.pass)} |`,
    `| Carton ÷ bare with a prepared statement | ${Math.round(a.preparedRatio * 1000) / 10} % | — | — |`,
  );
}
const r = results.reservations;
if (r) {
  lines.push(
    `| reservations, ${r.workers} buyers, service level | ${r.reservationsPerSec} reservations/s (${r.attemptsPerSec} attempts/s), ` +
      `p50 ${r.latencyP50Ms} ms, p99 ${r.latencyP99Ms} ms; CPU per reservation Node ${r.nodeCpuUsPerReservation} µs + ` +
      `PostgreSQL ${r.postgresCpuUsPerReservation} µs; ${r.oversoldLevels} oversold, ${r.unbalancedLevels} unbalanced of ` +
      `${r.levelsChecked} levels, ${r.errors} errors | ≥ ${r.target}/s, no oversell | ${mark(r.pass)} |`,
  );
}
const load = (x: LoadRun) =>
  `${x.requestsPerSec} req/s, p50 ${x.p50Ms} ms, p95 ${x.p95Ms} ms, p99 ${x.p99Ms} ms` +
  (x.cpuUsPerRequest ? `; ${x.cpuUsPerRequest} µs CPU/req` : '');
const se = results.search;
if (se) {
  lines.push(
    `| search, filter + facets (${se.products} products, ${se.connections} conns), answer cache on | ${load(se.cached.search)} | p95 < ${se.targets.searchP95Ms} ms | ${mark(se.cached.search.p95Ms < se.targets.searchP95Ms)} |`,
    `| autocomplete, answer cache on | ${load(se.cached.autocomplete)} | p95 < ${se.targets.autocompleteP95Ms} ms | ${mark(se.cached.autocomplete.p95Ms < se.targets.autocompleteP95Ms)} |`,
    `| search, every answer computed (SEARCH_CACHE_TTL_SECONDS=0) | ${load(se.uncached.search)} | — | — |`,
    `| autocomplete, every answer computed | ${load(se.uncached.autocomplete)} | — | — |`,
  );
}
const pd = results.productDetail;
if (pd) {
  lines.push(
    `| product detail by handle, Carton | ${load(pd.carton)} | p99 < ${pd.targets.p99Ms} ms | ${mark(pd.carton.p99Ms < pd.targets.p99Ms)} |`,
    `| bare Fastify + pg, same product row | ${load(pd.bare)} | — | — |`,
    `| product detail Carton ÷ bare | ${Math.round(pd.ratio * 1000) / 10} % | ≥ ${pd.targets.ratio * 100} % | ${mark(pd.pass)} |`,
  );
}
const im = results.import;
if (im) {
  lines.push(
    `| product CSV import, ${im.rows} rows | ${im.importSeconds} s (${im.rowsPerSecond} rows/s); upload ${im.uploadMs} ms | — | — |`,
    `| export of that catalog | ${im.exportSeconds} s, ${im.exportBytes} bytes | — | — |`,
  );
}
const co = results.checkout;
if (co) {
  lines.push(
    `| checkout, ${co.shoppers} shoppers (load avg ${co.loadAverage[0]}) | ${co.afterEffects.sustainedCheckoutsPerSec} checkouts/s with their after-effects done ` +
      `(${co.checkoutsPerSec}/s answered; ${co.afterEffects.backlogAtEnd.deliveries} deliveries behind at the end, caught up in ${co.afterEffects.caughtUpInS} s); ${co.errors} errors; ` +
      `${co.cpuMsPerCheckout.carton} ms Carton + ${co.cpuMsPerCheckout.postgres} ms PostgreSQL + ${co.cpuMsPerCheckout.client} ms client CPU, ${co.walPerCheckout.kB} kB of WAL per checkout | ` +
      `≥ ${co.targets.checkoutsPerSec}/s | ${mark(co.afterEffects.sustainedCheckoutsPerSec >= co.targets.checkoutsPerSec)} |`,
    `| complete call | p50 ${co.complete.p50Ms} ms, p99 ${co.complete.p99Ms} ms | p99 < ${co.targets.completeP99Ms} ms | ${mark(co.complete.p99Ms < co.targets.completeP99Ms)} |`,
    `| add to cart | p50 ${co.addToCart.p50Ms} ms, p99 ${co.addToCart.p99Ms} ms | p99 < ${co.targets.addToCartP99Ms} ms | ${mark(co.addToCart.p99Ms < co.targets.addToCartP99Ms)} |`,
    `| checkout consistency | ${co.checks.orders} orders for ${co.checks.completedTotal} completed checkouts, ${co.checks.oversoldLevels} oversold levels, ${co.checks.unpaidOrders} orders without an authorized/captured payment | equal, 0, 0 | ${mark(co.checks.orders === co.checks.completedTotal && co.checks.oversoldLevels === 0 && co.checks.unpaidOrders === 0)} |`,
  );
}
const fl = results.checkoutFloor;
if (fl) {
  lines.push(
    `| checkout floor (bare server, carts in ${fl.carts}), ${fl.shoppers} shoppers | ${fl.checkoutsPerSec} checkouts/s; complete p99 ${fl.complete.p99Ms} ms, add-to-cart p99 ${fl.addToCart.p99Ms} ms; ` +
      `${fl.cpuMsPerCheckout.server} ms server + ${fl.cpuMsPerCheckout.postgres} ms PostgreSQL + ${fl.cpuMsPerCheckout.client} ms client CPU per checkout | — | — |`,
  );
}
const ing = results.ingest;
if (ing) {
  const ph = (x: IngestBenchResult['paced']) =>
    `${x.eventsPerSec} events/s (${x.requestsPerSec} req/s × ${ing.batch}), p50 ${x.latency.p50Ms} ms, p99 ${x.latency.p99Ms} ms; ` +
    `${x.cpuUsPerEvent.carton} µs Carton + ${x.cpuUsPerEvent.postgres} µs PostgreSQL CPU per event; load avg ${x.loadAverage[0]}`;
  lines.push(
    `| tracker ingest, 5,000 events/s offered over ${ing.connections} connections (${ing.mode}) | ${ph(ing.paced)} | ≥ 5,000 events/s, p99 < 50 ms | ${mark(ing.pass)} |`,
    `| tracker ingest, unpaced, ${ing.connections} connections | ${ph(ing.saturated)} | — | — |`,
    `| tracker ingest consistency | ${ing.eventsStored} stored for ${ing.eventsAccepted} accepted; fold caught up ${ing.foldCatchUpS ?? '—'} s after the load; ${ing.trackedCarts} tracked carts | stored ≥ accepted | ${mark(ing.eventsStored >= ing.eventsAccepted)} |`,
  );
}
const de = results.detection;
if (de) {
  lines.push(
    `| abandonment detection, ${de.dueInTheMinute} of ${de.trackedCarts} carts due in one minute, ${de.workers} workers | ${de.detectSeconds} s (${de.cartsPerSecond} carts/s); ${de.abandoned} abandoned, ${de.events} \`cart.abandoned\` for ${de.distinctCarts} carts (by worker: ${de.markedByWorkers.join(' + ')}); load avg ${de.loadAverage[0]} | all within 60 s, exactly one event each | ${mark(de.pass)} |`,
  );
}
const rc = results.recoveryCampaigns;
if (rc) {
  lines.push(
    `| recovery campaigns, ${rc.abandoningInTheMinute} of ${rc.trackedCarts} carts abandoning in one minute, ${rc.workers} worker processes (load avg ${rc.loadAverage[0]}) | first message due → handed to the provider: p50 ${rc.lagSeconds.p50} s, p95 ${rc.lagSeconds.p95} s, max ${rc.lagSeconds.max} s; ${rc.firstMessages.sent} sent at ${rc.messagesPerSecond}/s; duplicates ${rc.duplicates.messagesPerStep} messages, ${rc.duplicates.mailsPerMessageId} mails, ${rc.duplicates.runsPerCart} runs | all within 300 s, 0 duplicates | ${mark(rc.pass)} |`,
  );
}
console.log(lines.join('\n'));
if (a?.profile) console.log('\n```\n' + a.profile + '\n```');
