import { randomBytes } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { App } from './app.ts';

/**
 * A `fetch` that calls this process's own API without a socket (Fastify's inject): the server-rendered
 * storefront uses the same typed client as the browser, through every route's authentication,
 * validation and serialization, at the cost of a function call rather than a loopback connection.
 * Its requests carry a per-process secret so that the rate limiter does not count the page renders
 * of every shopper against the storefront's one publishable key (the shopper's own request was counted).
 */
const INTERNAL_HEADER = 'x-carton-in-process';
const INTERNAL_TOKEN = randomBytes(24).toString('base64url');

export function isInProcessRequest(req: FastifyRequest): boolean {
  return req.headers[INTERNAL_HEADER] === INTERNAL_TOKEN;
}

export function createInProcessFetch(app: App): typeof globalThis.fetch {
  return async (input, init) => {
    const request = input instanceof Request ? input : new Request(input, init);
    const url = new URL(request.url);
    const headers: Record<string, string> = { [INTERNAL_HEADER]: INTERNAL_TOKEN };
    request.headers.forEach((value, key) => {
      headers[key] = value;
    });
    const body = request.method === 'GET' || request.method === 'HEAD' ? undefined : await request.text();
    const res = await app.inject({
      method: request.method as 'GET',
      url: url.pathname + url.search,
      headers,
      payload: body,
    });
    const out = new Headers();
    for (const [key, value] of Object.entries(res.headers)) {
      if (value === undefined) continue;
      for (const v of Array.isArray(value) ? value : [value]) out.append(key, String(v));
    }
    return new Response(res.statusCode === 204 || res.statusCode === 304 ? null : res.rawPayload, {
      status: res.statusCode,
      headers: out,
    });
  };
}
