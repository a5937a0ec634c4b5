/**
 * `npm run bench`: every benchmark, one after the other, with progress on stderr and a summary
 * (Markdown, ready for bench/README.md) on stdout. Raw figures go to bench/results/latest.json.
 *
 *   npm run bench                      # startup + admin-read
 *   npm run bench -- startup           # just one
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runAdminReadBench, type AdminReadResult } from './admin-read.ts';
import { environment, log, ROOT } from './lib.ts';
import { runStartupBench, type StartupResult } from './startup.ts';

const only = new Set(process.argv.slice(2));
const wanted = (name: string) => only.size === 0 || only.has(name);

const env = environment();
log(`commit ${env.commit}, ${env.cpu}, ${env.memory}, Node ${env.node}`);
const results: { environment: typeof env; startup?: StartupResult; adminRead?: AdminReadResult } = {
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
    `${x.cpuUsPerRequest} µs CPU/req (${x.systemUsPerRequest} µs kernel)`;
  lines.push(
    `| Carton \`GET /admin/v1/store\` (secret key) | ${f(a.carton)} | — | — |`,
    `| bare Fastify + pg, same query | ${f(a.bare)} | — | — |`,
    `| bare Fastify + pg, same query in Carton's RLS transaction (4 round trips) | ${f(a.bareRls)} | — | — |`,
    `| bare Fastify + pg, that transaction as one message (1 round trip) | ${f(a.bareRls1rt)} | — | — |`,
    `| Carton ÷ bare | ${Math.round(a.ratio * 1000) / 10} % | ≥ 70 % | ${mark(a.pass)} |`,
  );
}
console.log(lines.join('\n'));
if (a?.profile) console.log('\n```\n' + a.profile + '\n```');
