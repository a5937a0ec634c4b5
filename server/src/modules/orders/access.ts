import { createHmac } from 'node:crypto';
import type { Config } from '../../platform/config.ts';
import { deriveKey, safeEqual } from '../../platform/crypto.ts';
import { AppError } from '../../platform/errors.ts';

/**
 * Order-status links for guests: a token that names one order of one store until it expires,
 * signed with HMAC-SHA256 under a key derived from CARTON_SECRET. The checkout hands it to the
 * shopper (and the confirmation e-mail links it); `GET /store/v1/orders/{id}?token=` checks it.
 * Nothing is stored: the signature is the proof.
 */

type SecretConfig = Pick<Config, 'CARTON_SECRET' | 'ORDER_ACCESS_TOKEN_TTL_SECONDS'>;

function signature(config: SecretConfig, storeId: string, orderId: string, expires: number): string {
  return createHmac('sha256', deriveKey(config.CARTON_SECRET, 'orders/access-token'))
    .update(`${storeId}.${orderId}.${expires}`)
    .digest()
    .subarray(0, 18)
    .toString('base64url');
}

/**
 * A token for the order's status page: `<expiry, epoch seconds>.<signature>`, valid for
 * ORDER_ACCESS_TOKEN_TTL_SECONDS (default 30 days) unless `ttlSeconds` says otherwise.
 */
export function orderAccessToken(
  platform: { config: SecretConfig },
  order: { id: string; store_id: string } | { id: string; storeId: string },
  opts: { ttlSeconds?: number; now?: Date } = {},
): string {
  const storeId = 'store_id' in order ? order.store_id : order.storeId;
  const now = Math.floor((opts.now ?? new Date()).getTime() / 1000);
  const expires = now + (opts.ttlSeconds ?? platform.config.ORDER_ACCESS_TOKEN_TTL_SECONDS);
  return `${expires}.${signature(platform.config, storeId, order.id, expires)}`;
}

/** Whether `token` opens `orderId` of `storeId` now; NOT_FOUND otherwise (never says which part failed). */
export function assertOrderAccess(
  platform: { config: SecretConfig },
  o: { storeId: string; orderId: string; token: string | undefined },
): void {
  const [expiresText, sig, extra] = (o.token ?? '').split('.');
  const expires = Number(expiresText);
  const valid =
    extra === undefined &&
    !!sig &&
    Number.isSafeInteger(expires) &&
    expires * 1000 > Date.now() &&
    safeEqual(sig, signature(platform.config, o.storeId, o.orderId, expires));
  if (!valid) throw new AppError('NOT_FOUND', `No order ${o.orderId} for this link; it may have expired.`);
}
