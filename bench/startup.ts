/**
 * `carton start` to ready on an existing data directory, and the idle RSS of the `start` process.
 * Targets: ready < 5 s, idle RSS < 250 MB.
 *
 * A temporary CARTON_DATA_DIR is created by a first start (initdb, migrations, demo seed), then
 * Carton is restarted `runs` times; each run is timed from spawn to the first 200 from `/ready`,
 * left idle for `settleMs`, and its resident memory read from /proc. The embedded PostgreSQL
 * server is a separate process and is not counted in the RSS.
 *
 *   node bench/startup.ts            (or: npm run bench)
 *   BENCH_STARTUP_RUNS=5 BENCH_SETTLE_MS=10000 node bench/startup.ts
 */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, log, median, round, rssMb, sleep, spawnCarton, waitReady } from './lib.ts';

export interface StartupResult {
  runs: number;
  firstStartMs: number;
  readyMs: { median: number; max: number; all: number[] };
  idleRssMb: { median: number; max: number; all: number[] };
  shutdownMs: { median: number; max: number };
  settleMs: number;
  probe: string;
  targets: { readyMs: number; idleRssMb: number };
  pass: boolean;
}

export async function runStartupBench(
  opts: { runs?: number; settleMs?: number } = {},
): Promise<StartupResult> {
  const runs = opts.runs ?? Number(process.env.BENCH_STARTUP_RUNS ?? 5);
  const settleMs = opts.settleMs ?? Number(process.env.BENCH_SETTLE_MS ?? 10_000);
  const dir = mkdtempSync(join(tmpdir(), 'carton-bench-startup-'));
  chmodSync(dir, 0o755); // as root, PostgreSQL runs as the postgres user and must reach its data
  const env = {
    CARTON_DATA_DIR: join(dir, 'data'),
    PORT: String(await freePort()),
    EMBEDDED_PG_PORT: String(await freePort()),
    HOST: '127.0.0.1',
    NODE_ENV: 'development',
  };
  const base = `http://127.0.0.1:${env.PORT}`;
  let probe: string;
  let firstStartMs: number;
  try {
    log(`startup: first start on an empty data directory (${dir})`);
    {
      const t0 = performance.now();
      const p = spawnCarton(['start'], env);
      try {
        probe = await waitReady(base, p.child, 120_000);
      } catch (err) {
        process.stderr.write(p.output());
        throw err;
      }
      firstStartMs = performance.now() - t0;
      log(`startup: first start ready in ${round(firstStartMs)} ms (probe ${probe})`);
      await p.stop();
    }

    const ready: number[] = [];
    const rss: number[] = [];
    const shutdown: number[] = [];
    for (let i = 1; i <= runs; i++) {
      const t0 = performance.now();
      const p = spawnCarton(['start'], env);
      try {
        await waitReady(base, p.child, 60_000);
      } catch (err) {
        process.stderr.write(p.output());
        throw err;
      }
      const ms = performance.now() - t0;
      await sleep(settleMs);
      if (p.child.exitCode !== null || p.child.signalCode !== null) {
        process.stderr.write(p.output());
        throw new Error(`carton start exited while idle (${p.child.exitCode ?? p.child.signalCode})`);
      }
      const mb = rssMb(p.child.pid!);
      shutdown.push(await p.stop());
      ready.push(ms);
      rss.push(mb);
      log(`startup: restart ${i}/${runs}: ready in ${round(ms)} ms, idle RSS ${round(mb)} MB`);
    }
    const result: StartupResult = {
      runs,
      firstStartMs: round(firstStartMs),
      readyMs: {
        median: round(median(ready)),
        max: round(Math.max(...ready)),
        all: ready.map((x) => round(x)),
      },
      idleRssMb: { median: round(median(rss)), max: round(Math.max(...rss)), all: rss.map((x) => round(x)) },
      shutdownMs: { median: round(median(shutdown)), max: round(Math.max(...shutdown)) },
      settleMs,
      probe,
      targets: { readyMs: 5000, idleRssMb: 250 },
      pass: false,
    };
    result.pass = result.readyMs.max < 5000 && result.idleRssMb.max < 250;
    return result;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const result = await runStartupBench();
  console.log(JSON.stringify(result, null, 2));
}
