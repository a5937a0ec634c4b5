/**
 * What Carton costs when nobody shops: `carton start` (API + workers, demo data) on a fresh
 * embedded PostgreSQL, left alone for `BENCH_IDLE_SETTLE_S` (45 s, time for the demo data to
 * load); then the CPU that Carton and PostgreSQL spend over `BENCH_IDLE_WINDOWS` (3) windows of
 * 10 s. `BENCH_PROFILE=1` prints where Carton's idle CPU goes. `node bench/idle.ts`
 */
import { chmodSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { summarizeCpuProfile } from './profile-summary.ts';
import {
  benchStartEnv,
  cpuMs,
  freePort,
  log,
  median,
  monotonicUs,
  postgresCpu,
  round,
  sleep,
  spawnCarton,
  startBenchPostgres,
  waitReady,
} from './lib.ts';

const windows = Number(process.env.BENCH_IDLE_WINDOWS ?? 3);
const settleS = Number(process.env.BENCH_IDLE_SETTLE_S ?? 45);
const profile = process.env.BENCH_PROFILE === '1';

const dir = mkdtempSync(join(tmpdir(), 'carton-bench-idle-'));
chmodSync(dir, 0o755);
const pgDir = join(dir, 'pg');
log('idle: starting PostgreSQL');
const pgServer = await startBenchPostgres({
  dataDir: pgDir,
  port: await freePort(),
  password: 'carton-bench',
});
const port = await freePort();
const profileDir = join(dir, 'profile');
const carton = spawnCarton(['start'], {
  ...(profile ? { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${profileDir}` } : {}),
  ...benchStartEnv({ databaseUrl: pgServer.url, dataDir: dir, port }),
});
try {
  log('idle: starting Carton (`carton start`: API + workers, demo data)');
  await waitReady(`http://127.0.0.1:${port}`, carton.child, 120_000);
  log(`idle: letting the demo data load and settle (${settleS} s)`);
  await sleep(settleS * 1000);
  const pid = carton.child.pid!;
  const perSecond: { carton: number; postgres: number }[] = [];
  const started = monotonicUs();
  for (let i = 0; i < windows; i++) {
    const c0 = cpuMs(pid);
    const p0 = postgresCpu(pgDir);
    await sleep(10_000);
    const c1 = cpuMs(pid);
    const p1 = postgresCpu(pgDir);
    const w = {
      carton: (c1.user + c1.system - c0.user - c0.system) / 10,
      // Backends that exit within the window take their CPU with them: never below zero.
      postgres: Math.max(0, (p1.user + p1.system - p0.user - p0.system) / 10),
    };
    perSecond.push(w);
    log(
      `idle: window ${i + 1}/${windows}: Carton ${round(w.carton)} ms/s, PostgreSQL ${round(w.postgres)} ms/s of CPU`,
    );
  }
  const ended = monotonicUs();
  const result = {
    windows,
    cartonCpuMsPerSec: round(median(perSecond.map((w) => w.carton))),
    postgresCpuMsPerSec: round(median(perSecond.map((w) => w.postgres))),
  };
  console.log(JSON.stringify(result, null, 2));
  if (profile) {
    await carton.stop();
    const window = { fromUs: started, toUs: ended };
    for (const file of readdirSync(profileDir)) {
      console.log(summarizeCpuProfile(join(profileDir, file), { window }));
    }
  }
} finally {
  await carton.stop();
  await pgServer.stop();
  rmSync(dir, { recursive: true, force: true });
}
