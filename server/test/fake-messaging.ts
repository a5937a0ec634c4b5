import {
  createECDH,
  createPublicKey,
  generateKeyPairSync,
  hkdfSync,
  randomBytes,
  sign,
  verify,
  createDecipheriv,
  type KeyObject,
} from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Local stand-ins (127.0.0.1, random port) for the messaging providers, answering as their
 * documentation says:
 *
 * - `startFakeSendgrid()`: `POST /v3/mail/send` with `Authorization: Bearer <key>` and the v3 JSON
 *   body → 202 with `X-Message-Id`; 401 for another key; `failNext(status)` to answer an error.
 *   `signEvents(events)` signs an Event Webhook body as SendGrid's Signed Event Webhook does
 *   (ECDSA P-256 over timestamp + body); `verificationKey` is what SendGrid shows the merchant.
 * - `startFakeTwilio()`: `POST /2010-04-01/Accounts/{sid}/Messages.json` with Basic auth and a form
 *   body → 201 with `sid`; error objects (`code`, `message`) like Twilio's.
 * - `startFakePushService()`: a push service: checks the VAPID `Authorization` (ES256 JWT whose
 *   audience is the endpoint's origin, signed by the key in `k=`), decrypts the aes128gcm payload
 *   with the subscriber's keys (RFC 8291), and answers 201 — or 410 for a subscription marked gone.
 *   `subscription()` makes a browser-like subscription (its own P-256 keys and auth secret).
 */

interface Recorded {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export interface FakeSendgrid {
  url: string;
  apiKey: string;
  requests: Recorded[];
  /** JSON bodies of accepted mail sends. */
  sent: { body: Record<string, unknown>; messageId: string }[];
  failNext(status: number, times?: number): void;
  verificationKey: string;
  signEvents(
    events: unknown[],
    o?: { timestamp?: number },
  ): { body: string; headers: Record<string, string> };
  close(): Promise<void>;
}

export async function startFakeSendgrid(apiKey = 'SG.test-key.abcdefghijklmnop'): Promise<FakeSendgrid> {
  const requests: Recorded[] = [];
  const sent: FakeSendgrid['sent'] = [];
  let failures: number[] = [];
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const server = createServer(async (req, res) => {
    const body = await readBody(req);
    requests.push({ method: req.method!, path: req.url!, headers: req.headers, body });
    const json = (status: number, value: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(value === undefined ? '' : JSON.stringify(value));
    };
    if (req.method !== 'POST' || req.url !== '/v3/mail/send')
      return json(404, { errors: [{ message: 'not found' }] });
    if (req.headers.authorization !== `Bearer ${apiKey}`) {
      return json(401, {
        errors: [
          { field: null, message: 'The provided authorization grant is invalid, expired, or revoked' },
        ],
      });
    }
    const failing = failures.shift();
    if (failing) return json(failing, { errors: [{ field: null, message: 'simulated failure' }] });
    let parsed: Record<string, unknown>;
    try {
      parsed = JSON.parse(body.toString('utf8'));
    } catch {
      return json(400, { errors: [{ field: null, message: 'Bad Request' }] });
    }
    const p = parsed.personalizations as { to?: { email?: string }[] }[] | undefined;
    if (
      !p?.[0]?.to?.[0]?.email ||
      !(parsed.from as { email?: string })?.email ||
      !Array.isArray(parsed.content)
    ) {
      return json(400, {
        errors: [{ field: 'personalizations', message: 'The personalizations field is required.' }],
      });
    }
    const messageId = randomBytes(11).toString('base64url');
    sent.push({ body: parsed, messageId });
    res.writeHead(202, { 'x-message-id': messageId });
    res.end();
  });
  const url = await listen(server);
  return {
    url,
    apiKey,
    requests,
    sent,
    failNext(status, times = 1) {
      failures = [...failures, ...Array(times).fill(status)];
    },
    verificationKey: publicKey.export({ format: 'der', type: 'spki' }).toString('base64'),
    signEvents(events, o = {}) {
      const body = JSON.stringify(events);
      const timestamp = String(o.timestamp ?? Math.floor(Date.now() / 1000));
      const signature = sign('sha256', Buffer.from(timestamp + body), privateKey).toString('base64');
      return {
        body,
        headers: {
          'content-type': 'application/json',
          'x-twilio-email-event-webhook-signature': signature,
          'x-twilio-email-event-webhook-timestamp': timestamp,
        },
      };
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

export interface FakeTwilio {
  url: string;
  accountSid: string;
  authToken: string;
  requests: Recorded[];
  sent: { form: Record<string, string>; sid: string }[];
  /** Answer the next send with a Twilio error object. */
  failNext(status: number, code: number): void;
  close(): Promise<void>;
}

export async function startFakeTwilio(): Promise<FakeTwilio> {
  const accountSid = `AC${randomBytes(16).toString('hex')}`;
  const authToken = randomBytes(16).toString('hex');
  const requests: Recorded[] = [];
  const sent: FakeTwilio['sent'] = [];
  const failures: { status: number; code: number }[] = [];
  const server = createServer(async (req, res) => {
    const body = await readBody(req);
    requests.push({ method: req.method!, path: req.url!, headers: req.headers, body });
    const json = (status: number, value: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(value));
    };
    if (req.method !== 'POST' || req.url !== `/2010-04-01/Accounts/${accountSid}/Messages.json`) {
      return json(404, { code: 20404, message: 'The requested resource was not found', status: 404 });
    }
    const expected = `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`;
    if (req.headers.authorization !== expected)
      return json(401, { code: 20003, message: 'Authenticate', status: 401 });
    const form = Object.fromEntries(new URLSearchParams(body.toString('utf8')));
    const failing = failures.shift();
    if (failing)
      return json(failing.status, { code: failing.code, message: 'simulated', status: failing.status });
    if (!form.To || !form.Body || (!form.From && !form.MessagingServiceSid)) {
      return json(400, { code: 21604, message: "A 'To' phone number is required.", status: 400 });
    }
    const sid = `SM${randomBytes(16).toString('hex')}`;
    sent.push({ form, sid });
    json(201, {
      sid,
      status: 'queued',
      to: form.To,
      from: form.From ?? null,
      body: form.Body,
      account_sid: accountSid,
    });
  });
  const url = await listen(server);
  return {
    url,
    accountSid,
    authToken,
    requests,
    sent,
    failNext(status, code) {
      failures.push({ status, code });
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

export interface ReceivedPush {
  path: string;
  /** The decrypted payload. */
  payload: Record<string, unknown>;
  vapid: { audience: string; subject: string; expiresAt: number };
  headers: IncomingHttpHeaders;
}

export interface FakePushService {
  url: string;
  received: ReceivedPush[];
  refused: { path: string; reason: string }[];
  /** A subscription as a browser would hand it to the storefront. */
  subscription(): { endpoint: string; keys: { p256dh: string; auth: string } };
  /** Answer 410 Gone for this endpoint from now on. */
  expire(endpoint: string): void;
  close(): Promise<void>;
}

function vapidKey(k: string): KeyObject {
  const raw = Buffer.from(k, 'base64url');
  return createPublicKey({
    key: {
      kty: 'EC',
      crv: 'P-256',
      x: raw.subarray(1, 33).toString('base64url'),
      y: raw.subarray(33, 65).toString('base64url'),
    },
    format: 'jwk',
  });
}

/** RFC 8291 aes128gcm decryption with the subscriber's private key and auth secret. */
function decryptPush(body: Buffer, receiver: ReturnType<typeof createECDH>, auth: Buffer): Buffer {
  const salt = body.subarray(0, 16);
  const idlen = body[20]!;
  const senderPublic = body.subarray(21, 21 + idlen);
  const ciphertext = body.subarray(21 + idlen);
  const ecdhSecret = receiver.computeSecret(senderPublic);
  const keyInfo = Buffer.concat([Buffer.from('WebPush: info\0'), receiver.getPublicKey(), senderPublic]);
  const ikm = Buffer.from(hkdfSync('sha256', ecdhSecret, auth, keyInfo, 32));
  const cek = Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: aes128gcm\0'), 16));
  const nonce = Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: nonce\0'), 12));
  const decipher = createDecipheriv('aes-128-gcm', cek, nonce);
  decipher.setAuthTag(ciphertext.subarray(ciphertext.length - 16));
  const padded = Buffer.concat([
    decipher.update(ciphertext.subarray(0, ciphertext.length - 16)),
    decipher.final(),
  ]);
  // The last record ends with the delimiter 0x02 and zero padding.
  let end = padded.length - 1;
  while (end >= 0 && padded[end] === 0) end--;
  if (padded[end] !== 2) throw new Error('bad padding delimiter');
  return padded.subarray(0, end);
}

export async function startFakePushService(): Promise<FakePushService> {
  const keys = new Map<string, { ecdh: ReturnType<typeof createECDH>; auth: Buffer }>();
  const gone = new Set<string>();
  const received: ReceivedPush[] = [];
  const refused: FakePushService['refused'] = [];
  let base = '';
  const server = createServer(async (req, res) => {
    const body = await readBody(req);
    const path = req.url!;
    const refuse = (status: number, reason: string) => {
      refused.push({ path, reason });
      res.writeHead(status);
      res.end();
    };
    const sub = keys.get(path);
    if (req.method !== 'POST' || !sub) return refuse(404, 'unknown subscription');
    if (gone.has(path)) return refuse(410, 'gone');
    const m = /^vapid t=([^,\s]+),\s*k=([A-Za-z0-9_-]+)$/.exec(String(req.headers.authorization ?? ''));
    if (!m) return refuse(401, 'no VAPID authorization');
    const [h, p, s] = m[1]!.split('.');
    const claims = JSON.parse(Buffer.from(p!, 'base64url').toString('utf8')) as {
      aud: string;
      exp: number;
      sub: string;
    };
    const ok = verify(
      'sha256',
      Buffer.from(`${h}.${p}`),
      { key: vapidKey(m[2]!), dsaEncoding: 'ieee-p1363' },
      Buffer.from(s!, 'base64url'),
    );
    if (!ok) return refuse(403, 'VAPID signature does not verify');
    if (claims.aud !== base || claims.exp * 1000 < Date.now() || !/^(mailto:|https:)/.test(claims.sub)) {
      return refuse(403, 'VAPID claims not acceptable');
    }
    if (req.headers['content-encoding'] !== 'aes128gcm' || !req.headers.ttl) return refuse(400, 'headers');
    let payload: Record<string, unknown>;
    try {
      payload = JSON.parse(decryptPush(body, sub.ecdh, sub.auth).toString('utf8'));
    } catch (err) {
      return refuse(400, `cannot decrypt: ${(err as Error).message}`);
    }
    received.push({
      path,
      payload,
      vapid: { audience: claims.aud, subject: claims.sub, expiresAt: claims.exp },
      headers: req.headers,
    });
    res.writeHead(201, { location: `${base}/messages/${randomBytes(6).toString('hex')}` });
    res.end();
  });
  base = await listen(server);
  return {
    url: base,
    received,
    refused,
    subscription() {
      const ecdh = createECDH('prime256v1');
      ecdh.generateKeys();
      const auth = randomBytes(16);
      const path = `/push/${randomBytes(8).toString('hex')}`;
      keys.set(path, { ecdh, auth });
      return {
        endpoint: `${base}${path}`,
        keys: { p256dh: ecdh.getPublicKey().toString('base64url'), auth: auth.toString('base64url') },
      };
    },
    expire(endpoint) {
      gone.add(new URL(endpoint).pathname);
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
