/**
 * Builds the web apps (every web/<app>/ with a vite.config.ts) when their build is missing or stale:
 * `npm start` and the browser tests run it first, so a fresh clone needs no build step and no
 * build output is committed. Stale means the hash of the app's sources (src/, public/, index.html,
 * its Vite config), the API client's sources and the lockfile differs from the one the build wrote
 * (`dist/.build-hash`). An app with `src/entry-server.tsx` also gets its server renderer
 * (`dist/server`). Two processes starting at once build once (a lock directory).
 *
 *   node web/build.ts           build what is stale
 *   node web/build.ts --force   build everything
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join, relative } from 'node:path';

const WEB = import.meta.dirname;
const ROOT = join(WEB, '..');

function filesUnder(path: string): string[] {
  if (!existsSync(path)) return [];
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path)
    .filter((name) => name !== 'node_modules' && name !== 'dist' && !name.startsWith('.dist-'))
    .flatMap((name) => filesUnder(join(path, name)));
}

/** The hash of everything that goes into an app's build. */
export function sourceHash(app: string): string {
  const dir = join(WEB, app);
  const inputs = [
    ...['src', 'public', 'index.html', 'vite.config.ts', 'package.json'].flatMap((p) =>
      filesUnder(join(dir, p)),
    ),
    ...filesUnder(join(ROOT, 'sdk', 'client', 'src')),
    join(ROOT, 'package-lock.json'),
  ]
    .filter(existsSync)
    .sort();
  const hash = createHash('sha256');
  for (const file of inputs)
    hash.update(relative(ROOT, file)).update('\0').update(readFileSync(file)).update('\0');
  return hash.digest('hex');
}

export function webApps(): string[] {
  return readdirSync(WEB).filter((name) => existsSync(join(WEB, name, 'vite.config.ts')));
}

function isFresh(app: string): boolean {
  const file = join(WEB, app, 'dist', '.build-hash');
  return existsSync(file) && readFileSync(file, 'utf8') === sourceHash(app);
}

async function withLock<T>(app: string, work: () => Promise<T>): Promise<T> {
  const lock = join(WEB, app, '.build-lock');
  for (let waited = 0; ; waited += 250) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // Another process is building; a lock older than five minutes was left by a crash.
      if (existsSync(lock) && Date.now() - statSync(lock).mtimeMs > 300_000)
        rmSync(lock, { recursive: true, force: true });
      await new Promise((r) => setTimeout(r, 250));
      if (waited > 600_000) throw new Error(`Timed out waiting for the build of web/${app}`);
    }
  }
  try {
    return await work();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/**
 * Build one app (browser bundle, then server renderer if it has one) into a fresh folder, then put
 * it in place of dist/ in one rename: a Carton process starting meanwhile (tests run in parallel)
 * sees the old build or none, never half of one.
 */
export async function buildApp(app: string, log: (line: string) => void = console.log): Promise<void> {
  const { build } = await import('vite');
  const dir = join(WEB, app);
  const configFile = join(dir, 'vite.config.ts');
  const out = join(dir, `.dist-${process.pid}`);
  const started = Date.now();
  log(`building web/${app} …`);
  rmSync(out, { recursive: true, force: true });
  try {
    await build({ configFile, logLevel: 'warn', build: { outDir: join(out, 'client'), emptyOutDir: true } });
    if (existsSync(join(dir, 'src', 'entry-server.tsx'))) {
      // The server renderer bundles React and the router with production settings: Carton may run
      // with NODE_ENV=development (the default), and React's development build renders far slower.
      await build({
        configFile,
        logLevel: 'warn',
        define: { 'process.env.NODE_ENV': JSON.stringify('production') },
        ssr: { noExternal: true },
        build: {
          ssr: 'src/entry-server.tsx',
          outDir: join(out, 'server'),
          emptyOutDir: true,
          copyPublicDir: false,
        },
      });
    }
    writeFileSync(join(out, '.build-hash'), sourceHash(app));
    rmSync(join(dir, 'dist'), { recursive: true, force: true });
    renameSync(out, join(dir, 'dist'));
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
  log(`built web/${app} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

/** Build (in this process) every app whose build is missing or stale (all of them with `force`). */
async function buildStale(options: { force?: boolean; log?: (line: string) => void } = {}): Promise<void> {
  for (const app of webApps()) {
    if (!options.force && isFresh(app)) continue;
    await withLock(app, async () => {
      if (!options.force && isFresh(app)) return; // built by the process we waited for
      await buildApp(app, options.log);
    });
  }
}

/**
 * Make sure every app is built and fresh. A stale one is built by a child process with
 * NODE_ENV=production: inside a test run NODE_ENV is `test`, and Vite would then bundle React's
 * development build (half again as large, and slow).
 */
export async function ensureWebBuilt(options: { force?: boolean } = {}): Promise<void> {
  if (!options.force && webApps().every(isFresh)) return;
  const result = spawnSync(process.execPath, [join(WEB, 'build.ts'), ...(options.force ? ['--force'] : [])], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'production' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (result.status !== 0) throw new Error(`Building the web apps failed (exit ${result.status})`);
}

if (import.meta.main) {
  process.env.NODE_ENV = 'production';
  buildStale({ force: process.argv.includes('--force') }).catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
