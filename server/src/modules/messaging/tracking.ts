import { createHmac } from 'node:crypto';
import { deriveKey, safeEqual } from '../../platform/crypto.ts';

/**
 * Signed links in messages: the open pixel, click redirects and the unsubscribe link. A token is
 * `<payload>.<mac>` (base64url): the payload names the kind, store, message, expiry and — for a
 * click — the target URL; the MAC is HMAC-SHA256 under a key derived from CARTON_SECRET for this
 * purpose alone. Nothing can be guessed or changed: a token that does not verify, or has expired,
 * is treated as if it did not exist (404, nothing recorded), and a click goes only to the URL the
 * token itself carries — never to one the request names (no open redirect).
 */

export type LinkKind = 'open' | 'click' | 'unsubscribe';

export interface LinkClaims {
  kind: LinkKind;
  storeId: string;
  messageId: string;
  /** Click: where it leads; and which link of the message it is (0, 1, …). */
  url?: string;
  link?: number;
  /** Expiry, seconds since the epoch. */
  exp: number;
}

const KIND_CODE: Record<LinkKind, string> = { open: 'o', click: 'c', unsubscribe: 'u' };
const CODE_KIND: Record<string, LinkKind> = { o: 'open', c: 'click', u: 'unsubscribe' };

const mac = (secret: string, payload: string) =>
  createHmac('sha256', deriveKey(secret, 'messaging-links')).update(payload).digest('base64url');

export function signLink(secret: string, claims: LinkClaims): string {
  const payload = Buffer.from(
    JSON.stringify({
      k: KIND_CODE[claims.kind],
      s: claims.storeId,
      m: claims.messageId,
      e: claims.exp,
      ...(claims.url !== undefined ? { u: claims.url, l: claims.link ?? 0 } : {}),
    }),
  ).toString('base64url');
  return `${payload}.${mac(secret, payload)}`;
}

/** The claims of a token of `kind` that verifies and has not expired; otherwise null. */
export function verifyLink(
  secret: string,
  token: string,
  kind: LinkKind,
  now = Date.now(),
): LinkClaims | null {
  if (token.length > 4096) return null;
  const dot = token.indexOf('.');
  if (dot <= 0) return null;
  const payload = token.slice(0, dot);
  if (!safeEqual(token.slice(dot + 1), mac(secret, payload))) return null;
  let raw: { k?: unknown; s?: unknown; m?: unknown; e?: unknown; u?: unknown; l?: unknown };
  try {
    raw = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (CODE_KIND[String(raw.k)] !== kind) return null;
  if (typeof raw.s !== 'string' || typeof raw.m !== 'string' || typeof raw.e !== 'number') return null;
  if (raw.e * 1000 <= now) return null;
  if (kind === 'click' && (typeof raw.u !== 'string' || !/^https?:\/\//i.test(raw.u))) return null;
  return {
    kind,
    storeId: raw.s,
    messageId: raw.m,
    exp: raw.e,
    ...(typeof raw.u === 'string' ? { url: raw.u, link: typeof raw.l === 'number' ? raw.l : 0 } : {}),
  };
}

export interface LinkMaker {
  open(): string;
  click(url: string, link: number): string;
  unsubscribe(): string;
}

/** URLs of a message's signed links under `/ingest/v1/messaging`. */
export function linkMaker(o: {
  secret: string;
  baseUrl: string;
  storeId: string;
  messageId: string;
  trackingTtlSeconds: number;
  unsubscribeTtlSeconds: number;
  now?: number;
}): LinkMaker {
  const now = Math.floor((o.now ?? Date.now()) / 1000);
  const base = `${o.baseUrl}/ingest/v1/messaging`;
  const claims = { storeId: o.storeId, messageId: o.messageId };
  return {
    open: () =>
      `${base}/open/${signLink(o.secret, { kind: 'open', ...claims, exp: now + o.trackingTtlSeconds })}`,
    click: (url, link) =>
      `${base}/click/${signLink(o.secret, { kind: 'click', ...claims, url, link, exp: now + o.trackingTtlSeconds })}`,
    unsubscribe: () =>
      `${base}/unsubscribe/${signLink(o.secret, { kind: 'unsubscribe', ...claims, exp: now + o.unsubscribeTtlSeconds })}`,
  };
}
