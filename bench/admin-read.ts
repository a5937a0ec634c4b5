/**
 * An authenticated minimal admin read, Carton against a bare Fastify + pg endpoint doing the same
 * query on the same database, in the same run. Target: Carton ≥ 70 % of the bare throughput.
 *
 * Carton: `GET /admin/v1/store` with the demo store's secret API key — authentication (key
 * resolved from the in-process cache), rate limit, permission check, a store-scoped transaction
 * under row-level security, Zod response serialization, logging at `warn`.
 * Bare (bench/bare-server.ts): `SELECT … FROM stores WHERE id = $1` and JSON, nothing else; and
 * bare-rls, the same query inside Carton's RLS transaction, to separate database from framework cost.
 *
 * Both run as separate processes on one embedded PostgreSQL, each with a pool of 20. autocannon
 * drives 32 connections; each target is warmed up, then measured `rounds` times, alternating.
 *
 *   node bench/admin-read.ts
 *   BENCH_DURATION_S=10 BENCH_ROUNDS=2 BENCH_PROFILE=1 node bench/admin-read.ts
 *
 * BENCH_PROFILE=1 runs Carton under --cpu-prof and prints where its CPU time goes.
 * BENCH_NODE_FLAGS adds V8/Node flags to the Carton process (e.g. to compare GC settings).
 */
import autocannon, { type Result } from 'autocannon';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../server/src/platform/config.ts';
import { startEmbeddedPostgres } from '../server/src/platform/db/embedded.ts';
import {
  benchNodeFlags,
  cpuMs,
  freePort,
  log,
  machineCpuMs,
  monotonicUs,
  MAIN,
  postgresCpuMs,
  ROOT,
  round,
  stopProcess,
  waitReady,
} from './lib.ts';
import { summarizeCpuProfile } from './profile-summary.ts';

export interface LoadFigures {
  requestsPerSec: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  latencyAvgMs: number;
  requests: number;
  non2xx: number;
  errors: number;
  /** CPU time of the server process per request, in µs: total, in user space, in the kernel. */
  cpuUsPerRequest: number;
  userUsPerRequest: number;
  systemUsPerRequest: number;
  /** The same for PostgreSQL and for autocannon; with the server's, where the machine's CPU went. */
  postgresUsPerRequest: number;
  loadGeneratorUsPerRequest: number;
  /** Share of the machine's CPU time left idle, and stolen by the hypervisor, during the runs. */
  idleShare: number;
  stealShare: number;
}

export interface AdminReadResult {
  connections: number;
  durationS: number;
  rounds: number;
  carton: LoadFigures;
  bare: LoadFigures;
  /** The bare endpoint running the query as a named prepared statement. */
  barePrepared: LoadFigures;
  /** The same RLS transaction sent as one multi-statement message (1 round trip). */
  bareRls1rt: LoadFigures;
  /** Carton ÷ bare: the figure the target applies to. */
  ratio: number;
  /** bare-rls-1rt ÷ bare: what the row-level-security transaction alone costs. */
  rlsRatio: number;
  /** Carton ÷ bare-prepared: Carton against a bare endpoint that also prepares its statement. */
  preparedRatio: number;
  target: number;
  pass: boolean;
  cartonFlags: string;
  profile?: string;
}

interface Measured {
  result: Result;
  userMs: number;
  systemMs: number;
  /** CPU of the rest of the machine over the same run: PostgreSQL, autocannon (this process), idle. */
  postgresMs: number;
  loadGeneratorMs: number;
  machine: { busy: number; idle: number; steal: number };
}

function share(runs: Measured[], pick: (m: Measured['machine']) => number): number {
  const all = runs.reduce((n, r) => n + r.machine.busy + r.machine.idle + r.machine.steal, 0);
  return round(runs.reduce((n, r) => n + pick(r.machine), 0) / all, 3);
}

function figures(runs: Measured[]): LoadFigures {
  const results = runs.map((r) => r.result);
  const total = results.reduce((n, r) => n + r.requests.total, 0);
  const seconds = results.reduce((n, r) => n + r.duration, 0);
  const avg = (pick: (r: Result) => number) => results.reduce((n, r) => n + pick(r), 0) / results.length;
  return {
    requestsPerSec: round(total / seconds, 0),
    latencyP50Ms: round(
      avg((r) => r.latency.p50),
      2,
    ),
    latencyP99Ms: round(
      avg((r) => r.latency.p99),
      2,
    ),
    latencyAvgMs: round(
      avg((r) => r.latency.average),
      2,
    ),
    requests: total,
    non2xx: results.reduce((n, r) => n + r.non2xx, 0),
    errors: results.reduce((n, r) => n + r.errors + r.timeouts, 0),
    cpuUsPerRequest: round((1000 * runs.reduce((n, r) => n + r.userMs + r.systemMs, 0)) / total, 0),
    userUsPerRequest: round((1000 * runs.reduce((n, r) => n + r.userMs, 0)) / total, 0),
    systemUsPerRequest: round((1000 * runs.reduce((n, r) => n + r.systemMs, 0)) / total, 0),
    postgresUsPerRequest: round((1000 * runs.reduce((n, r) => n + r.postgresMs, 0)) / total, 0),
    loadGeneratorUsPerRequest: round((1000 * runs.reduce((n, r) => n + r.loadGeneratorMs, 0)) / total, 0),
    idleShare: share(runs, (m) => m.idle),
    stealShare: share(runs, (m) => m.steal),
  };
}

export async function runAdminReadBench(
  opts: { durationS?: number; rounds?: number; connections?: number; profile?: boolean } = {},
): Promise<AdminReadResult> {
  const durationS = opts.durationS ?? Number(process.env.BENCH_DURATION_S ?? 10);
  const rounds = opts.rounds ?? Number(process.env.BENCH_ROUNDS ?? 2);
  const connections = opts.connections ?? Number(process.env.BENCH_CONNECTIONS ?? 32);
  const profile = opts.profile ?? process.env.BENCH_PROFILE === '1';
  const extraFlags = benchNodeFlags;

  const dir = mkdtempSync(join(tmpdir(), 'carton-bench-read-'));
  chmodSync(dir, 0o755);
  log('admin-read: starting PostgreSQL');
  const pgDataDir = join(dir, 'pg');
  const pgServer = await startEmbeddedPostgres({
    dataDir: pgDataDir,
    port: await freePort(),
    password: 'carton-bench',
  });
  const children: ReturnType<typeof spawn>[] = [];
  try {
    const secret = randomBytes(32).toString('base64url');
    const common = { DATABASE_URL: pgServer.url, CARTON_SECRET: secret, LOG_LEVEL: 'warn' };

    log('admin-read: migrating and seeding the demo store');
    const seed = await seedForBench(common);

    const cartonPort = await freePort();
    const profileDir = join(ROOT, 'bench', 'results', 'profiles');
    if (profile) mkdirSync(profileDir, { recursive: true });
    const cartonArgs = [
      ...extraFlags,
      ...(profile ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []),
      MAIN,
      'api',
    ];
    const carton = spawn(process.execPath, cartonArgs, {
      cwd: ROOT,
      env: {
        ...process.env,
        ...common,
        NODE_ENV: 'production',
        HOST: '127.0.0.1',
        PORT: String(cartonPort),
        // The limiter still counts every request; the ceiling is raised so that it never refuses one.
        RATE_LIMIT_PER_MINUTE: '1000000000',
        DB_POOL_SIZE: '20',
        // The read is served from the read pool: as many connections as the bare server's pool.
        DB_READ_POOL_SIZE: '20',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    children.push(carton);
    const barePort = await freePort();
    const bare = spawn(process.execPath, [fileURLToPath(new URL('./bare-server.ts', import.meta.url))], {
      cwd: ROOT,
      env: {
        ...process.env,
        DATABASE_URL: pgServer.url,
        STORE_ID: seed.storeId,
        PORT: String(barePort),
        DB_POOL_SIZE: '20',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    children.push(bare);
    const cartonBase = `http://127.0.0.1:${cartonPort}`;
    const bareBase = `http://127.0.0.1:${barePort}`;
    await waitReady(cartonBase, carton);
    await waitReady(bareBase, bare, 30_000).catch(async () => {
      // The bare server has no probe routes; any answer on /store means it listens.
      const res = await fetch(bareBase + '/store');
      if (res.status !== 200) throw new Error('bare server not answering');
    });

    const targets = {
      carton: { url: `${cartonBase}/admin/v1/store`, headers: { 'x-api-key': seed.secretKey } },
      bare: { url: `${bareBase}/store`, headers: {} },
      barePrepared: { url: `${bareBase}/store-prepared`, headers: {} },
      bareRls1rt: { url: `${bareBase}/store-rls-1rt`, headers: {} },
    };
    // Same answer from both, or the comparison means nothing.
    const answers = await Promise.all(
      Object.values(targets).map((t) => fetch(t.url, { headers: t.headers }).then((r) => r.text())),
    );
    if (new Set(answers.map((a) => JSON.stringify(JSON.parse(a)))).size !== 1) {
      throw new Error(`Carton and bare answers differ:\n${answers.join('\n')}`);
    }

    const pids = { carton: carton.pid!, bare: bare.pid!, barePrepared: bare.pid!, bareRls1rt: bare.pid! };
    // When the measured Carton runs were, so that the profile leaves out startup and warm-up.
    const cartonWindows: { fromUs: number; toUs: number }[] = [];
    const run = async (name: keyof typeof targets, seconds: number, measured = true): Promise<Measured> => {
      const cpu0 = cpuMs(pids[name]);
      const pg0 = postgresCpuMs(pgDataDir);
      const own0 = process.cpuUsage();
      const machine0 = machineCpuMs();
      const fromUs = monotonicUs();
      const result = await autocannon({ ...targets[name], connections, duration: seconds });
      if (name === 'carton' && measured) cartonWindows.push({ fromUs, toUs: monotonicUs() });
      const cpu1 = cpuMs(pids[name]);
      const machine1 = machineCpuMs();
      const own = process.cpuUsage(own0);
      return {
        result,
        userMs: cpu1.user - cpu0.user,
        systemMs: cpu1.system - cpu0.system,
        postgresMs: postgresCpuMs(pgDataDir) - pg0,
        loadGeneratorMs: (own.user + own.system) / 1000,
        machine: {
          busy: machine1.busy - machine0.busy,
          idle: machine1.idle - machine0.idle,
          steal: machine1.steal - machine0.steal,
        },
      };
    };
    // Long enough for V8 to finish optimizing: Carton runs far more code per request than bare,
    // and its CPU per request was still falling after 5 s (173 → 97 µs over the next four rounds).
    const warmupS = Number(process.env.BENCH_WARMUP_S ?? 15);
    log(`admin-read: warming up (${warmupS} s each)`);
    await run('bare', warmupS, false);
    await run('barePrepared', warmupS, false);
    await run('bareRls1rt', warmupS, false);
    await run('carton', warmupS, false);
    const results: Record<keyof typeof targets, Measured[]> = {
      carton: [],
      bare: [],
      barePrepared: [],
      bareRls1rt: [],
    };
    for (let i = 1; i <= rounds; i++) {
      for (const name of ['bare', 'barePrepared', 'bareRls1rt', 'carton'] as const) {
        log(`admin-read: round ${i}/${rounds}, ${name}, ${connections} connections, ${durationS} s`);
        const m = await run(name, durationS);
        results[name].push(m);
        const r = m.result;
        const perRequest = (ms: number) => round((1000 * ms) / r.requests.total, 0);
        const machineMs = m.machine.busy + m.machine.idle + m.machine.steal;
        log(
          `admin-read:   ${round(r.requests.average, 0)} req/s, p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms, ` +
            `${perRequest(m.userMs + m.systemMs)} µs CPU/request ` +
            `(${perRequest(m.systemMs)} µs in the kernel); PostgreSQL ${perRequest(m.postgresMs)} µs, ` +
            `autocannon ${perRequest(m.loadGeneratorMs)} µs; machine ${round((100 * m.machine.idle) / machineMs, 0)} % idle, ` +
            `${round((100 * m.machine.steal) / machineMs, 0)} % stolen` +
            (r.non2xx || r.errors ? `, ${r.non2xx} non-2xx, ${r.errors} errors` : ''),
        );
      }
    }

    const cartonFigures = figures(results.carton);
    const bareFigures = figures(results.bare);
    const barePreparedFigures = figures(results.barePrepared);
    const bareRls1rtFigures = figures(results.bareRls1rt);
    const ratio = round(cartonFigures.requestsPerSec / bareFigures.requestsPerSec, 3);
    const result: AdminReadResult = {
      connections,
      durationS,
      rounds,
      carton: cartonFigures,
      bare: bareFigures,
      barePrepared: barePreparedFigures,
      bareRls1rt: bareRls1rtFigures,
      ratio,
      rlsRatio: round(bareRls1rtFigures.requestsPerSec / bareFigures.requestsPerSec, 3),
      preparedRatio: round(cartonFigures.requestsPerSec / barePreparedFigures.requestsPerSec, 3),
      target: 0.7,
      pass: ratio >= 0.7 && cartonFigures.non2xx === 0 && cartonFigures.errors === 0,
      cartonFlags: extraFlags.join(' '),
    };

    await stopProcess(carton);
    if (profile) {
      const file = readdirSync(profileDir)
        .filter((f) => f.endsWith('.cpuprofile'))
        .map((f) => join(profileDir, f))
        .sort()
        .at(-1);
      // The measured rounds (first to last), without startup and warm-up.
      const window = { fromUs: cartonWindows[0]!.fromUs, toUs: cartonWindows.at(-1)!.toUs };
      if (file) result.profile = `${file} (measured rounds only)\n${summarizeCpuProfile(file, { window })}`;
    }
    return result;
  } finally {
    for (const child of children) await stopProcess(child);
    await pgServer.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Migrate and seed through Carton's own code: the demo store and its secret key. */
async function seedForBench(env: Record<string, string>): Promise<{ storeId: string; secretKey: string }> {
  const { startRuntime } = await import('../server/src/platform/runtime.ts');
  const { seedDemo } = await import('../server/src/modules/identity/seed.ts');
  const config = loadConfig({ ...process.env, ...env, NODE_ENV: 'test', LOG_LEVEL: 'warn' });
  const runtime = await startRuntime({ api: false, worker: false, config });
  try {
    const seeded = await seedDemo(runtime.platform);
    if (!seeded.secretKey) throw new Error('the demo seed created no secret key');
    return { storeId: seeded.store.id, secretKey: seeded.secretKey };
  } finally {
    await runtime.stop();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const result = await runAdminReadBench();
  const { profile, ...rest } = result;
  console.log(JSON.stringify(rest, null, 2));
  if (profile) console.log(profile);
}
