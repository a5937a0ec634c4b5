import type { Config } from '../../platform/config.ts';
import { AppError } from '../../platform/errors.ts';
import { linkToken, linkTokenValid } from '../../platform/link-tokens.ts';

/**
 * Order-status links for guests: a signed token (`platform/link-tokens.ts`) that names one order
 * of one store until it expires. The checkout hands it to the shopper (and the confirmation e-mail
 * links it); `GET /store/v1/orders/{id}?token=` checks it.
 */

type SecretConfig = Pick<Config, 'CARTON_SECRET' | 'ORDER_ACCESS_TOKEN_TTL_SECONDS'>;
const PURPOSE = 'orders/access-token';

/**
 * A token for the order's status page: `<expiry, epoch seconds>.<signature>`, valid for
 * ORDER_ACCESS_TOKEN_TTL_SECONDS (default 30 days) unless `ttlSeconds` says otherwise.
 */
export function orderAccessToken(
  platform: { config: SecretConfig },
  order: { id: string; store_id: string } | { id: string; storeId: string },
  opts: { ttlSeconds?: number; now?: Date } = {},
): string {
  return linkToken(platform.config.CARTON_SECRET, PURPOSE, {
    storeId: 'store_id' in order ? order.store_id : order.storeId,
    id: order.id,
    ttlSeconds: opts.ttlSeconds ?? platform.config.ORDER_ACCESS_TOKEN_TTL_SECONDS,
    now: opts.now,
  });
}

/** Whether `token` opens `orderId` of `storeId` now; NOT_FOUND otherwise (never says which part failed). */
export function assertOrderAccess(
  platform: { config: SecretConfig },
  o: { storeId: string; orderId: string; token: string | undefined },
): void {
  const valid = linkTokenValid(platform.config.CARTON_SECRET, PURPOSE, {
    storeId: o.storeId,
    id: o.orderId,
    token: o.token,
  });
  if (!valid) throw new AppError('NOT_FOUND', `No order ${o.orderId} for this link; it may have expired.`);
}
