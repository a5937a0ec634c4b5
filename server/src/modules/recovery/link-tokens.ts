import type { Config } from '../../platform/config.ts';
import { safeEqual } from '../../platform/crypto.ts';
import { AppError } from '../../platform/errors.ts';
import { hmac } from './crypto-helpers.ts';

/**
 * Recovery links: `<public URL>/store/v1/recovery/links/<token>`, where the token names the store,
 * the tracked cart, its expiry and (optionally) the message it was sent in, and carries an
 * HMAC-SHA256 (128 bits, key derived from CARTON_SECRET) over all of them. Not guessable; a
 * changed character is refused; an expired one is 410.
 */

const ID = /^[A-Za-z0-9_-]{1,128}$/;
const VERSION = 'r1';

export interface RecoveryLinkClaims {
  storeId: string;
  trackedCartId: string;
  messageId: string | null;
  expiresAt: Date;
}

function signature(secret: string, body: string): string {
  return hmac(secret, 'recovery/link', body, 16);
}

export function signRecoveryToken(secret: string, claims: RecoveryLinkClaims): string {
  for (const id of [claims.storeId, claims.trackedCartId, claims.messageId ?? 'x']) {
    if (!ID.test(id)) throw new Error('recovery link: ids must be URL-safe');
  }
  const exp = Math.floor(claims.expiresAt.getTime() / 1000).toString(36);
  const body = [VERSION, claims.storeId, claims.trackedCartId, exp, claims.messageId ?? ''].join('.');
  return `${body}.${signature(secret, body)}`;
}

/** The claims of a token this server signed; 404 when it is not one (tampered), 410 when expired. */
export function verifyRecoveryToken(secret: string, token: string, now = new Date()): RecoveryLinkClaims {
  const parts = token.split('.');
  const notFound = () => new AppError('NOT_FOUND', 'This recovery link is not valid.');
  if (parts.length !== 6 || parts[0] !== VERSION) throw notFound();
  const [, storeId, trackedCartId, exp, messageId, sig] = parts as [
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  const body = parts.slice(0, 5).join('.');
  if (!safeEqual(sig, signature(secret, body))) throw notFound();
  if (!ID.test(storeId) || !ID.test(trackedCartId) || (messageId && !ID.test(messageId))) throw notFound();
  const expiresAt = new Date(parseInt(exp, 36) * 1000);
  if (!(expiresAt.getTime() > now.getTime())) {
    throw new AppError('LINK_EXPIRED', 'This recovery link has expired.');
  }
  return { storeId, trackedCartId, messageId: messageId || null, expiresAt };
}

export function publicUrl(config: Pick<Config, 'PUBLIC_URL' | 'HOST' | 'PORT'>): string {
  if (config.PUBLIC_URL) return config.PUBLIC_URL.replace(/\/+$/, '');
  return `http://${config.HOST}:${config.PORT}`;
}

/**
 * A signed, expiring link that restores a tracked cart on any device (campaigns put one in each
 * message; pass the message id so a click on it is attributed). Valid for `ttlSeconds`
 * (RECOVERY_LINK_TTL_SECONDS by default).
 */
export function recoveryLinkFor(
  config: Pick<Config, 'PUBLIC_URL' | 'HOST' | 'PORT' | 'CARTON_SECRET' | 'RECOVERY_LINK_TTL_SECONDS'>,
  options: {
    storeId: string;
    trackedCartId: string;
    messageId?: string | null;
    ttlSeconds?: number;
    now?: Date;
  },
): { url: string; token: string; expiresAt: string } {
  const now = options.now ?? new Date();
  const expiresAt = new Date(now.getTime() + (options.ttlSeconds ?? config.RECOVERY_LINK_TTL_SECONDS) * 1000);
  const token = signRecoveryToken(config.CARTON_SECRET, {
    storeId: options.storeId,
    trackedCartId: options.trackedCartId,
    messageId: options.messageId ?? null,
    expiresAt,
  });
  return {
    url: `${publicUrl(config)}/store/v1/recovery/links/${token}`,
    token,
    expiresAt: expiresAt.toISOString(),
  };
}
