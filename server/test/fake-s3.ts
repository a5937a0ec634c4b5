import { createHash, createHmac } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeS3 {
  url: string;
  /** Stored objects by request path (`/bucket/key`). */
  objects: Map<string, { body: Buffer; type: string }>;
  /** How many requests failed the signature check. */
  rejected: number[];
  close(): Promise<void>;
}

/**
 * A tiny S3 stand-in on 127.0.0.1 for tests: checks each request's AWS Signature V4 with its own
 * implementation (not Carton's), and stores objects in memory (PutObject, GetObject, DeleteObject).
 */
export function startFakeS3(creds: { accessKeyId: string; secretAccessKey: string }): Promise<FakeS3> {
  const objects = new Map<string, { body: Buffer; type: string }>();
  const rejected: number[] = [];
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks);
    if (!verify(req, body, creds)) {
      rejected.push(1);
      res
        .writeHead(403, { 'content-type': 'application/xml' })
        .end('<Error><Code>SignatureDoesNotMatch</Code></Error>');
      return;
    }
    const key = decodeURIComponent(req.url!);
    if (req.method === 'PUT') {
      objects.set(key, { body, type: String(req.headers['content-type']) });
      res.writeHead(200).end();
    } else if (req.method === 'GET') {
      const o = objects.get(key);
      if (!o) res.writeHead(404).end('<Error><Code>NoSuchKey</Code></Error>');
      else res.writeHead(200, { 'content-type': o.type }).end(o.body);
    } else if (req.method === 'DELETE') {
      objects.delete(key);
      res.writeHead(204).end();
    } else res.writeHead(405).end();
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        objects,
        rejected,
        close: () => new Promise<void>((r) => server.close(() => r())),
      }),
    ),
  );
}

function verify(
  req: IncomingMessage,
  body: Buffer,
  creds: { accessKeyId: string; secretAccessKey: string },
): boolean {
  const auth =
    /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/s3\/aws4_request, SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$/.exec(
      String(req.headers.authorization ?? ''),
    );
  if (!auth) return false;
  const [, access, date, region, signed, signature] = auth;
  const amzDate = String(req.headers['x-amz-date']);
  const payloadHash = createHash('sha256').update(body).digest('hex');
  if (
    access !== creds.accessKeyId ||
    !amzDate.startsWith(date!) ||
    req.headers['x-amz-content-sha256'] !== payloadHash
  )
    return false;
  const names = signed!.split(';');
  if (!names.includes('host') || !names.includes('x-amz-date')) return false;
  const canonical = [
    req.method,
    req.url,
    '',
    names.map((n) => `${n}:${String(req.headers[n]).trim()}\n`).join(''),
    signed,
    payloadHash,
  ].join('\n');
  const scope = `${date}/${region}/s3/aws4_request`;
  const toSign = `AWS4-HMAC-SHA256\n${amzDate}\n${scope}\n${createHash('sha256').update(canonical).digest('hex')}`;
  let key: Buffer = createHmac('sha256', `AWS4${creds.secretAccessKey}`).update(date!).digest();
  for (const part of [region!, 's3', 'aws4_request']) key = createHmac('sha256', key).update(part).digest();
  return createHmac('sha256', key).update(toSign).digest('hex') === signature;
}
