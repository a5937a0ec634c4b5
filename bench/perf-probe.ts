/**
 * Where Carton's CPU goes per request, measured with Linux `perf` (not part of `npm run bench`):
 * starts PostgreSQL, Carton `api` and the bare baseline as admin-read does, records `perf record -g`
 * of each during its own load run, charges every sample to the innermost JavaScript frame's package
 * (or to the kernel, GC, or V8 runtime when no JS frame is on the stack), and prints µs of CPU per
 * request for Carton and bare side by side, biggest differences first.
 *
 *   node bench/perf-probe.ts      (needs `perf`; run as root)
 */
import autocannon from 'autocannon';
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../server/src/platform/config.ts';
import { startEmbeddedPostgres } from '../server/src/platform/db/embedded.ts';
import { freePort, log, MAIN, ROOT, sleep, stopProcess, waitReady } from './lib.ts';

const dir = mkdtempSync(join(tmpdir(), 'carton-perf-'));
chmodSync(dir, 0o755);
const pgServer = await startEmbeddedPostgres({
  dataDir: join(dir, 'pg'),
  port: await freePort(),
  password: 'x',
});
const secret = randomBytes(32).toString('base64url');
const { startRuntime } = await import('../server/src/platform/runtime.ts');
const { seedDemo } = await import('../server/src/modules/identity/seed.ts');
const seedRuntime = await startRuntime({
  api: false,
  worker: false,
  config: loadConfig({
    DATABASE_URL: pgServer.url,
    CARTON_SECRET: secret,
    LOG_LEVEL: 'warn',
    NODE_ENV: 'test',
  }),
});
const seeded = await seedDemo(seedRuntime.platform);
await seedRuntime.stop();

const port = await freePort();
const carton = spawn(process.execPath, ['--perf-basic-prof-only-functions', MAIN, 'api'], {
  cwd: ROOT,
  env: {
    ...process.env,
    DATABASE_URL: pgServer.url,
    CARTON_SECRET: secret,
    LOG_LEVEL: 'warn',
    NODE_ENV: 'production',
    PORT: String(port),
    RATE_LIMIT_PER_MINUTE: '1000000000',
    DB_READ_POOL_SIZE: '20',
  },
  stdio: 'ignore',
});
// The baseline of bench/admin-read.ts, recorded the same way, to compare function by function.
const barePort = await freePort();
const bare = spawn(
  process.execPath,
  ['--perf-basic-prof-only-functions', fileURLToPath(new URL('./bare-server.ts', import.meta.url))],
  {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: pgServer.url, STORE_ID: seeded.store.id, PORT: String(barePort) },
    stdio: 'ignore',
  },
);

interface Recorded {
  requests: number;
  samples: number;
  kernelSamples: number;
  areas: Map<string, number>;
  functions: Map<string, number>;
  inclusive: Map<string, number>;
}

/** Load `url` for 10 s under `perf record` of `pid`, and charge each sample to a frame. */
async function record(
  name: string,
  pid: number,
  url: string,
  headers: Record<string, string>,
): Promise<Recorded> {
  const data = join(dir, `perf-${name}.data`);
  log(`perf: ${name}: warming up`);
  await autocannon({ url, headers, connections: 32, duration: 8 });
  const perf = spawn('perf', ['record', '-F', '997', '-g', '-o', data, '-p', String(pid)], {
    stdio: 'ignore',
  });
  await sleep(500);
  log(`perf: ${name}: recording 10 s of load`);
  const result = await autocannon({ url, headers, connections: 32, duration: 10 });
  perf.kill('SIGINT');
  await new Promise((r) => perf.once('exit', r));
  const script = execFileSync('perf', ['script', '-i', data, '-F', 'ip,sym,dso'], {
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  const rec: Recorded = {
    requests: result.requests.total,
    samples: 0,
    kernelSamples: 0,
    areas: new Map(),
    functions: new Map(),
    inclusive: new Map(),
  };
  const add = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);
  for (const sample of script.split('\n\n')) {
    const frames = sample
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean);
    if (!frames.length) continue;
    rec.samples++;
    // Charge the sample to the innermost frame of a package or of Carton; Node's own JavaScript
    // (streams, http) is charged to whoever called it.
    let area: string | null = null;
    let fn: string | null = null;
    let sawNodeJs = false;
    const seen = new Set<string>();
    for (const f of frames) {
      const js = /JS:\S*?(\S+)\s+((?:file:\/\/|node:|\/)\S*?):\d+:\d+/.exec(f);
      if (!js) continue;
      const frameUrl = js[2]!;
      const frameName = `${js[1]} (${frameUrl.split('/').slice(-1)[0]})`;
      if (!seen.has(frameName)) {
        seen.add(frameName);
        add(rec.inclusive, frameName);
      }
      if (area) continue;
      if (frameUrl.startsWith('node:')) {
        sawNodeJs = true;
        continue;
      }
      const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(frameUrl);
      const src = /(server\/src|bench)\/(.*)$/.exec(frameUrl);
      area = nm ? nm[1]! : src ? 'carton:' + src[2]!.split('/').slice(0, 2).join('/') : frameUrl;
      fn = frameName;
    }
    if (!area) {
      const top = frames[0]!;
      area = sawNodeJs
        ? 'Node internals (no package caller)'
        : /kernel/.test(top)
          ? 'kernel (no JS frame)'
          : /Scavenge|Mark|Sweep|GC|Heap|Concurrent/i.test(top)
            ? 'V8 garbage collector'
            : 'V8/Node runtime (no JS frame)';
    }
    if (/kernel/.test(frames[0]!)) rec.kernelSamples++;
    add(rec.areas, area);
    if (fn) add(rec.functions, fn);
  }
  return rec;
}

try {
  await waitReady(`http://127.0.0.1:${port}`, carton);
  await waitReady(`http://127.0.0.1:${barePort}`, bare, 30_000).catch(() => {});
  const runs = {
    carton: await record('carton', carton.pid!, `http://127.0.0.1:${port}/admin/v1/store`, {
      'x-api-key': seeded.secretKey!,
    }),
    bare: await record('bare', bare.pid!, `http://127.0.0.1:${barePort}/store`, {}),
  };
  // µs of CPU per request: samples at 997 Hz, each ≈ 1003 µs of one CPU.
  const us = (r: Recorded, n: number | undefined) => ((n ?? 0) * (1e6 / 997)) / r.requests;
  for (const [name, r] of Object.entries(runs)) {
    console.log(
      `${name}: ${r.samples} samples over ${r.requests} requests = ${us(r, r.samples).toFixed(0)} µs CPU/request, ` +
        `${((100 * r.kernelSamples) / r.samples).toFixed(1)} % in the kernel`,
    );
  }
  const table = (title: string, pick: (r: Recorded) => Map<string, number>, top: number) => {
    console.log(`\n${title} (µs per request: Carton, bare, difference)`);
    const keys = new Set([...pick(runs.carton).keys(), ...pick(runs.bare).keys()]);
    const rows = [...keys].map((k) => {
      const c = us(runs.carton, pick(runs.carton).get(k));
      const b = us(runs.bare, pick(runs.bare).get(k));
      return { k, c, b, d: c - b };
    });
    for (const row of rows.sort((x, y) => Math.abs(y.d) - Math.abs(x.d)).slice(0, top)) {
      console.log(
        `${row.c.toFixed(1).padStart(7)} ${row.b.toFixed(1).padStart(7)} ${row.d.toFixed(1).padStart(7)}  ${row.k}`,
      );
    }
  };
  table('by area, innermost package or Carton frame', (r) => r.areas, 25);
  table('innermost function', (r) => r.functions, 30);
  table('inclusive, any frame on the stack', (r) => r.inclusive, 50);
} finally {
  await stopProcess(carton);
  await stopProcess(bare);
  await pgServer.stop();
  rmSync(dir, { recursive: true, force: true });
}
