/**
 * Carton's typed API client: `openapi-fetch` over the types generated from the OpenAPI document
 * (`schema.d.ts`). Every path, parameter, body and answer is checked by TypeScript against what
 * the server declares; a stale client fails `sdk/client/client.test.ts`.
 */
import createClient, { type Client, type Middleware } from 'openapi-fetch';
import type { components, operations, paths } from './schema.d.ts';

export type { components, operations, paths };
export type CartonClient = Client<paths>;

export interface CartonClientOptions {
  /** The API's origin, e.g. `https://shop.example` (empty: the page's own origin). */
  baseUrl?: string;
  /** Store API publishable key (`pk_…`), sent on every request as `x-publishable-key`. */
  publishableKey?: string;
  /** Returns the bearer token to send (a shopper's or a staff member's), or null for none. */
  accessToken?: () => string | null | undefined;
  /** Another fetch (the server renders pages through one that calls the API in process). */
  fetch?: typeof globalThis.fetch;
  /** Headers added to every request. */
  headers?: Record<string, string>;
}

/** A problem+json answer (RFC 9457) as Carton sends it. */
export interface Problem {
  type?: string;
  title?: string;
  status: number;
  detail?: string;
  code?: string;
  errors?: { path: string; message: string; code?: string }[];
  [extension: string]: unknown;
}

export function createCartonClient(options: CartonClientOptions = {}): CartonClient {
  const client = createClient<paths>({
    baseUrl: options.baseUrl ?? '',
    fetch: options.fetch,
    headers: { ...options.headers },
  });
  const auth: Middleware = {
    onRequest({ request }) {
      if (options.publishableKey) request.headers.set('x-publishable-key', options.publishableKey);
      const token = options.accessToken?.();
      if (token && !request.headers.has('authorization'))
        request.headers.set('authorization', `Bearer ${token}`);
      return request;
    },
  };
  client.use(auth);
  return client;
}

/** The problem in an error answer, whatever its shape (a network failure becomes status 0). */
export function asProblem(error: unknown, status = 0): Problem {
  if (error && typeof error === 'object' && 'status' in error) return error as Problem;
  if (error instanceof Error) return { status, detail: error.message };
  return { status, detail: typeof error === 'string' ? error : undefined };
}
