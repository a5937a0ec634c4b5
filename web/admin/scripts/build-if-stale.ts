/**
 * Build the admin console (`vite build` → web/admin/dist) when the build is missing or older than
 * its sources. "Older" is judged by content, not file times: a hash of every source file is kept
 * in dist/.source-hash, so a fresh clone, a `git pull` or an edit rebuilds, and nothing else does.
 * `npm start` runs this first (prestart); the browser tests call `ensureAdminBuilt()`.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DIST = join(ROOT, 'dist');
const STAMP = join(DIST, '.source-hash');
const SOURCES = ['src', 'public', 'index.html', 'vite.config.ts', 'package.json', 'tsconfig.json'];

function files(path: string): string[] {
  if (!existsSync(path)) return [];
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path)
    .sort()
    .flatMap((name) => files(join(path, name)));
}

/** A hash of every source file's path and bytes. */
export function sourceHash(): string {
  const hash = createHash('sha256');
  for (const file of SOURCES.flatMap((s) => files(join(ROOT, s)))) {
    hash.update(relative(ROOT, file)).update('\0').update(readFileSync(file)).update('\0');
  }
  return hash.digest('hex');
}

/** Build unless dist/ already holds a build of these exact sources; says what it did. */
export function ensureAdminBuilt(log: (line: string) => void = console.log): 'built' | 'fresh' | 'missing' {
  const hash = sourceHash();
  const built =
    existsSync(join(DIST, 'index.html')) && existsSync(STAMP) && readFileSync(STAMP, 'utf8') === hash;
  if (built) return 'fresh';
  const vite = fileURLToPath(new URL('../../../node_modules/vite/bin/vite.js', import.meta.url));
  if (!existsSync(vite)) {
    // An install without dev dependencies cannot build; Carton then serves a 503 at /admin/.
    log('The admin console is not built and Vite is not installed (npm install includes it).');
    return 'missing';
  }
  log('Building the admin console (web/admin)…');
  const result = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  if (result.status !== 0) throw new Error(`vite build of the admin console failed (exit ${result.status})`);
  writeFileSync(STAMP, hash);
  return 'built';
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    const outcome = ensureAdminBuilt();
    if (outcome === 'fresh') console.log('Admin console build is up to date.');
  } catch (err) {
    console.error((err as Error).message);
    process.exit(1);
  }
}
