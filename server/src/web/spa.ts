import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../platform/errors.ts';
import type { App } from '../platform/http/app.ts';

/**
 * Serve a built single-page app (Vite's `dist/`) under a path prefix: its files as they are, and
 * `index.html` for every other path so the app's own router can show it. Hashed assets
 * (`assets/…`) are cached for a year; `index.html` is revalidated each time, so a new build is
 * picked up at once. Files are compressed once (brotli or gzip, as the browser accepts) and kept
 * in memory until they change on disk.
 */
export interface SpaOptions {
  /** URL prefix with a trailing slash, e.g. `/admin/`. */
  prefix: string;
  /** The build output directory. */
  dir: string;
  /** Paths under the prefix that belong to someone else (an API): a plain 404 there. */
  reserved?: RegExp;
  /** Said when the build is missing. */
  missingBuildHint: string;
  /** Headers for the HTML page (a Content-Security-Policy, say). */
  pageHeaders?: Record<string, string>;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};
const COMPRESSIBLE = new Set(['.html', '.js', '.css', '.json', '.svg', '.txt', '.webmanifest']);

interface CachedFile {
  mtimeMs: number;
  raw: Buffer;
  br: Buffer | null;
  gzip: Buffer | null;
}

export function serveSpa(app: App, options: SpaOptions): void {
  const cache = new Map<string, CachedFile>();
  const bare = options.prefix.replace(/\/$/, '');

  async function load(file: string): Promise<CachedFile | null> {
    let info;
    try {
      info = await stat(file);
    } catch {
      return null;
    }
    if (!info.isFile()) return null;
    const hit = cache.get(file);
    if (hit && hit.mtimeMs === info.mtimeMs) return hit;
    const raw = await readFile(file);
    const compress = COMPRESSIBLE.has(extname(file)) && raw.length > 1024;
    const entry: CachedFile = {
      mtimeMs: info.mtimeMs,
      raw,
      br: compress ? brotliCompressSync(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 9 } }) : null,
      gzip: compress ? gzipSync(raw, { level: 9 }) : null,
    };
    cache.set(file, entry);
    return entry;
  }

  function send(req: FastifyRequest, reply: FastifyReply, file: string, entry: CachedFile) {
    const accepts = String(req.headers['accept-encoding'] ?? '');
    reply.header('content-type', TYPES[extname(file)] ?? 'application/octet-stream');
    if (entry.br || entry.gzip) reply.header('vary', 'accept-encoding');
    if (entry.br && /\bbr\b/.test(accepts)) return reply.header('content-encoding', 'br').send(entry.br);
    if (entry.gzip && /\bgzip\b/.test(accepts))
      return reply.header('content-encoding', 'gzip').send(entry.gzip);
    return reply.send(entry.raw);
  }

  app.get(bare, { schema: { hide: true } }, (_req, reply) => reply.redirect(options.prefix));
  app.get(
    `${options.prefix}*`,
    { schema: { hide: true }, config: { authentication: 'none' } },
    async (req, reply) => {
      const rest = (req.params as { '*': string })['*'] ?? '';
      if (options.reserved?.test(rest)) {
        throw new AppError('NOT_FOUND', `No route for GET ${req.url.split('?')[0]}.`);
      }
      if (!existsSync(join(options.dir, 'index.html'))) {
        throw new AppError('UNAVAILABLE', options.missingBuildHint);
      }
      let decoded: string;
      try {
        decoded = decodeURIComponent(rest);
      } catch {
        throw new AppError('NOT_FOUND', 'No such file.');
      }
      const path = normalize(join(options.dir, decoded));
      if (path.startsWith(options.dir.endsWith(sep) ? options.dir : options.dir + sep) && rest !== '') {
        const asset = await load(path);
        if (asset) {
          reply.header(
            'cache-control',
            rest.startsWith('assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
          );
          return send(req, reply, path, asset);
        }
        // A missing file (it has an extension) is a 404; anything else is a page of the app.
        if (extname(rest)) throw new AppError('NOT_FOUND', 'No such file.');
      }
      const index = join(options.dir, 'index.html');
      const page = await load(index);
      if (!page) throw new AppError('UNAVAILABLE', options.missingBuildHint);
      reply.header('cache-control', 'no-cache');
      if (options.pageHeaders) reply.headers(options.pageHeaders);
      return send(req, reply, index, page);
    },
  );
}
