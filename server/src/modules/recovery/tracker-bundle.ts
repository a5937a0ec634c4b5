import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { createHash } from 'node:crypto';

/**
 * The tracking snippet (`sdk/tracker`) as one minified file, built on demand: a fresh clone has
 * no build output, so the first request (or test) builds it with rolldown and keeps it in
 * `sdk/tracker/dist/tracker.js`; a source newer than the output rebuilds it.
 */

const ROOT = fileURLToPath(new URL('../../../../sdk/tracker/', import.meta.url));
const ENTRY = join(ROOT, 'src', 'browser.ts');
const SOURCES = [ENTRY, join(ROOT, 'src', 'core.ts')];
const OUTPUT = join(ROOT, 'dist', 'tracker.js');

export interface TrackerBundle {
  code: string;
  etag: string;
  gzipBytes: number;
}

let built: Promise<TrackerBundle> | null = null;

const mtime = (p: string) => {
  try {
    return statSync(p).mtimeMs;
  } catch {
    return -1;
  }
};

async function build(): Promise<TrackerBundle> {
  const fresh = mtime(OUTPUT) >= Math.max(...SOURCES.map(mtime));
  let code: string;
  if (fresh) {
    code = readFileSync(OUTPUT, 'utf8');
  } else {
    const { build: bundle } = await import('rolldown');
    const result = await bundle({
      input: ENTRY,
      write: false,
      logLevel: 'silent',
      output: { format: 'iife', minify: true },
    });
    const first = (result as unknown as { output: { code: string }[] }).output[0]!;
    code = first.code;
    mkdirSync(dirname(OUTPUT), { recursive: true });
    writeFileSync(OUTPUT, code);
  }
  return {
    code,
    etag: `"${createHash('sha256').update(code).digest('base64url').slice(0, 22)}"`,
    gzipBytes: gzipSync(code, { level: 9 }).length,
  };
}

/** The built snippet (built once per process). */
export function trackerBundle(): Promise<TrackerBundle> {
  built ??= build().catch((err) => {
    built = null;
    throw err;
  });
  return built;
}
