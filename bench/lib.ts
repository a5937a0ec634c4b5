/**
 * Shared helpers for the benchmarks: processes, ports, readiness, memory, statistics and the
 * record of where a figure was measured.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { cpus, tmpdir, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import {
  serverProcesses,
  startEmbeddedPostgres,
  type EmbeddedDatabase,
} from '../server/src/platform/db/embedded.ts';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const MAIN = fileURLToPath(new URL('../server/src/main.ts', import.meta.url));

export function log(msg: string): void {
  process.stderr.write(`[bench] ${msg}\n`);
}

export { freePort } from '../server/test/free-port.ts';

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface CartonProcess {
  child: ChildProcess;
  output(): string;
  stop(): Promise<number>;
}

/** Extra Node/V8 flags for the Carton processes under test (BENCH_NODE_FLAGS), to compare settings. */
export const benchNodeFlags = (process.env.BENCH_NODE_FLAGS ?? '').split(' ').filter(Boolean);

/** `node server/src/main.ts <command>` on the Node running this script (the project's Node 24). */
export function spawnCarton(command: string[], env: Record<string, string>): CartonProcess {
  const child = spawn(process.execPath, [...benchNodeFlags, MAIN, ...command], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const keep = (b: Buffer) => {
    out = (out + b.toString()).slice(-20_000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  return { child, output: () => out, stop: () => stopProcess(child) };
}

/**
 * The environment of `carton start` as the benches run it: production mode, on the bench's own
 * PostgreSQL and data directory, a fresh secret, listening on 127.0.0.1 only.
 */
export function benchStartEnv(o: {
  databaseUrl: string;
  dataDir: string;
  port: number;
}): Record<string, string> {
  return {
    DATABASE_URL: o.databaseUrl,
    CARTON_DATA_DIR: o.dataDir,
    CARTON_SECRET: randomBytes(32).toString('base64url'),
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: String(o.port),
    LOG_LEVEL: 'warn',
  };
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves with how long the shutdown took. */
export async function stopProcess(child: ChildProcess, graceMs = 20_000): Promise<number> {
  if (child.exitCode !== null || child.signalCode !== null) return 0;
  const t0 = performance.now();
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
  return performance.now() - t0;
}

/**
 * Poll until the server answers 200 on its readiness probe. `/ready` is the probe; older trees
 * without it fall back to `/health`, then `/openapi.json`.
 */
export async function waitReady(base: string, child: ChildProcess, timeoutMs = 60_000): Promise<string> {
  const deadline = performance.now() + timeoutMs;
  const probes = ['/ready', '/health', '/openapi.json'];
  while (performance.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`process exited with ${child.exitCode} before it was ready`);
    for (const probe of probes) {
      try {
        const res = await fetch(base + probe);
        await res.arrayBuffer();
        if (res.status === 200) return probe;
        if (res.status !== 404) break; // the probe exists but says "not yet"
      } catch {
        break; // not listening yet
      }
    }
    await sleep(10);
  }
  throw new Error(`not ready after ${timeoutMs} ms`);
}

/** Resident set size of one process, in MB (Linux /proc). */
export function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)\s+kB/.exec(status)?.[1] ?? NaN);
  return kb / 1024;
}

/** CLOCK_MONOTONIC in µs: the clock of V8's CPU profile samples (`summarizeCpuProfile`'s window). */
export const monotonicUs = () => Number(process.hrtime.bigint() / 1000n);

/** CPU time a process has used so far, in ms, in user space and in the kernel (Linux /proc; 100 Hz ticks). */
export function cpuMs(pid: number): { user: number; system: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the parenthesised command name; utime and stime are the 14th and 15th.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { user: Number(fields[11]) * 10, system: Number(fields[12]) * 10 };
}

/** CPU time (ms) used so far by the PostgreSQL server: the postmaster and its live backends. */
export function postgresCpuMs(dataDir: string): number {
  const { user, system } = postgresCpu(dataDir);
  return user + system;
}

/** The same, in user space and in the kernel. */
export function postgresCpu(dataDir: string): { user: number; system: number } {
  const total = { user: 0, system: 0 };
  for (const pid of serverProcesses(dataDir)) {
    try {
      const { user, system } = cpuMs(pid);
      total.user += user;
      total.system += system;
    } catch {
      // the process ended meanwhile
    }
  }
  return total;
}

/**
 * BENCH_PG_PERF=1, a diagnosis: where PostgreSQL's CPU goes by the server's own functions — parsing,
 * planning, executing, foreign-key checks, PL/pgSQL, committing — with Linux `perf` (DWARF call
 * graphs: the embedded binary has its symbols but no frame pointers), over the server's processes
 * and what the postmaster starts meanwhile (perf follows forks: backends, autovacuum workers).
 * Needs `perf` (Debian: `linux-perf`) and root; otherwise it says so and records nothing.
 */
export const pgPerfWanted = process.env.BENCH_PG_PERF === '1';

// Inclusive shares: a row includes what it calls, so rows nest (planning inside "statements", FK
// checks and PL/pgSQL inside execution) and do not add up to 100 %.
const PG_PERF_ROWS: [string, string[]][] = [
  ['statements (simple-query messages)', ['exec_simple_query']],
  ['statements (extended protocol)', ['exec_parse_message', 'exec_bind_message', 'exec_execute_message']],
  ['  parse (raw grammar)', ['raw_parser']],
  ['  analyse and rewrite', ['pg_analyze_and_rewrite_fixedparams', 'pg_analyze_and_rewrite_varparams']],
  ['  prepared statement re-checked', ['RevalidateCachedQuery']],
  ['  planning', ['pg_plan_queries']],
  ['  executor start (plan set-up)', ['standard_ExecutorStart']],
  ['  executor run', ['standard_ExecutorRun']],
  ['    PL/pgSQL functions', ['plpgsql_call_handler']],
  ['    foreign-key checks', ['RI_FKey_check']],
  ['  commit', ['CommitTransaction']],
  ['    WAL flush', ['XLogFlush']],
  ['reading the next message', ['pq_getbyte']],
  ['cache invalidations applied', ['LocalExecuteInvalidationMessage']],
  ['autovacuum and analyze', ['AutoVacWorkerMain']],
];

export function startPgPerf(dataDir: string): { stop(): Promise<void>; report(): void } | null {
  if (!pgPerfWanted) return null;
  try {
    execFileSync('perf', ['--version'], { stdio: 'ignore' });
  } catch {
    log('BENCH_PG_PERF: no `perf` on this machine (Debian: apt-get install linux-perf); not recorded');
    return null;
  }
  const dir = mkdtempSync(join(tmpdir(), 'carton-pg-perf-'));
  const file = join(dir, 'perf.data');
  const pids = serverProcesses(dataDir).join(',');
  const args = ['record', '-F', '199', '--call-graph', 'dwarf,16384', '-p', pids, '-o', file];
  const perf = spawn('perf', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let errors = '';
  perf.stderr.on('data', (d: Buffer) => (errors += d.toString()));
  return {
    /** Stop recording (at the window's end). */
    async stop() {
      if (perf.exitCode !== null || perf.signalCode !== null) return;
      const exited = new Promise<void>((r) => perf.once('exit', () => r()));
      perf.kill('SIGINT');
      await exited;
    },
    /** Print the shares (takes a while: perf unwinds every sample's stack). */
    report() {
      try {
        const report = execFileSync(
          'perf',
          ['report', '-i', file, '--children', '--sort', 'sym', '-g', 'none', '--stdio'],
          { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, stdio: ['ignore', 'pipe', 'ignore'] },
        );
        const share = new Map<string, number>();
        for (const m of report.matchAll(/^\s+([\d.]+)%\s+[\d.]+%\s+\[[.k]\]\s+(\S+)\s*$/gm)) {
          share.set(m[2]!, Math.max(share.get(m[2]!) ?? 0, Number(m[1])));
        }
        const samples = /Samples: (\S+)\s+of event 'cpu-clock/.exec(report)?.[1] ?? '?';
        log(`PostgreSQL's CPU by what it was doing (perf, ${samples} samples; inclusive %, rows nest):`);
        for (const [label, fns] of PG_PERF_ROWS) {
          const pct = fns.reduce((sum, fn) => sum + (share.get(fn) ?? 0), 0);
          log(`  ${label.padEnd(38)} ${pct.toFixed(1).padStart(5)} %`);
        }
      } catch (err) {
        log(`BENCH_PG_PERF: perf failed: ${(err as Error).message}\n${errors.slice(-2000)}`);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

/**
 * The whole machine's CPU time so far, in ms summed over cores (Linux /proc/stat): busy, idle, and
 * stolen by the hypervisor — to tell a CPU-bound run from one that waits.
 */
export function machineCpuMs(): { busy: number; idle: number; steal: number } {
  const [, ...f] = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/);
  const [user, nice, system, idle, iowait, irq, softirq, steal] = f.map((x) => Number(x) * 10);
  return { busy: user! + nice! + system! + irq! + softirq!, idle: idle! + iowait!, steal: steal! };
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** The p-th percentile of unsorted `xs` (nearest rank), rounded to 0.1. */
export function percentile(xs: number[], p: number): number {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return round(s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!, 1);
}

export function round(x: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

export interface BenchEnvironment {
  date: string;
  commit: string;
  node: string;
  cpu: string;
  memory: string;
  os: string;
}

/** Where and when a figure was measured. */
export function environment(): BenchEnvironment {
  const git = (args: string[]) => {
    try {
      return execFileSync('git', args, { cwd: ROOT, encoding: 'utf8' }).trim();
    } catch {
      return 'unknown';
    }
  };
  const dirty = git(['status', '--porcelain', '--untracked-files=no']) ? ' (with uncommitted changes)' : '';
  return {
    date: new Date().toISOString(),
    commit: git(['rev-parse', '--short', 'HEAD']) + dirty,
    node: process.version,
    cpu: `${cpus().length} × ${cpus()[0]?.model ?? 'unknown'}`,
    memory: `${Math.round(totalmem() / 2 ** 30)} GiB`,
    os: `${process.platform} ${process.arch}`,
  };
}

/**
 * BENCH_PG_STATEMENTS=1, a diagnosis: start the embedded PostgreSQL with `pg_stat_statements`
 * loaded (it must be preloaded, so the server is started twice), to report where its time goes.
 */
export const pgStatementsWanted = process.env.BENCH_PG_STATEMENTS === '1';

export async function startBenchPostgres(
  options: Parameters<typeof startEmbeddedPostgres>[0],
): Promise<EmbeddedDatabase> {
  const server = await startEmbeddedPostgres(options);
  if (!pgStatementsWanted) return server;
  const admin = new pg.Client({ connectionString: server.url });
  await admin.connect();
  await admin.query(`ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements'`);
  await admin.query(`ALTER SYSTEM SET pg_stat_statements.track = 'all'`);
  await admin.query(`ALTER SYSTEM SET pg_stat_statements.track_planning = on`);
  await admin.end();
  await server.stop();
  return startEmbeddedPostgres(options);
}

/** Forget the statistics so far (the start and the warm-up); a no-op unless wanted. */
export async function resetPgStatements(client: pg.Client): Promise<void> {
  if (!pgStatementsWanted) return;
  await client.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
  await client.query('SELECT pg_stat_statements_reset()');
}

/** Log the 40 statements PostgreSQL spent most time in (execution, lock waits and planning), per `unit`. */
export async function logPgStatements(client: pg.Client, per: number, unit: string): Promise<void> {
  if (!pgStatementsWanted) return;
  const { rows } = await client.query<{ us: number; plan_us: number; calls: number; query: string }>(
    `
    SELECT round((total_exec_time + total_plan_time) * 1000 / $1::float8)::int AS us,
           round(total_plan_time * 1000 / $1::float8)::int AS plan_us,
           round(calls::numeric / $1::numeric, 2) AS calls,
           left(regexp_replace(query, '[[:space:]]+', ' ', 'g'), 120) AS query
    FROM pg_stat_statements ORDER BY total_exec_time + total_plan_time DESC LIMIT 40`,
    [Math.max(1, per)],
  );
  log(`PostgreSQL time per ${unit} by statement (µs in all, of which planning; calls per ${unit}):`);
  for (const r of rows) {
    log(
      `  ${String(r.us).padStart(6)} ${String(r.plan_us).padStart(5)}  ${String(r.calls).padStart(7)}  ${r.query}`,
    );
  }
  // Planning is CPU spent before a statement runs: custom plans made on every call show up here.
  const { rows: planned } = await client.query<{
    plan_us: number;
    plans: number;
    calls: number;
    query: string;
  }>(
    `
    SELECT round(total_plan_time * 1000 / $1::float8)::int AS plan_us,
           round(plans::numeric / $1::numeric, 2) AS plans, round(calls::numeric / $1::numeric, 2) AS calls,
           left(regexp_replace(query, '[[:space:]]+', ' ', 'g'), 120) AS query
    FROM pg_stat_statements ORDER BY total_plan_time DESC LIMIT 15`,
    [Math.max(1, per)],
  );
  // The statements run most often: each is at least part of a message, and messages are what
  // Carton's and PostgreSQL's CPU goes on (top-level statements only, not those inside functions).
  const { rows: frequent } = await client.query<{ calls: number; total: number; query: string }>(
    `
    SELECT round(calls::numeric / $1::numeric, 2) AS calls,
           round(sum(calls) OVER () / $1::numeric, 1) AS total,
           left(regexp_replace(query, '[[:space:]]+', ' ', 'g'), 120) AS query
    FROM pg_stat_statements WHERE toplevel ORDER BY calls DESC LIMIT 40`,
    [Math.max(1, per)],
  );
  log(
    `statements per ${unit}: ${frequent[0]?.total ?? 0} top-level in all; the 40 most frequent (calls per ${unit}):`,
  );
  for (const r of frequent) log(`  ${String(r.calls).padStart(7)}  ${r.query}`);
  const total = planned.reduce((sum, r) => sum + r.plan_us, 0);
  log(`planning per ${unit}: ${total} µs in the top 15 (µs; plans and calls per ${unit}):`);
  for (const r of planned) {
    log(
      `  ${String(r.plan_us).padStart(6)} ${String(r.plans).padStart(6)} ${String(r.calls).padStart(6)}  ${r.query}`,
    );
  }
}
