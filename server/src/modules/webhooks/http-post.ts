import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { BlockList, isIP, type LookupFunction } from 'node:net';

export interface PostResult {
  /** Null when no HTTP response arrived (refused, timed out, blocked). */
  statusCode: number | null;
  /** The start of the response body, for the delivery log. */
  responseExcerpt: string | null;
  error: string | null;
  durationMs: number;
}

const EXCERPT_CHARS = 1024;
const MAX_READ_BYTES = 64 * 1024;

/** Addresses a webhook must not reach in production: loopback, private, link-local, CGNAT, multicast. */
const PRIVATE = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.168.0.0', 16],
  ['224.0.0.0', 3],
] as const) {
  PRIVATE.addSubnet(net, prefix, 'ipv4');
}
for (const [net, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const) {
  PRIVATE.addSubnet(net, prefix, 'ipv6');
}

export function isPrivateAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return PRIVATE.check(mapped[1]!, 'ipv4');
  const family = isIP(address);
  if (family === 0) return false;
  return PRIVATE.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

class BlockedAddressError extends Error {}

/** Resolve as usual, but refuse private addresses: checked at connect time, so DNS rebinding cannot slip past. */
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

/**
 * POST a JSON body and report what happened; never throws. Redirects are not followed (a 3xx
 * is a failed attempt), and only the first 64 KB of a response are read.
 */
export async function postWebhook(
  url: string,
  body: string,
  headers: Record<string, string>,
  opts: { timeoutMs: number; allowPrivateNetworks: boolean },
): Promise<PostResult> {
  const started = performance.now();
  const done = (r: Omit<PostResult, 'durationMs'>): PostResult => ({
    ...r,
    durationMs: Math.round(performance.now() - started),
  });
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return done({ statusCode: null, responseExcerpt: null, error: 'invalid URL' });
  }
  const host = target.hostname.replace(/^\[|\]$/g, '');
  if (!opts.allowPrivateNetworks && isIP(host) && isPrivateAddress(host)) {
    return done({ statusCode: null, responseExcerpt: null, error: 'the URL points at a private address' });
  }
  const client = target.protocol === 'https:' ? https : http;
  return new Promise<PostResult>((resolve) => {
    let settled = false;
    const finish = (r: Omit<PostResult, 'durationMs'>) => {
      if (settled) return;
      settled = true;
      resolve(done(r));
    };
    const req = client.request(
      target,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'content-length': String(Buffer.byteLength(body)),
          'user-agent': 'Carton-Webhooks/1.0',
          ...headers,
        },
        signal: AbortSignal.timeout(opts.timeoutMs),
        lookup: opts.allowPrivateNetworks ? undefined : publicOnlyLookup,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        const report = () => {
          const text = Buffer.concat(chunks).toString('utf8').slice(0, EXCERPT_CHARS);
          const ok = res.statusCode! >= 200 && res.statusCode! < 300;
          finish({
            statusCode: res.statusCode ?? null,
            responseExcerpt: text || null,
            error: ok ? null : `HTTP ${res.statusCode}`,
          });
        };
        res.on('data', (chunk: Buffer) => {
          if (size < MAX_READ_BYTES) chunks.push(chunk);
          size += chunk.length;
          if (size >= MAX_READ_BYTES) {
            report();
            res.destroy();
          }
        });
        res.on('end', report);
        res.on('error', report);
        res.on('close', report);
      },
    );
    req.on('error', (err: Error & { code?: string }) => {
      const error =
        err.name === 'TimeoutError' || err.name === 'AbortError'
          ? `timed out after ${opts.timeoutMs} ms`
          : err instanceof BlockedAddressError
            ? err.message
            : `${err.code ?? 'error'}: ${err.message}`;
      finish({ statusCode: null, responseExcerpt: null, error });
    });
    req.end(body);
  });
}
