import { ApiError } from './errors.ts';
// The API's types, generated once for every client from the OpenAPI document (sdk/client).
import type { paths } from '../../../../sdk/client/src/schema.d.ts';
import { session, type Session, type TokenAnswer } from './session.ts';

/**
 * A small typed fetch layer over the admin API. Paths, parameters, bodies and answers are typed
 * from the OpenAPI document (`sdk/client/src/schema.d.ts`):
 *
 *   const order = await api.get('/admin/v1/orders/{orderId}', { path: { orderId } });
 *
 * It sends the access token, refreshes it shortly before it expires (one refresh at a time: the
 * refresh token is single use, and presenting a used one ends the session), retries once after a
 * `TOKEN_EXPIRED`, adds an `Idempotency-Key` to every POST, and turns problem+json answers into
 * `ApiError`s.
 */

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
type Op<P extends keyof paths, M extends Method> = NonNullable<paths[P][M]>;
export type PathsFor<M extends Method> = {
  [P in keyof paths]: [NonNullable<paths[P][M]>] extends [never] ? never : P;
}[keyof paths];

type ParamsOf<O> = O extends { parameters: infer X } ? X : never;
type PathParams<O> = ParamsOf<O> extends { path: infer X } ? ([X] extends [never] ? never : X) : never;
type QueryParams<O> = ParamsOf<O> extends { query?: infer X } ? X : never;
type JsonOf<X> = X extends { content: { 'application/json': infer J } } ? J : null;
type BodyOf<O> = O extends { requestBody?: infer B } ? JsonOf<NonNullable<B>> : never;
type ResponsesOf<O> = O extends { responses: infer R } ? R : never;
type SuccessOf<R> = 200 extends keyof R
  ? JsonOf<R[200]>
  : 201 extends keyof R
    ? JsonOf<R[201]>
    : 202 extends keyof R
      ? JsonOf<R[202]>
      : null;

export type Answer<P extends keyof paths, M extends Method> = SuccessOf<ResponsesOf<Op<P, M>>>;
export type Query<P extends keyof paths, M extends Method = 'get'> = NonNullable<QueryParams<Op<P, M>>>;
export type Body<P extends keyof paths, M extends Method> = BodyOf<Op<P, M>>;

type Options<P extends keyof paths, M extends Method> = ([PathParams<Op<P, M>>] extends [never]
  ? { path?: undefined }
  : { path: PathParams<Op<P, M>> }) & {
  query?: QueryParams<Op<P, M>>;
  body?: BodyOf<Op<P, M>>;
  signal?: AbortSignal;
};

export type ApiOptions<P extends keyof paths, M extends Method> = Options<P, M>;

/** Refresh this long before the access token expires. */
const REFRESH_MARGIN_MS = 30_000;
let refreshing: Promise<Session | null> | null = null;

/** Run `work` while holding a lock shared by every tab of the console (where the browser has one). */
function acrossTabs<T>(work: () => Promise<T>): Promise<T> {
  const locks = (navigator as Navigator & { locks?: LockManager }).locks;
  return locks ? locks.request('carton.admin.refresh', work) : work();
}

/**
 * New tokens for the session, once at a time in this tab and across tabs: under the lock, the
 * stored tokens are read again, and if another tab already replaced the stale access token they
 * are used as they are. Null (and signed out) when the server refuses.
 */
export function refreshSession(staleAccessToken = session.get()?.accessToken): Promise<Session | null> {
  refreshing ??= acrossTabs(async () => {
    const current = session.reload();
    if (!current) return null;
    if (current.accessToken !== staleAccessToken && current.expiresAt - Date.now() > REFRESH_MARGIN_MS) {
      return current;
    }
    try {
      const res = await fetch('/admin/v1/auth/refresh', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ refresh_token: current.refreshToken }),
      });
      if (!res.ok) {
        // A network hiccup keeps the session; a refusal (revoked, expired, reused) ends it.
        if (res.status >= 400 && res.status < 500) session.clear();
        return session.get();
      }
      return session.set((await res.json()) as TokenAnswer);
    } catch {
      return session.get();
    }
  }).finally(() => {
    refreshing = null;
  });
  return refreshing;
}

/** A current access token: refreshed first when it is about to expire. */
export async function accessToken(): Promise<string | null> {
  let s = session.get();
  if (s && s.expiresAt - Date.now() < REFRESH_MARGIN_MS) s = await refreshSession(s.accessToken);
  return s?.accessToken ?? null;
}

export function buildUrl(path: string, params?: Record<string, unknown>, query?: Record<string, unknown>) {
  let url = path.replace(/\{(\w+)\}/g, (_m, name: string) =>
    encodeURIComponent(String(params?.[name] ?? '')),
  );
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) {
    if (v === undefined || v === null || v === '') continue;
    search.set(k, Array.isArray(v) ? v.join(',') : String(v));
  }
  const qs = search.toString();
  if (qs) url += `?${qs}`;
  return url;
}

async function problemOf(res: Response): Promise<ApiError> {
  let body: Record<string, unknown>;
  try {
    body = (await res.json()) as Record<string, unknown>;
  } catch {
    body = { detail: res.statusText || `HTTP ${res.status}` };
  }
  return new ApiError(res.status, body);
}

/**
 * One authenticated request; the Response as is when it succeeded. For bodies that are not JSON
 * (an image, a CSV file) and answers that are not JSON (a PDF).
 */
export async function send(
  method: string,
  url: string,
  init: { body?: BodyInit | null; headers?: Record<string, string>; signal?: AbortSignal } = {},
): Promise<Response> {
  const headers: Record<string, string> = { ...init.headers };
  if (method === 'POST' && !headers['idempotency-key']) headers['idempotency-key'] = crypto.randomUUID();
  let token: string | null = null;
  const attempt = async () => {
    token = await accessToken();
    const h = token ? { ...headers, authorization: `Bearer ${token}` } : headers;
    try {
      return await fetch(url, { method, headers: h, body: init.body ?? null, signal: init.signal });
    } catch (err) {
      if ((err as Error).name === 'AbortError') throw err;
      throw new ApiError(0, { detail: (err as Error).message, code: 'NETWORK' });
    }
  };
  let res = await attempt();
  if (res.status === 401 && session.get()) {
    const problem = await problemOf(res.clone());
    if (problem.code === 'TOKEN_EXPIRED' && (await refreshSession(token ?? undefined))) res = await attempt();
    else if (['TOKEN_REVOKED', 'TOKEN_INVALID'].includes(problem.code)) session.clear();
  }
  if (!res.ok) throw await problemOf(res);
  return res;
}

async function json<P extends keyof paths, M extends Method>(
  method: M,
  path: P,
  options: Options<P, M> = {} as Options<P, M>,
): Promise<Answer<P, M>> {
  const url = buildUrl(
    path as string,
    options.path as Record<string, unknown> | undefined,
    options.query as Record<string, unknown> | undefined,
  );
  const hasBody = options.body !== undefined;
  const res = await send(method.toUpperCase(), url, {
    body: hasBody ? JSON.stringify(options.body) : null,
    headers: hasBody ? { 'content-type': 'application/json' } : {},
    signal: options.signal,
  });
  if (res.status === 204) return null as Answer<P, M>;
  return (await res.json()) as Answer<P, M>;
}

/** Options are required when the path has parameters. */
type Args<P extends keyof paths, M extends Method> = [PathParams<Op<P, M>>] extends [never]
  ? [options?: Options<P, M>]
  : [options: Options<P, M>];

export const api = {
  get: <P extends PathsFor<'get'>>(path: P, ...args: Args<P, 'get'>) => json('get', path, args[0]),
  post: <P extends PathsFor<'post'>>(path: P, ...args: Args<P, 'post'>) => json('post', path, args[0]),
  put: <P extends PathsFor<'put'>>(path: P, ...args: Args<P, 'put'>) => json('put', path, args[0]),
  patch: <P extends PathsFor<'patch'>>(path: P, ...args: Args<P, 'patch'>) => json('patch', path, args[0]),
  delete: <P extends PathsFor<'delete'>>(path: P, ...args: Args<P, 'delete'>) =>
    json('delete', path, args[0]),
};

/** Fetch a file the API serves (an invoice, an export) and hand it to the browser as a download. */
export async function download(url: string, filename: string): Promise<void> {
  const res = await send('GET', url);
  saveFile(await res.blob(), filename);
}

/**
 * Hand a file already in hand to the browser as a download: an answer to a POST (gift cards issued
 * in a batch, as CSV), or the same file saved again.
 */
export function saveFile(blob: Blob, filename: string): void {
  const href = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = href;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
}
