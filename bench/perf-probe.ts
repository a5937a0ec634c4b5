/**
 * Where Carton's CPU goes per request, measured with Linux `perf` (not part of `npm run bench`):
 * starts PostgreSQL and Carton `api` as admin-read does, records `perf record -g` during a load
 * run, and charges every sample to the innermost JavaScript frame's package (or to the kernel,
 * GC, or V8 runtime when no JS frame is on the stack).
 *
 *   node bench/perf-probe.ts      (needs `perf`; run as root)
 */
import autocannon from 'autocannon';
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
  },
  stdio: 'ignore',
});
const data = join(dir, 'perf.data');
try {
  const url = `http://127.0.0.1:${port}/admin/v1/store`;
  const headers = { 'x-api-key': seeded.secretKey! };
  await waitReady(`http://127.0.0.1:${port}`, carton);
  log('perf: warming up');
  await autocannon({ url, headers, connections: 32, duration: 5 });
  const perf = spawn('perf', ['record', '-F', '997', '-g', '-o', data, '-p', String(carton.pid)], {
    stdio: 'ignore',
  });
  await sleep(500);
  log('perf: recording 10 s of load');
  const result = await autocannon({ url, headers, connections: 32, duration: 10 });
  perf.kill('SIGINT');
  await new Promise((r) => perf.once('exit', r));
  log(`perf: ${result.requests.total} requests`);

  const script = execFileSync('perf', ['script', '-i', data, '-F', 'ip,sym,dso'], {
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  const areas = new Map<string, number>();
  const functions = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let total = 0;
  let kernelSamples = 0;
  for (const sample of script.split('\n\n')) {
    const frames = sample
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean);
    if (!frames.length) continue;
    total++;
    // Charge the sample to the innermost frame of a package or of Carton; Node's own JavaScript
    // (streams, http) is charged to whoever called it.
    let area: string | null = null;
    let fn: string | null = null;
    let sawNodeJs = false;
    for (const f of frames) {
      const js = /JS:.*?\s((?:file:\/\/|node:|\/)\S*?):\d+:\d+/.exec(f);
      if (!js) continue;
      const url = js[1]!;
      if (url.startsWith('node:')) {
        sawNodeJs = true;
        continue;
      }
      const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
      const src = /server\/src\/(.*)$/.exec(url);
      area = nm ? nm[1]! : src ? 'carton:' + src[1]!.split('/').slice(0, 2).join('/') : url;
      fn = /JS:\S*?(\S+)\s/.exec(f)?.[1] ?? null;
      fn = fn ? `${fn} (${url.split('/').slice(-1)[0]})` : null;
      break;
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
    // Where the leaf is: user space or the kernel.
    if (/kernel/.test(frames[0]!)) kernelSamples++;
    areas.set(area, (areas.get(area) ?? 0) + 1);
    if (fn) functions.set(fn, (functions.get(fn) ?? 0) + 1);
    // Inclusive: every distinct JS function on the stack.
    const seen = new Set<string>();
    for (const f of frames) {
      const js = /JS:\S*?(\S+)\s+((?:file:\/\/|node:|\/)\S*?):\d+:\d+/.exec(f);
      if (!js) continue;
      const name = `${js[1]} (${js[2]!.split('/').slice(-1)[0]})`;
      if (seen.has(name)) continue;
      seen.add(name);
      inclusive.set(name, (inclusive.get(name) ?? 0) + 1);
    }
  }
  console.log(
    `perf samples: ${total} over ${result.requests.total} requests; ` +
      `${((100 * kernelSamples) / total).toFixed(1)} % of them in the kernel`,
  );
  for (const [area, n] of [...areas].sort((a, b) => b[1] - a[1]).slice(0, 25)) {
    console.log(`${((100 * n) / total).toFixed(1).padStart(5)} %  ${area}`);
  }
  console.log('\ninnermost package or Carton function (the frame a sample is charged to):');
  for (const [name, n] of [...functions].sort((a, b) => b[1] - a[1]).slice(0, 30)) {
    console.log(`${((100 * n) / total).toFixed(1).padStart(5)} %  ${name}`);
  }
  console.log('\ninclusive (any frame on the stack):');
  for (const [name, n] of [...inclusive].sort((a, b) => b[1] - a[1]).slice(0, 70)) {
    console.log(`${((100 * n) / total).toFixed(1).padStart(5)} %  ${name}`);
  }
} finally {
  await stopProcess(carton);
  await pgServer.stop();
  rmSync(dir, { recursive: true, force: true });
}
