import { createHash, createHmac } from 'node:crypto';
import { assertSafeKey, type FileStorage, type StoredFile } from './storage.ts';

export interface S3StorageOptions {
  /** e.g. `https://s3.eu-west-1.amazonaws.com`, `http://127.0.0.1:9000` (MinIO), R2's account endpoint. */
  endpoint: string;
  region: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** `endpoint/bucket/key` (MinIO, most self-hosted stores) rather than `bucket.endpoint/key`. */
  forcePathStyle?: boolean;
  /** Base URL shoppers load files from (a CDN); defaults to the object URL. */
  publicUrl?: string;
  fetch?: typeof fetch;
}

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');
const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data).digest();

/** RFC 3986 encoding of one path segment, as SigV4 wants it (S3: not double-encoded). */
function encodeSegment(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

export interface SignInput {
  method: string;
  url: URL;
  /** Headers to sign besides host (lowercase names); x-amz-date and x-amz-content-sha256 must be among them. */
  headers: Record<string, string>;
  region: string;
  service: string;
  accessKeyId: string;
  secretAccessKey: string;
}

/**
 * AWS Signature Version 4 for a request without query parameters: returns the Authorization
 * header value. https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html
 */
export function signV4(input: SignInput): string {
  const amzDate = input.headers['x-amz-date']!;
  const payloadHash = input.headers['x-amz-content-sha256']!;
  const date = amzDate.slice(0, 8);
  const all: Record<string, string> = { host: input.url.host };
  for (const [k, v] of Object.entries(input.headers)) all[k.toLowerCase()] = v.trim().replace(/\s+/g, ' ');
  const names = Object.keys(all).sort();
  const canonicalHeaders = names.map((n) => `${n}:${all[n]}\n`).join('');
  const signedHeaders = names.join(';');
  const canonicalQuery = [...input.url.searchParams]
    .map(([k, v]) => [encodeSegment(k), encodeSegment(v)] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  const canonicalRequest = [
    input.method,
    input.url.pathname,
    canonicalQuery,
    canonicalHeaders,
    signedHeaders,
    payloadHash,
  ].join('\n');
  const scope = `${date}/${input.region}/${input.service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonicalRequest)].join('\n');
  const kDate = hmac(`AWS4${input.secretAccessKey}`, date);
  const kSigning = hmac(hmac(hmac(kDate, input.region), input.service), 'aws4_request');
  const signature = createHmac('sha256', kSigning).update(stringToSign).digest('hex');
  return `AWS4-HMAC-SHA256 Credential=${input.accessKeyId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`;
}

/** An S3-compatible bucket spoken to over its REST API (PutObject, GetObject, DeleteObject). */
export function s3FileStorage(opts: S3StorageOptions): FileStorage {
  const doFetch = opts.fetch ?? fetch;
  const endpoint = new URL(opts.endpoint);
  const objectUrl = (key: string): URL => {
    assertSafeKey(key);
    const path = key.split('/').map(encodeSegment).join('/');
    const base = endpoint.pathname.replace(/\/$/, '');
    if (opts.forcePathStyle)
      return new URL(`${endpoint.protocol}//${endpoint.host}${base}/${opts.bucket}/${path}`);
    return new URL(`${endpoint.protocol}//${opts.bucket}.${endpoint.host}${base}/${path}`);
  };

  async function send(method: string, key: string, body?: Buffer, contentType?: string): Promise<Response> {
    const url = objectUrl(key);
    const amzDate = new Date()
      .toISOString()
      .replace(/[-:]/g, '')
      .replace(/\.\d{3}/, '');
    const headers: Record<string, string> = {
      'x-amz-date': amzDate,
      'x-amz-content-sha256': sha256(body ?? ''),
    };
    if (contentType) headers['content-type'] = contentType;
    const authorization = signV4({
      method,
      url,
      headers,
      region: opts.region,
      service: 's3',
      accessKeyId: opts.accessKeyId,
      secretAccessKey: opts.secretAccessKey,
    });
    return doFetch(url, {
      method,
      headers: { ...headers, authorization },
      body: body ? new Uint8Array(body) : undefined,
    });
  }

  async function fail(op: string, res: Response): Promise<never> {
    const text = (await res.text().catch(() => '')).slice(0, 300);
    throw new Error(`S3 ${op} failed: HTTP ${res.status} ${text}`);
  }

  return {
    kind: 's3',
    async put(key, bytes, contentType) {
      const res = await send('PUT', key, bytes, contentType);
      if (!res.ok) await fail('PutObject', res);
      await res.arrayBuffer();
    },
    async get(key): Promise<StoredFile | null> {
      const res = await send('GET', key);
      if (res.status === 404) {
        await res.arrayBuffer();
        return null;
      }
      if (!res.ok) await fail('GetObject', res);
      return {
        bytes: Buffer.from(await res.arrayBuffer()),
        contentType: res.headers.get('content-type') ?? 'application/octet-stream',
      };
    },
    async delete(key) {
      const res = await send('DELETE', key);
      if (!res.ok && res.status !== 404) await fail('DeleteObject', res);
      await res.arrayBuffer();
    },
    urlFor(key) {
      if (opts.publicUrl) return `${opts.publicUrl.replace(/\/$/, '')}/${key}`;
      return objectUrl(key).toString();
    },
  };
}
