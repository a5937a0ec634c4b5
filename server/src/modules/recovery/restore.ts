import { sql } from 'drizzle-orm';
import type { Platform } from '../../platform/context.ts';
import { withStore } from '../../platform/db/database.ts';
import { isAppError } from '../../platform/errors.ts';
import { AppError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { addCartLine, createCart, getCart, type CartView } from '../cart/service.ts';
import { readContact } from './contacts.ts';
import { emitTrackedCartEvent } from './events.ts';
import { verifyRecoveryToken } from './link-tokens.ts';
import { getRecoverySettings } from './settings.ts';
import { recordRecoveryTouchInTx } from './touches.ts';
import type { Device, TrackedCartRow } from './tracked-carts.ts';

/**
 * The recovery link's landing: verify the token, bring the cart back, record the click.
 *
 * - A Carton cart still open is reused as it is (`reused`); otherwise a new cart is made with the
 *   same lines, through the cart module's own functions (prices and stock re-checked; a line that
 *   can no longer be sold is skipped and reported) — `restored`. Works on any device: the link,
 *   not a cookie, names the cart.
 * - A cart of another platform (or the snippet's) sends the shopper to the platform's recovery URL
 *   (or the store's cart page) — `redirected`.
 * - A cart already bought goes to the store's cart page — `closed`.
 *
 * Every click is recorded (`recovery_link.clicked`); with a message id in the link it also counts
 * as that message's click for attribution.
 */

export interface RestoreOutcome {
  trackedCartId: string;
  outcome: 'restored' | 'reused' | 'redirected' | 'closed';
  cartId: string | null;
  redirectUrl: string | null;
  skipped: { variantId: string | null; title: string; reason: string }[];
}

const withCartId = (template: string | null, cartId: string | null) =>
  template
    ? cartId
      ? template.replaceAll('{cart_id}', encodeURIComponent(cartId))
      : template.replaceAll('{cart_id}', '')
    : null;

export async function restoreFromRecoveryLink(
  platform: Platform,
  options: { token: string; device?: Device | null; now?: Date },
): Promise<RestoreOutcome> {
  const claims = verifyRecoveryToken(platform.config.CARTON_SECRET, options.token, options.now);
  const { storeId, trackedCartId, messageId } = claims;
  const db = platform.db;
  const { rows } = await withStore(db, storeId, (tx) =>
    tx.execute<TrackedCartRow>(
      sql`SELECT * FROM recovery_carts WHERE store_id = ${storeId} AND id = ${trackedCartId}`,
    ),
  );
  const tracked = rows[0];
  if (!tracked) throw new AppError('NOT_FOUND', 'This recovery link is not valid.');
  const settings = await getRecoverySettings(db, storeId);

  let outcome: RestoreOutcome['outcome'];
  let cartId: string | null = null;
  const skipped: RestoreOutcome['skipped'] = [];
  let redirectUrl: string | null;
  if (tracked.status === 'recovered' || tracked.status === 'purchased') {
    outcome = 'closed';
    redirectUrl =
      tracked.source === 'carton'
        ? withCartId(settings.cartUrl, null)
        : (tracked.platform_recovery_url ?? withCartId(settings.cartUrl, null));
  } else if (tracked.source === 'carton') {
    const access = { customerId: null, trusted: true };
    const current = await getCart(db, { storeId, cartId: tracked.external_id, access }).catch((err) => {
      if (isAppError(err) && (err.status === 404 || err.status === 410)) return null;
      throw err;
    });
    if (current && current.status === 'active') {
      outcome = 'reused';
      cartId = current.id;
    } else {
      const contact = tracked.contact_id
        ? await readContact(db, platform.config.CARTON_SECRET, storeId, tracked.contact_id)
        : null;
      const created = await createCart(db, {
        storeId,
        input: { currency: tracked.currency, ...(contact?.email ? { email: contact.email } : {}) },
      });
      let cart: CartView = created.cart;
      for (const item of tracked.items) {
        if (!item.variant_id) {
          skipped.push({ variantId: null, title: item.title, reason: 'NOT_FOUND' });
          continue;
        }
        try {
          cart = await addCartLine(db, {
            storeId,
            cartId: cart.id,
            access,
            input: { variant_id: item.variant_id, quantity: item.quantity },
          });
        } catch (err) {
          if (!isAppError(err) || err.status >= 500) throw err;
          skipped.push({ variantId: item.variant_id, title: item.title, reason: err.code });
        }
      }
      outcome = 'restored';
      cartId = cart.id;
    }
    redirectUrl = withCartId(settings.cartUrl, cartId);
  } else {
    outcome = 'redirected';
    redirectUrl = tracked.platform_recovery_url ?? withCartId(settings.cartUrl, null);
  }

  await withStore(db, storeId, async (tx) => {
    const at = options.now ?? new Date();
    await tx.execute(sql`
      INSERT INTO recovery_link_clicks (id, store_id, tracked_cart_id, message_id, restored_cart_id, outcome, device, clicked_at)
      VALUES (${newId('rclk')}, ${storeId}, ${trackedCartId}, ${messageId}, ${cartId}, ${outcome}, ${options.device ?? null}, ${at})`);
    await emitTrackedCartEvent(tx, storeId, trackedCartId, 'recovery_link.clicked', {
      trackedCartId,
      messageId,
      outcome,
      restoredCartId: cartId,
    });
    if (messageId) {
      const { rows: sent } = await tx.execute<{ campaign_id: string | null }>(sql`
        SELECT campaign_id FROM recovery_touches WHERE store_id = ${storeId} AND message_id = ${messageId} LIMIT 1`);
      await recordRecoveryTouchInTx(tx, {
        storeId,
        trackedCartId,
        messageId,
        kind: 'clicked',
        at,
        campaignId: sent[0]?.campaign_id ?? null,
      });
    }
  });
  return { trackedCartId, outcome, cartId, redirectUrl, skipped };
}
