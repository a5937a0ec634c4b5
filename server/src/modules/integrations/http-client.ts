import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { isPrivateAddress } from '../webhooks/http-post.ts';
import { parseJsonKeepingIds } from './wire.ts';

/**
 * GET JSON from a platform's REST API, as the platforms ask to be called: a rate-limited or
 * failing answer (429, 5xx) or no answer is retried with exponential backoff, honouring
 * `Retry-After` (and BigCommerce's `X-Rate-Limit-Time-Reset-Ms`); a wait longer than the policy
 * allows is not slept through but handed back (`PlatformUnavailableError.retryAfterMs`) for the
 * worker to come back later. URLs come from merchants (their site), so in production private
 * addresses are refused at connect time (DNS rebinding included), as for outgoing webhooks.
 */

export interface FetchPolicy {
  timeoutMs: number;
  /** Attempts in all (1: no retry). */
  attempts: number;
  baseDelayMs: number;
  /** The longest wait between attempts; a longer Retry-After ends the call. */
  maxDelayMs: number;
  allowPrivateNetworks: boolean;
  /** For tests: how to wait (default setTimeout). */
  sleep?: (ms: number) => Promise<void>;
}

export interface JsonAnswer {
  status: number;
  body: unknown;
  headers: Record<string, string | string[] | undefined>;
}

/** The platform could not answer now (429, 5xx, timeout, unreachable): try again later. */
export class PlatformUnavailableError extends Error {
  readonly status: number | null;
  /** What the platform asked us to wait, when it said (ms). */
  readonly retryAfterMs: number | null;
  constructor(message: string, status: number | null, retryAfterMs: number | null) {
    super(message);
    this.name = 'PlatformUnavailableError';
    this.status = status;
    this.retryAfterMs = retryAfterMs;
  }
}

/** The platform refused the request (a 4xx other than 404 and 429: credentials, permissions). */
export class PlatformRefusedError extends Error {
  readonly status: number;
  constructor(message: string, status: number) {
    super(message);
    this.name = 'PlatformRefusedError';
    this.status = status;
  }
}

const MAX_BODY_BYTES = 16 * 1024 * 1024;

class BlockedAddressError extends Error {}

const publicOnlyLookup: LookupFunction = (hostname, options, callback) => {
  dnsLookup(hostname, { ...options, all: true }, (err, addresses: LookupAddress[]) => {
    if (err) return callback(err, '', 0);
    const allowed = addresses.filter((a) => !isPrivateAddress(a.address));
    if (allowed.length === 0) {
      return callback(new BlockedAddressError(`${hostname} resolves to a private address`), '', 0);
    }
    if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, allowed);
    callback(null, allowed[0]!.address, allowed[0]!.family);
  });
};

/** `Retry-After` (seconds or an HTTP date) or `X-Rate-Limit-Time-Reset-Ms`, in ms; null when absent. */
export function retryAfterMsOf(
  headers: Record<string, string | string[] | undefined>,
  now = Date.now(),
): number | null {
  const first = (name: string) => {
    const v = headers[name];
    return (Array.isArray(v) ? v[0] : v)?.trim();
  };
  const reset = first('x-rate-limit-time-reset-ms');
  if (reset && /^\d+$/.test(reset)) return Number(reset);
  const value = first('retry-after');
  if (!value) return null;
  if (/^\d+(\.\d+)?$/.test(value)) return Math.round(Number(value) * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

/** One GET: the status, headers and parsed body, or a thrown network error. */
function getOnce(url: URL, headers: Record<string, string>, policy: FetchPolicy): Promise<JsonAnswer> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (!policy.allowPrivateNetworks && isIP(host) && isPrivateAddress(host)) {
    return Promise.reject(new BlockedAddressError('the URL points at a private address'));
  }
  const client = url.protocol === 'https:' ? https : http;
  return new Promise<JsonAnswer>((resolve, reject) => {
    const req = client.request(
      url,
      {
        method: 'GET',
        headers: { accept: 'application/json', 'user-agent': 'Carton-Integrations/1.0', ...headers },
        signal: AbortSignal.timeout(policy.timeoutMs),
        lookup: policy.allowPrivateNetworks ? undefined : publicOnlyLookup,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_BODY_BYTES) {
            res.destroy(new Error(`the answer is larger than ${MAX_BODY_BYTES} bytes`));
            return;
          }
          chunks.push(chunk);
        });
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body: unknown = null;
          if (text.trim()) {
            try {
              body = parseJsonKeepingIds(text);
            } catch {
              body = undefined; // not JSON: the caller decides what that means for its status
            }
          }
          resolve({ status: res.statusCode ?? 0, body, headers: res.headers });
        });
      },
    );
    req.on('error', reject);
    req.end();
  });
}

const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * GET `url` as JSON with the policy's retries. Resolves for 2xx and 404 (the caller decides what
 * a missing resource means); throws PlatformRefusedError for other 4xx, PlatformUnavailableError
 * once retries are spent (or the platform asks for a longer wait than the policy allows).
 * Messages name the status and host only: never a query string (it may hold credentials).
 */
export async function getJson(
  url: string,
  headers: Record<string, string>,
  policy: FetchPolicy,
): Promise<JsonAnswer> {
  const target = new URL(url);
  const sleep = policy.sleep ?? defaultSleep;
  let last: PlatformUnavailableError | null = null;
  for (let attempt = 1; attempt <= Math.max(1, policy.attempts); attempt++) {
    let answer: JsonAnswer | null = null;
    try {
      answer = await getOnce(target, headers, policy);
    } catch (err) {
      const e = err as Error & { code?: string };
      const what =
        e.name === 'TimeoutError' || e.name === 'AbortError'
          ? `no answer from ${target.host} within ${policy.timeoutMs} ms`
          : err instanceof BlockedAddressError
            ? `${target.host}: ${e.message}`
            : `${target.host} unreachable (${e.code ?? e.name})`;
      last = new PlatformUnavailableError(what, null, null);
    }
    if (answer) {
      const { status } = answer;
      if ((status >= 200 && status < 300) || status === 404) {
        if (answer.body === undefined) {
          last = new PlatformUnavailableError(`${target.host} answered ${status} without JSON`, status, null);
        } else {
          return answer;
        }
      } else if (status === 429 || status >= 500) {
        last = new PlatformUnavailableError(
          `${target.host} answered ${status}`,
          status,
          retryAfterMsOf(answer.headers),
        );
      } else {
        throw new PlatformRefusedError(`${target.host} refused the request (${status})`, status);
      }
    }
    if (attempt >= policy.attempts) break;
    const backoff = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
    const wait = last!.retryAfterMs ?? backoff;
    if (wait > policy.maxDelayMs) break; // asked to come back later than we wait here
    await sleep(wait);
  }
  throw last!;
}
