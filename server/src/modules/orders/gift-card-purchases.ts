import type { Platform } from '../../platform/context.ts';
import type { Tx } from '../../platform/db/database.ts';
import { subscribe } from '../../platform/events/subscribers.ts';
import { boughtCardUnits, giftCardView, issueGiftCardInTx } from '../gift-cards/cards.ts';
import { queueGiftCardEmailInTx } from '../gift-cards/emails.ts';
import { FulfilmentInput, shipUnitsInTx } from './fulfilment.ts';
import { openUnits } from './open-units.ts';
import { ordersPlatform } from './runtime.ts';
import type { OrderRow } from './schema.ts';
import { linesOf, lockOrderIfAny } from './shared.ts';
import { displayNumber } from './views.ts';

/**
 * Gift cards bought as products. Once the order's payment is captured, each unit of its gift card
 * lines becomes a card worth the unit's price, in the order's currency, for the buyer's account
 * and to the buyer's e-mail — the code e-mailed in the same transaction, since it is kept nowhere
 * else readable — and the lines are delivered (a fulfilment without carrier; the e-mail is the
 * delivery, so no shipping notice). Once per unit however often the events come (the order's row
 * lock, `gift_cards_purchase_idx`). A line bought for someone else (its "Recipient email",
 * "Recipient name", "Message" properties) sends the cards to them instead, with the message.
 * Delivered, the order can no longer be cancelled nor the cards returned: staff disable a card and
 * refund what is left on it.
 */
export const giftCardPurchases = subscribe({
  name: 'orders.gift-card-purchases',
  types: ['order.placed', 'order.payment_updated'],
  // Only orders that bought gift cards: every other order's events get no delivery at all.
  eventsWhere: `c.payload ? 'giftCardsBought'`,
  async handle(event, { tx }) {
    const { orderId } = event.payload as { orderId: string };
    await deliverBoughtGiftCards(ordersPlatform(), tx, event.storeId, orderId);
  },
});

/** Who a gift card bought for someone else comes from: the buyer's name, else their e-mail. */
function senderOf(order: OrderRow): string {
  const a = order.billingAddress ?? order.shippingAddress;
  const name = [a?.first_name, a?.last_name].filter(Boolean).join(' ');
  return name || order.email;
}

/** Issue (and e-mail) the order's bought cards not issued yet, if it is paid; deliver their lines. */
async function deliverBoughtGiftCards(
  platform: Platform,
  tx: Tx,
  storeId: string,
  orderId: string,
): Promise<void> {
  const order = await lockOrderIfAny(tx, storeId, orderId);
  if (!order || order.paymentStatus !== 'captured') return;
  if (order.status === 'cancelled' || order.status === 'refunded' || order.status === 'pending') return;
  const lines = (await linesOf(tx, [order.id])).filter((l) => l.giftCard && l.unitPrice > 0);
  const issued = await boughtCardUnits(tx, storeId, order.id);
  for (const line of lines) {
    for (let unit = 1; unit <= line.quantity - line.cancelledQuantity; unit++) {
      if (issued.has(`${line.id}:${unit}`)) continue;
      // Bought for someone else (the line's "Recipient email"): theirs, not the buyer's account's.
      const recipient = line.properties['Recipient email']?.toLowerCase();
      const { row, code } = await issueGiftCardInTx(tx, {
        storeId,
        currency: order.currency,
        value: line.unitPrice,
        customerId: recipient ? null : order.customerId,
        recipientEmail: recipient ?? order.email,
        note: null,
        purchase: { orderId: order.id, orderLineId: line.id, unit },
      });
      await queueGiftCardEmailInTx(platform, tx, {
        card: giftCardView(row),
        storeId,
        code,
        order: { number: displayNumber(order.number), total: order.total },
        ...(recipient
          ? {
              gift: {
                sender: senderOf(order),
                recipientName: line.properties['Recipient name'] ?? null,
                message: line.properties['Message'] ?? null,
              },
            }
          : {}),
      });
    }
  }
  const open = lines.flatMap((l) =>
    openUnits(l) > 0 ? [{ order_line_id: l.id, quantity: openUnits(l) }] : [],
  );
  if (open.length === 0 || (order.status !== 'confirmed' && order.status !== 'processing')) return;
  await shipUnitsInTx(tx, order, FulfilmentInput.parse({ lines: open, notify_customer: false }), undefined);
}
