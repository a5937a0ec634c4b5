/**
 * Shared helpers for the benchmarks: processes, ports, readiness, memory, statistics and the
 * record of where a figure was measured.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../server/src/platform/db/embedded.ts';

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
  const postmaster = Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  const total = { user: 0, system: 0 };
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (Number(entry) !== postmaster && ppid !== postmaster) continue;
      const { user, system } = cpuMs(Number(entry));
      total.user += user;
      total.system += system;
    } catch {
      // the process ended meanwhile
    }
  }
  return total;
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
