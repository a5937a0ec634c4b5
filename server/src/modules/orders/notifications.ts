import { and, eq } from 'drizzle-orm';
import type { Platform } from '../../platform/context.ts';
import type { Tx } from '../../platform/db/database.ts';
import { newId } from '../../platform/ids.ts';
import { publicBaseUrl } from '../identity/emails.ts';
import { getStore } from '../tenancy/service.ts';
import type { Store } from '../tenancy/schema.ts';
import { orderAccessToken } from './access.ts';
import { confirmationEmail, shipmentEmail } from './emails.ts';
import { emitOrderEvent } from './events.ts';
import { detailOf } from './orders.ts';
import { findOrder, viewOf } from './shared.ts';
import { orderNotifications } from './schema.ts';

/** Where the shopper sees the order: the store's storefront (settings.storefront_url), with a guest token. */
export function orderLink(platform: Pick<Platform, 'config'>, store: Store, orderId: string): string {
  const storefront =
    typeof store.settings.storefront_url === 'string'
      ? store.settings.storefront_url.replace(/\/+$/, '')
      : `${publicBaseUrl(platform.config)}/shop/${store.handle}`;
  const token = orderAccessToken(platform, { id: orderId, storeId: store.id });
  return `${storefront}/orders/${orderId}?token=${encodeURIComponent(token)}`;
}

/**
 * Send one e-mail about an order at most once: the notification row (unique per order, kind and
 * fulfilment) is claimed in `tx` — the transaction that acknowledges the event — before the mail
 * goes out. A redelivered event finds the row and sends nothing; a send that fails rolls the claim
 * back with the acknowledgement, and the delivery is retried. (Only a crash after the SMTP server
 * took the message and before the commit could send it twice; its Message-ID is then the same.)
 */
export async function sendOrderEmailOnce(
  tx: Tx,
  platform: Pick<Platform, 'config' | 'mailer'>,
  o: { storeId: string; orderId: string; kind: 'confirmation' | 'shipment'; fulfilmentId?: string },
): Promise<'sent' | 'already_sent' | 'no_order'> {
  const ref = o.fulfilmentId ?? '';
  const [claimed] = await tx
    .insert(orderNotifications)
    .values({ id: newId('ordntf'), storeId: o.storeId, orderId: o.orderId, kind: o.kind, ref })
    .onConflictDoNothing({
      target: [orderNotifications.orderId, orderNotifications.kind, orderNotifications.ref],
    })
    .returning();
  if (!claimed) return 'already_sent';
  const row = await findOrder(tx, o.storeId, o.orderId);
  if (!row) return 'no_order';
  const store = await getStore(tx, o.storeId);
  const link = orderLink(platform, store, row.id);
  const mailStore = { name: store.name, locale: store.locale };
  let message;
  // The confirmation shows the order and its lines; only the shipping notice needs the fulfilments.
  if (o.kind === 'confirmation') message = confirmationEmail(await viewOf(tx, row), mailStore, link);
  else {
    const order = await detailOf(tx, row);
    const fulfilment = order.fulfilments.find((f) => f.id === o.fulfilmentId);
    if (!fulfilment) return 'no_order';
    message = shipmentEmail(order, fulfilment, mailStore, link);
  }
  const domain = new URL(publicBaseUrl(platform.config)).hostname || 'carton.local';
  const messageId = `<${o.kind}.${row.id}${ref ? `.${ref}` : ''}@${domain}>`;
  await platform.mailer.send({ ...message, headers: { 'Message-ID': messageId } });
  await tx
    .update(orderNotifications)
    .set({ messageId })
    .where(and(eq(orderNotifications.id, claimed.id), eq(orderNotifications.storeId, o.storeId)));
  await emitOrderEvent(
    tx,
    o.storeId,
    'order.notification_sent',
    { type: 'order', id: row.id },
    { orderId: row.id, kind: o.kind, fulfilmentId: o.fulfilmentId ?? null },
  );
  return 'sent';
}
