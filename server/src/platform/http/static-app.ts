import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../errors.ts';
import type { App } from './app.ts';

/**
 * Serving a built single-page app (a Vite `dist/` folder) from the API process: every file is read
 * and compressed once, at start (the apps are a few hundred kilobytes), then answered from memory
 * with gzip or brotli as the browser accepts, an ETag, and a year's immutable caching for the
 * content-hashed files under `assets/`. Used by the storefront (its assets; its pages render on
 * the server) and the admin console (all of it, with index.html for every app route).
 */

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
  '.map': 'application/json; charset=utf-8',
};
const COMPRESSIBLE = new Set([
  '.html',
  '.js',
  '.mjs',
  '.css',
  '.json',
  '.svg',
  '.txt',
  '.map',
  '.webmanifest',
]);

/**
 * Paths registered for web apps (pages and their files), which the OpenAPI document leaves out on
 * purpose; the test that every API route is documented skips exactly these.
 */
export const webAppRoutes = new Set<string>();

/** Register a GET route of a web app (hidden from the API description, no credentials read). */
export function webAppGet(
  app: App,
  path: string,
  handler: (req: FastifyRequest, reply: FastifyReply) => unknown,
): void {
  webAppRoutes.add(path);
  app.get(path, { schema: { hide: true }, config: { authentication: 'none' } }, handler);
}

export interface StaticFile {
  body: Buffer;
  /** Compressed on first use, then kept (starting a process compresses nothing). */
  gzip(): Buffer | null;
  brotli(): Buffer | null;
  type: string;
  etag: string;
  /** Content-hashed (under assets/): cached by browsers for a year. */
  immutable: boolean;
}

export function staticFile(body: Buffer, name: string, immutable = false): StaticFile {
  const ext = extname(name).toLowerCase();
  const compress = COMPRESSIBLE.has(ext) && body.length > 512;
  let gzip: Buffer | null | undefined;
  let brotli: Buffer | null | undefined;
  return {
    body,
    gzip: () => (gzip ??= compress ? gzipSync(body, { level: 9 }) : null),
    brotli: () =>
      (brotli ??= compress
        ? brotliCompressSync(body, {
            params: { [zlib.BROTLI_PARAM_QUALITY]: 11, [zlib.BROTLI_PARAM_SIZE_HINT]: body.length },
          })
        : null),
    type: TYPES[ext] ?? 'application/octet-stream',
    etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`,
    immutable,
  };
}

/** Every file under `dir`, keyed by its URL path below the app's prefix (`/assets/app-1a2b.js`). */
export function loadStaticFiles(dir: string): Map<string, StaticFile> {
  const files = new Map<string, StaticFile>();
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else {
        const url = '/' + relative(dir, path).split(sep).join('/');
        files.set(url, staticFile(readFileSync(path), name, url.startsWith('/assets/')));
      }
    }
  };
  if (existsSync(dir)) walk(dir);
  return files;
}

/** Answer with a static file: 304 for a matching ETag, else the best encoding the browser takes. */
export function sendStaticFile(
  req: FastifyRequest,
  reply: FastifyReply,
  file: StaticFile,
  cacheControl?: string,
) {
  reply.header('content-type', file.type);
  reply.header('etag', file.etag);
  reply.header('vary', 'accept-encoding');
  reply.header(
    'cache-control',
    cacheControl ??
      (file.immutable ? 'public, max-age=31536000, immutable' : 'public, max-age=0, must-revalidate'),
  );
  if (req.headers['if-none-match'] === file.etag) return reply.code(304).send();
  const accepts = String(req.headers['accept-encoding'] ?? '');
  const brotli = /\bbr\b/.test(accepts) ? file.brotli() : null;
  if (brotli) {
    reply.header('content-encoding', 'br');
    return reply.send(brotli);
  }
  const gzip = /\bgzip\b/.test(accepts) ? file.gzip() : null;
  if (gzip) {
    reply.header('content-encoding', 'gzip');
    return reply.send(gzip);
  }
  return reply.send(file.body);
}

export interface StaticAppOptions {
  /** The built app (e.g. `web/admin/dist`), with its index.html. */
  dir: string;
  /** URL path the app lives under, e.g. `/admin` (built with Vite's `base: '/admin/'`). */
  prefix: string;
  /**
   * Paths under the prefix that are not the app (the API): their 404 stays JSON. A string is a path
   * prefix (`/admin/v1`); a pattern is tested against the path (`/^\/admin\/v\d+(\/|$)/`).
   */
  exclude?: (string | RegExp)[];
  /** Page shown when the app has not been built (say how to build it). */
  notBuiltMessage?: string;
  /** Headers for the app's page (index.html), e.g. its Content-Security-Policy. */
  pageHeaders?: Record<string, string>;
}

/**
 * Serve a built single-page app under `prefix`: its files, and index.html (no-cache) for every
 * other path under the prefix so that the app's router takes over. A missing file with an
 * extension is a 404, not the page. Files are read at registration: rebuild, then restart.
 */
export function serveStaticApp(app: App, options: StaticAppOptions): void {
  const prefix = options.prefix.replace(/\/+$/, '');
  const files = loadStaticFiles(options.dir);
  const index = files.get('/index.html');
  const exclude = options.exclude ?? [];
  const handler = async (req: FastifyRequest, reply: FastifyReply) => {
    const url = req.url.split('?')[0]!;
    const path = decodeURIComponent(url).slice(prefix.length) || '/';
    if (exclude.some((e) => (typeof e === 'string' ? url.startsWith(e + '/') || url === e : e.test(url)))) {
      throw new AppError('NOT_FOUND', `No route for ${req.method} ${url}.`);
    }
    const file = files.get(path);
    if (file && path !== '/index.html') return sendStaticFile(req, reply, file);
    if (!index) {
      reply.code(503).type('text/plain; charset=utf-8');
      return options.notBuiltMessage ?? `This app is not built (${options.dir} is missing).`;
    }
    if (extname(path)) throw new AppError('NOT_FOUND', `No file ${url}.`);
    if (options.pageHeaders) reply.headers(options.pageHeaders);
    return sendStaticFile(req, reply, index, 'no-cache');
  };
  webAppGet(app, prefix || '/', handler);
  webAppGet(app, `${prefix}/*`, handler);
}
