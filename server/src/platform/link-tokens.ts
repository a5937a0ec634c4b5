import { createHmac } from 'node:crypto';
import { deriveKey, safeEqual } from './crypto.ts';

/**
 * Links that open one thing of one store without an account — a guest's order, a draft order's
 * payment page: `<expiry, epoch seconds>.<HMAC-SHA256 of store, id and expiry>` under a key
 * derived from CARTON_SECRET for the link's purpose. Nothing is stored: the signature is the proof.
 */

function signature(secret: string, purpose: string, storeId: string, id: string, expires: number): string {
  return createHmac('sha256', deriveKey(secret, purpose))
    .update(`${storeId}.${id}.${expires}`)
    .digest()
    .subarray(0, 18)
    .toString('base64url');
}

/** A token for `id` of `storeId`, valid for `ttlSeconds` from `now`. */
export function linkToken(
  secret: string,
  purpose: string,
  o: { storeId: string; id: string; ttlSeconds: number; now?: Date },
): string {
  const expires = Math.floor((o.now ?? new Date()).getTime() / 1000) + o.ttlSeconds;
  return `${expires}.${signature(secret, purpose, o.storeId, o.id, expires)}`;
}

/** Whether `token` opens `id` of `storeId` now (never says which part failed). */
export function linkTokenValid(
  secret: string,
  purpose: string,
  o: { storeId: string; id: string; token: string | undefined },
): boolean {
  const [expiresText, sig, extra] = (o.token ?? '').split('.');
  const expires = Number(expiresText);
  return (
    extra === undefined &&
    !!sig &&
    Number.isSafeInteger(expires) &&
    expires * 1000 > Date.now() &&
    safeEqual(sig, signature(secret, purpose, o.storeId, o.id, expires))
  );
}
