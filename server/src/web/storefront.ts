import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { createCartonClient, type CartonClient } from '@carton/client';
import type { Platform } from '../platform/context.ts';
import type { App } from '../platform/http/app.ts';
import { PAGE_SECURITY_HEADERS } from '../platform/http/app.ts';
import { createInProcessFetch } from '../platform/http/in-process-fetch.ts';
import {
  loadStaticFiles,
  sendStaticFile,
  staticFile,
  webAppGet,
  type StaticFile,
} from '../platform/http/static-app.ts';
import { demoImageSvg } from './demo-images.ts';
import { storefrontDist } from './paths.ts';
import { servedShop, type ServedShop } from './shop.ts';
import { buildSitemap } from './sitemap.ts';

/** What web/storefront/src/entry-server.tsx exports (built to dist/server/entry-server.js). */
interface ShopConfig {
  storeName: string;
  publishableKey: string;
  storeCurrency: string;
  currencies: string[];
  origin: string;
}
interface Renderer {
  render(req: {
    url: string;
    api: CartonClient;
    shop: ShopConfig;
    locale: 'en' | 'vi';
    currency: string;
  }): Promise<{ status: number; head: string; html: string; state: string }>;
}

/** The shop's page paths (the storefront router's routes); everything else stays the API's. */
const PAGES = [
  '/',
  '/search',
  '/cart',
  '/checkout',
  '/account',
  '/account/*',
  '/categories/*',
  '/products/*',
  '/orders/*',
  '/pay/*',
  '/newsletter/*',
];

/**
 * Rendered pages are kept and served at once (stale-while-revalidate): fresh for a second, then
 * rendered again in the background on the next request, at most `REFRESHES_PER_SECOND` such
 * renders a second per process (a render costs milliseconds of CPU: two hundred product pages in
 * rotation must not re-render two hundred times a second), and never served older than
 * `PAGE_MAX_AGE_MS`. So a page shows prices and stock a few seconds old at worst under load; carts
 * and checkouts always check the real ones. Only a page never rendered (or too old) waits for a render.
 */
const PAGE_FRESH_MS = 1000;
const PAGE_MAX_AGE_MS = 30_000;
const REFRESHES_PER_SECOND = 20;
const MAX_PAGES = 5000;

interface RenderedPage {
  status: number;
  html: Buffer;
  gzip: Buffer | null;
  at: number;
}

/** At most `perSecond` takes a second (a burst of one second's worth). */
function tokenBucket(perSecond: number): { take(): boolean } {
  let tokens = perSecond;
  let at = Date.now();
  return {
    take() {
      const now = Date.now();
      tokens = Math.min(perSecond, tokens + ((now - at) / 1000) * perSecond);
      at = now;
      if (tokens < 1) return false;
      tokens -= 1;
      return true;
    },
  };
}

/**
 * Store-wide reads every page makes and that change rarely — the category tree with its product
 * counts (tens of milliseconds: counts over the catalog) — are kept for a minute per publishable
 * key, and concurrent misses share one call. Everything else goes to the API each time.
 */
const SLOW_SHARED_READS = new Set(['/store/v1/categories']);
const SLOW_READ_TTL_MS = 60_000;

function rememberSlowReads(inner: typeof globalThis.fetch): typeof globalThis.fetch {
  const kept = new Map<
    string,
    Promise<{ status: number; headers: [string, string][]; body: ArrayBuffer; at: number }>
  >();
  return async (input, init) => {
    const request = input instanceof Request ? input : new Request(input, init);
    const url = new URL(request.url);
    if (request.method !== 'GET' || !SLOW_SHARED_READS.has(url.pathname)) return inner(request);
    const key = `${request.headers.get('x-publishable-key')}|${url.pathname}${url.search}`;
    let hit = kept.get(key);
    const fresh = hit && Date.now() - (await hit).at < SLOW_READ_TTL_MS;
    if (!fresh) {
      hit = inner(request).then(async (res) => ({
        status: res.status,
        headers: [...res.headers.entries()],
        body: await res.arrayBuffer(),
        at: Date.now(),
      }));
      kept.set(key, hit);
      hit.then((r) => r.status >= 400 && kept.delete(key)).catch(() => kept.delete(key));
    }
    const r = await hit!;
    return new Response(r.body.slice(0), { status: r.status, headers: r.headers });
  };
}

function cookies(req: FastifyRequest): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of String(req.headers.cookie ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i > 0) out[part.slice(0, i).trim()] = decodeURIComponent(part.slice(i + 1).trim());
  }
  return out;
}

/**
 * The storefront at `/`: pages rendered on the server by the built app (web/storefront/dist/server)
 * with the typed API client over an in-process transport, its static files (hashed assets cached for
 * a year), `sitemap.xml`, `robots.txt` and the demo catalog's pictures. Without a build the pages say
 * how to build it (`npm start` builds it when missing or stale).
 */
export async function registerStorefront(app: App, platform: Platform): Promise<void> {
  const clientDir = join(storefrontDist, 'client');
  const entry = join(storefrontDist, 'server', 'entry-server.js');
  let files = new Map<string, StaticFile>();
  let renderer: Renderer | null = null;
  try {
    files = loadStaticFiles(clientDir);
    if (files.has('/index.html') && existsSync(entry))
      renderer = (await import(pathToFileURL(entry).href)) as Renderer;
  } catch (err) {
    // Replaced while we read it (a build finishing): serve "not built" rather than fail to start.
    platform.log.warn({ err }, 'storefront build not readable; pages answer 503 until a restart');
    files = new Map();
  }
  // The stylesheet (a few KB) goes inside the page: no render-blocking request before the first paint.
  const template = renderer
    ? files
        .get('/index.html')!
        .body.toString('utf8')
        .replace(/<link rel="stylesheet"[^>]*href="([^"]+)"[^>]*>/g, (tag, href: string) => {
          const css = files.get(href);
          return css ? `<style>${css.body.toString('utf8')}</style>` : tag;
        })
    : null;
  const inProcess = rememberSlowReads(createInProcessFetch(app));
  // The store API as the shop's pages see it: the typed client, in process, with the shop's key.
  const storeApi = (shop: ServedShop) =>
    createCartonClient({
      baseUrl: 'http://carton.internal',
      fetch: inProcess,
      publishableKey: shop.publishableKey,
    });

  for (const [path, file] of files) {
    if (path === '/index.html' || path.startsWith('/.vite/') || path.startsWith('/assets/')) continue;
    webAppGet(app, path, (req, reply) => sendStaticFile(req, reply, file, 'public, max-age=86400'));
  }
  webAppGet(app, '/assets/*', async (req, reply) => {
    const file = files.get(req.url.split('?')[0]!);
    if (!file) return reply.code(404).type('text/plain').send('Not found');
    return sendStaticFile(req, reply, file);
  });

  const images = new Map<string, ReturnType<typeof staticFile>>();
  webAppGet(app, '/demo-images/:department/:item/:file', async (req, reply) => {
    const { department, item, file } = req.params as Record<string, string>;
    const key = `${department}/${item}/${file}`;
    let image = images.get(key);
    if (!image) {
      const svg = file?.endsWith('.svg') ? demoImageSvg(department!, item!, file.slice(0, -4)) : null;
      if (!svg) return reply.code(404).type('text/plain').send('Not found');
      image = staticFile(Buffer.from(svg), 'image.svg');
      if (images.size < 10_000) images.set(key, image);
    }
    return sendStaticFile(req, reply, image, 'public, max-age=604800');
  });

  const originOf = (req: FastifyRequest) =>
    platform.config.PUBLIC_URL?.replace(/\/+$/, '') ?? `${req.protocol}://${req.host}`;

  webAppGet(app, '/robots.txt', async (req, reply) => {
    reply.type('text/plain; charset=utf-8').header('cache-control', 'public, max-age=3600');
    return (
      'User-agent: *\nAllow: /\nDisallow: /cart\nDisallow: /checkout\nDisallow: /account\nDisallow: /orders/\nDisallow: /pay/\nDisallow: /newsletter/\n' +
      `Sitemap: ${originOf(req)}/sitemap.xml\n`
    );
  });

  const sitemaps = new Map<string, { xml: string; at: number }>();
  webAppGet(app, '/sitemap.xml', async (req, reply) => {
    const shop = await servedShop(platform);
    if (!shop) return reply.code(503).type('text/plain').send('The shop is not set up yet.');
    const origin = originOf(req);
    let hit = sitemaps.get(origin);
    if (!hit || Date.now() - hit.at > 60_000) {
      hit = { xml: await buildSitemap(storeApi(shop), origin), at: Date.now() };
      sitemaps.set(origin, hit);
    }
    reply.type('application/xml; charset=utf-8').header('cache-control', 'public, max-age=60');
    return hit.xml;
  });

  const pages = new Map<string, RenderedPage>();
  const rendering = new Map<string, Promise<RenderedPage>>();
  const refreshes = tokenBucket(REFRESHES_PER_SECOND);

  const renderPage = async (req: FastifyRequest, shop: ServedShop, locale: 'en' | 'vi', currency: string) => {
    const origin = originOf(req);
    const result = await renderer!.render({
      url: req.url,
      api: storeApi(shop),
      shop: {
        storeName: shop.storeName,
        publishableKey: shop.publishableKey,
        storeCurrency: shop.storeCurrency,
        currencies: shop.currencies,
        origin,
      },
      locale,
      currency,
    });
    const html = Buffer.from(
      template!
        // Replacement functions, not strings: a `$&` or `$'` in a product's text must stay as written.
        .replace('<!--app-lang-->', locale)
        .replace('<!--app-head-->', () => result.head)
        .replace('<!--app-html-->', () => result.html)
        .replace(
          '<!--app-state-->',
          () => `<script id="carton-state" type="application/json">${result.state}</script>`,
        ),
    );
    return { status: result.status, html, gzip: null, at: Date.now() } satisfies RenderedPage;
  };

  const page = async (req: FastifyRequest, reply: FastifyReply) => {
    reply.headers(PAGE_SECURITY_HEADERS);
    if (!renderer) {
      reply.code(503).type('text/plain; charset=utf-8');
      return 'The storefront is not built yet: run `npm run build:web` (`npm start` builds it when missing).';
    }
    const shop = await servedShop(platform);
    if (!shop) {
      reply.code(503).type('text/plain; charset=utf-8');
      return `The shop "${platform.config.STOREFRONT_STORE}" does not exist yet (the first start creates the demo store).`;
    }
    const jar = cookies(req);
    const accepts = String(req.headers['accept-language'] ?? '');
    const locale = jar.lang === 'vi' || jar.lang === 'en' ? jar.lang : /^vi\b/i.test(accepts) ? 'vi' : 'en';
    const currency = shop.currencies.includes(jar.currency ?? '') ? jar.currency! : shop.storeCurrency;
    const key = `${originOf(req)}|${locale}|${currency}|${req.url}`;

    const render = () => {
      let inFlight = rendering.get(key);
      if (!inFlight) {
        inFlight = renderPage(req, shop, locale, currency)
          .then((page) => {
            if (page.status < 500) {
              if (pages.size >= MAX_PAGES) pages.clear();
              pages.set(key, page);
            }
            return page;
          })
          .finally(() => rendering.delete(key));
        rendering.set(key, inFlight);
      }
      return inFlight;
    };
    let rendered = pages.get(key);
    const age = rendered ? Date.now() - rendered.at : Infinity;
    if (!rendered || age > PAGE_MAX_AGE_MS) rendered = await render();
    else if (age > PAGE_FRESH_MS && !rendering.has(key) && refreshes.take()) {
      render().catch((err: unknown) => req.log.warn({ err }, 'storefront page refresh failed'));
    }
    reply
      .code(rendered.status)
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-cache')
      .header('vary', 'accept-encoding, cookie');
    if (/\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))) {
      rendered.gzip ??= gzipSync(rendered.html, { level: 6 });
      reply.header('content-encoding', 'gzip');
      return reply.send(rendered.gzip);
    }
    return reply.send(rendered.html);
  };
  for (const path of PAGES) webAppGet(app, path, page);
}
