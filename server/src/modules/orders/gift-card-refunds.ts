import { sql } from 'drizzle-orm';
import type { DbOrTx, Tx } from '../../platform/db/database.ts';
import type { Platform } from '../../platform/context.ts';
import { giftCardView } from '../gift-cards/cards.ts';
import { queueGiftCardEmailInTx } from '../gift-cards/emails.ts';
import { refundToGiftCardsInTx } from '../gift-cards/tender.ts';
import { displayNumber } from './views.ts';
import { issueCreditNoteInTx } from './credit-notes.ts';
import type { OrderRow } from './schema.ts';

/**
 * What an order paid with gift cards goes back to those cards: all of it when the order is
 * cancelled, and for a return first (the card payment is refunded for the rest). Each give-back
 * happens once per key — whatever the retries — and gets its credit note like a refund does.
 */

/** Given back to the order's gift cards under `key` so far. */
async function givenBackUnder(tx: DbOrTx, storeId: string, key: string): Promise<number> {
  const { rows } = await tx.execute<{ given: string | number }>(sql`
    SELECT coalesce(sum(amount), 0) AS given FROM gift_card_transactions
    WHERE store_id = ${storeId} AND kind = 'refund' AND key = ${key}`);
  return Number(rows[0]!.given);
}

/**
 * Give up to `amount` back to the gift cards `order` was paid with, under `key`, with the credit
 * note that documents it (`reason`: one of `refundReasons`); a card expired or disabled since
 * passes its part to a new card, e-mailed to the order's address. Once per key: asked again it
 * answers what the key gave the first time. Call with the order locked.
 */
export async function giveBackToGiftCards(
  platform: Platform,
  tx: Tx,
  order: OrderRow,
  o: { amount: number; key: string; reason: string },
): Promise<number> {
  const before = await givenBackUnder(tx, order.storeId, o.key);
  if (before > 0) return before;
  const { given, replacement } = await refundToGiftCardsInTx(tx, {
    storeId: order.storeId,
    orderId: order.id,
    amount: o.amount,
    key: o.key,
    reason: o.reason,
    recipientEmail: order.email,
  });
  // A card no longer usable passed its part to a new one: its code goes to the customer.
  if (replacement) {
    await queueGiftCardEmailInTx(platform, tx, {
      card: giftCardView(replacement.row),
      storeId: order.storeId,
      code: replacement.code,
      storeCreditFor: displayNumber(order.number),
    });
  }
  if (given > 0) {
    await issueCreditNoteInTx(tx, {
      storeId: order.storeId,
      orderId: order.id,
      refund: { id: `gift-card:${o.key}`, amount: given, currency: order.currency, reason: o.reason },
    });
  }
  return given;
}

/** The key under which cancelled units give back to gift cards. */
export const itemsGiftCardKey = (orderId: string, cancellationId: string) =>
  `order:${orderId}:items:${cancellationId}`;

/**
 * What the order's payment still owes of it: the total less the units cancelled and less what the
 * gift cards still pay (they paid `gift_card_total`; cancelled units gave some of it back first).
 */
export async function paymentOwes(tx: DbOrTx, order: OrderRow): Promise<number> {
  const owed = order.total - order.cancelledAmount;
  if (order.giftCardTotal === 0) return owed;
  const { rows } = await tx.execute<{ given: string | number }>(sql`
    SELECT coalesce(sum(amount), 0) AS given FROM gift_card_transactions
    WHERE store_id = ${order.storeId} AND order_id = ${order.id} AND kind = 'refund'
      AND key LIKE ${`order:${order.id}:items:%`}`);
  return owed - (order.giftCardTotal - Number(rows[0]!.given));
}
