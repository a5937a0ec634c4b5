import { and, asc, eq, sql } from 'drizzle-orm';
import type { Platform } from '../../platform/context.ts';
import {
  afterCommit,
  rowFrom,
  sqlText,
  keyedStoreScope,
  KEYED_SCOPE_STATEMENTS,
  transactionOpenedWith,
  withStore,
  type Db,
  type Tx,
} from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { keepAnswers } from '../../platform/db/read-ahead.ts';
import { emitEventText } from '../../platform/events/outbox.ts';
import { startLoop } from '../../platform/events/loop.ts';
import { newId } from '../../platform/ids.ts';
import { auditAs, type Actor } from '../audit/service.ts';
import { publicBaseUrl, storefrontUrl } from '../identity/emails.ts';
import { getStore, storeAhead } from '../tenancy/service.ts';
import type { Store } from '../tenancy/schema.ts';
import { disputesOfIntent, manualPaymentOf } from '../payments/service.ts';
import { giftCardsOfOrder } from '../gift-cards/tender.ts';
import { orderAccessToken } from './access.ts';
import {
  cancellationEmail,
  itemsCancelledEmail,
  orderEditedEmail,
  disputeEmail,
  confirmationEmail,
  newOrderEmail,
  paymentReminderEmail,
  refundEmail,
  returnEmail,
  shipmentEmail,
} from './emails.ts';
import { unpaidCancelDays } from './unpaid.ts';
import { orderPolicyOf } from './policy.ts';
import { detailOf } from './orders.ts';
import { orderLines, orderNotifications, orders, type OrderEmailKind } from './schema.ts';
import { findOrder, notFound } from './shared.ts';
import type { ReturnNews } from './return-states.ts';
import { orderEmailView, orderView, type OrderEmailView } from './views.ts';

/** Where staff see the order: its page in the admin console. */
const adminOrderUrl = (platform: Pick<Platform, 'config'>, orderId: string) =>
  `${publicBaseUrl(platform.config)}/admin/orders/${orderId}`;

/** Where the shopper sees the order: on the store's storefront, with a guest token. */
export function orderLink(platform: Pick<Platform, 'config'>, store: Store, orderId: string): string {
  const token = orderAccessToken(platform, { id: orderId, storeId: store.id });
  return `${storefrontUrl(platform.config, store)}/orders/${orderId}?token=${encodeURIComponent(token)}`;
}

/**
 * What an e-mail about an order is: the order's confirmation, one fulfilment's shipping notice, its
 * cancellation (whole, or of some items), or one step of a return (`ref`: the fulfilment's id; the
 * cancellation's id; '<return id>:<status>').
 */
export interface OrderEmail {
  storeId: string;
  orderId: string;
  kind: OrderEmailKind;
  ref?: string;
}

/** Wakes this process's mail sender (set while the orders worker runs). */
let wakeSender: () => void = () => {};

/**
 * Record one e-mail about an order for the mail sender, at most once: the notification row (unique
 * per order, kind and fulfilment) is claimed in `tx` — the transaction that acknowledges the event
 * — so a redelivered event records nothing. The sender is woken once `tx` commits; the SMTP
 * conversation happens off this transaction (`sendDueOrderEmails`).
 */
export async function queueOrderEmail(tx: Tx, o: OrderEmail): Promise<'queued' | 'already_queued'> {
  const [claimed] = await tx
    .insert(orderNotifications)
    .values({
      id: newId('ordntf'),
      storeId: o.storeId,
      orderId: o.orderId,
      kind: o.kind,
      ref: o.ref ?? '',
      nextAttemptAt: sql`now()`,
    })
    .onConflictDoNothing({
      target: [orderNotifications.orderId, orderNotifications.kind, orderNotifications.ref],
    })
    .returning({ id: orderNotifications.id });
  if (!claimed) return 'already_queued';
  afterCommit(tx, () => wakeSender());
  return 'queued';
}

/** Attempts before an e-mail is given up (marked failed); the delays double from 10 s to an hour. */
const MAX_ATTEMPTS = 10;
/** How long a claimed e-mail is someone's: a sender that died mid-send leaves it due again after this. */
const LEASE = '5 minutes';

type DueEmail = {
  id: string;
  store_id: string;
  order_id: string;
  kind: OrderEmailKind;
  ref: string;
  attempts: number;
  resends: number;
};

/**
 * Send the e-mails that are due, `concurrency` at a time: each is claimed across stores with a
 * lease (`SKIP LOCKED`, so any number of workers share them), then rendered, sent and marked sent
 * in a transaction of its store, with `order.notification_sent`. A failed send is retried later
 * with backoff; only a crash after the SMTP server took a message and before its mark commits
 * sends it twice, with the same Message-ID. Returns how many were attempted.
 */
export async function sendDueOrderEmails(
  platform: Pick<Platform, 'config' | 'mailer' | 'db' | 'log'>,
  opts: { batchSize?: number; concurrency?: number } = {},
): Promise<number> {
  const { rows: due } = await platform.db.execute<DueEmail>(sql`
    UPDATE order_notifications n
    SET attempts = n.attempts + 1, next_attempt_at = now() + ${LEASE}::interval
    FROM (SELECT id FROM order_notifications
          WHERE status = 'pending' AND next_attempt_at <= now()
          ORDER BY next_attempt_at LIMIT ${opts.batchSize ?? 32}
          FOR UPDATE SKIP LOCKED) d
    WHERE n.id = d.id
    RETURNING n.id, n.store_id, n.order_id, n.kind, n.ref, n.attempts, n.resends`);
  let next = 0;
  const sender = async () => {
    while (next < due.length) {
      const email = due[next++]!;
      try {
        await sendOne(platform, email);
      } catch (err) {
        const last = email.attempts >= MAX_ATTEMPTS;
        // The mailer's own error says only that the send failed (SMTP errors can quote the recipient).
        const reason = err instanceof Error ? err.message.slice(0, 500) : 'failed';
        await platform.db.execute(sql`
          UPDATE order_notifications
          SET status = ${last ? 'failed' : 'pending'}, last_error = ${reason},
              next_attempt_at = now() + ${Math.min(3600, 10 * 2 ** (email.attempts - 1))} * interval '1 second'
          WHERE id = ${email.id}`);
        platform.log[last ? 'error' : 'warn'](
          { notificationId: email.id, orderId: email.order_id, kind: email.kind, attempt: email.attempts },
          last ? 'order e-mail given up' : 'order e-mail not sent; will retry',
        );
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(due.length, opts.concurrency ?? 4) }, sender));
  return due.length;
}

/**
 * Render, send and mark one e-mail, in a transaction of its store (rolled back if the send fails).
 * Two messages around the SMTP conversation: the order, its lines and the store are read with
 * `BEGIN` (a confirmation's), the mark and its event go with `COMMIT`.
 */
async function sendOne(platform: Pick<Platform, 'config' | 'mailer' | 'db'>, email: DueEmail): Promise<void> {
  const storeId = email.store_id;
  const db = platform.db;
  const confirmation = email.kind === 'confirmation';
  const orderRead = sqlText(
    db
      .select()
      .from(orders)
      .where(and(eq(orders.storeId, storeId), eq(orders.id, email.order_id))),
  );
  const linesRead = sqlText(
    db
      .select()
      .from(orderLines)
      .where(eq(orderLines.orderId, email.order_id))
      .orderBy(asc(orderLines.position)),
  );
  const store = storeAhead(db, storeId);
  const opening = [keyedStoreScope(storeId), orderRead, ...(confirmation ? [linesRead, store.text] : [])];
  await transactionOpenedWith(db, opening.join('; '), async (tx, io) => {
    const [orderAnswer, linesAnswer, storeAnswer] = io.opened.slice(KEYED_SCOPE_STATEMENTS);
    if (storeAnswer) keepAnswers(tx, [store], [storeAnswer]);
    const raw = orderAnswer!.rows[0] as Record<string, unknown> | undefined;
    const row = raw ? rowFrom(orders, raw) : null;
    const finish = (status: 'sent' | 'failed', messageId: string | null, error?: string) =>
      io.closeWith(
        sqlText(
          tx
            .update(orderNotifications)
            .set({
              status,
              messageId,
              sentAt: status === 'sent' ? sql`now()` : null,
              nextAttemptAt: null,
              lastError: error ?? null,
            })
            .where(and(eq(orderNotifications.id, email.id), eq(orderNotifications.storeId, storeId))),
        ),
      );
    if (!row) return finish('failed', null, 'the order is gone');
    const shop = await getStore(tx, storeId);
    const link = orderLink(platform, shop, row.id);
    const mailStore = { name: shop.name, locale: shop.locale };
    let message;
    // The confirmation shows the order and its lines; the others need its fulfilments or returns.
    if (linesAnswer) {
      const lines = linesAnswer.rows.map((l) => rowFrom(orderLines, l as Record<string, unknown>));
      // Only an order placed unpaid (a manual method: card payments are authorized by then) says how to pay.
      const manual =
        row.paymentStatus === 'pending' ? await manualPaymentOf(tx, storeId, row.paymentIntentId) : null;
      // Paid partly by gift cards (few orders): each card's part.
      const cards = row.giftCardTotal > 0 ? await giftCardsOfOrder(tx, storeId, row.id) : [];
      message = confirmationEmail({ ...orderView(row, lines), gift_cards: cards }, mailStore, link, manual);
    } else if (email.kind === 'payment_reminder') {
      const manual = await manualPaymentOf(tx, storeId, row.paymentIntentId);
      const days = unpaidCancelDays(shop.settings);
      if (
        row.status !== 'confirmed' ||
        row.paymentStatus !== 'pending' ||
        manual?.status !== 'authorized' ||
        !days
      ) {
        return finish('failed', null, 'no longer due: the order was paid, cancelled or is being prepared');
      }
      const deadline = new Date(row.createdAt.getTime() + days * 86_400_000);
      const order = orderView(row, []);
      message = paymentReminderEmail(
        order,
        { ...mailStore, timezone: shop.timezone },
        link,
        manual,
        deadline,
      );
    } else if (email.kind === 'cancellation') {
      message = cancellationEmail(await detailOf(tx, row), mailStore, link);
    } else if (email.kind === 'items_cancelled') {
      const order = await detailOf(tx, row);
      const cancellation = order.cancellations.find((c) => c.id === email.ref);
      if (!cancellation) return finish('failed', null, 'the cancellation is gone');
      message = itemsCancelledEmail(order, cancellation, mailStore, link);
    } else if (email.kind === 'order_edited') {
      const order = await detailOf(tx, row);
      const edit = order.edits.find((e) => e.id === email.ref);
      if (!edit) return finish('failed', null, 'the edit is gone');
      // A manual payment still awaited: how to pay the new amount, as the confirmation said.
      const manual =
        edit.payment.outcome === 'amount_due' && row.paymentStatus === 'pending'
          ? await manualPaymentOf(tx, storeId, row.paymentIntentId)
          : null;
      message = orderEditedEmail(order, edit, mailStore, link, manual);
    } else if (email.kind === 'dispute') {
      // To the owner the notice was claimed for ('<dispute>:<address>', or '<dispute>:reminder:<address>'
      // two days before the deadline), with the order's page in the console.
      const disputeId = email.ref.slice(0, email.ref.indexOf(':'));
      const rest = email.ref.slice(email.ref.indexOf(':') + 1);
      const reminder = rest.startsWith('reminder:');
      const dispute = (await disputesOfIntent(tx, storeId, row.paymentIntentId)).find(
        (d) => d.id === disputeId,
      );
      if (!dispute) return finish('failed', null, 'the dispute is gone');
      message = disputeEmail(
        orderView(row, []),
        dispute,
        reminder ? rest.slice('reminder:'.length) : rest,
        mailStore,
        adminOrderUrl(platform, row.id),
        reminder,
      );
    } else if (email.kind === 'new_order') {
      // To the staff address the notice was claimed for, with the link to the order in the console.
      message = newOrderEmail(await detailOf(tx, row), email.ref, mailStore, adminOrderUrl(platform, row.id));
    } else if (email.kind === 'refund') {
      const order = await detailOf(tx, row);
      const refund = order.order_refunds.find((r) => r.id === email.ref);
      if (!refund) return finish('failed', null, 'the refund is gone');
      message = refundEmail(order, refund, mailStore, link);
    } else if (email.kind === 'return') {
      const order = await detailOf(tx, row);
      const [returnId, status] = email.ref.split(':') as [string, ReturnNews];
      const ret = order.returns.find((r) => r.id === returnId);
      if (!ret) return finish('failed', null, 'the return is gone');
      message = returnEmail(order, ret, status, mailStore, link);
    } else {
      const order = await detailOf(tx, row);
      const fulfilment = order.fulfilments.find((f) => f.id === email.ref);
      if (!fulfilment) return finish('failed', null, 'the fulfilment is gone');
      message = shipmentEmail(order, fulfilment, mailStore, link);
    }
    const domain = new URL(publicBaseUrl(platform.config)).hostname || 'carton.local';
    // The ref as a Message-ID's left part may hold it (a staff address's "@" may not).
    const ref = email.ref.replace(/[^A-Za-z0-9_.-]/g, '.');
    const messageId =
      `<${email.kind}.${row.id}${ref ? `.${ref}` : ''}` +
      `${email.resends ? `.r${email.resends}` : ''}@${domain}>`;
    await platform.mailer.send({ ...message, headers: { 'Message-ID': messageId } });
    finish('sent', messageId);
    io.closeWith(
      emitEventText(tx, {
        storeId,
        type: 'order.notification_sent',
        // Its own stream, not the order's: a dispatcher pass that emitted an order event holds the
        // order's stream until the pass commits, and this sender would wait for it (measured: half
        // a backend waiting on it under load). A sent e-mail changes nothing about the order.
        aggregateType: 'order_notification',
        aggregateId: email.id,
        payload: {
          orderId: row.id,
          kind: email.kind,
          fulfilmentId: email.kind === 'shipment' ? email.ref : null,
          returnId: email.kind === 'return' ? email.ref.split(':')[0] : null,
        },
      }).text,
    );
    // Staff who asked to hear of new orders: a notice each, once the shopper's confirmation went
    // (so nothing is read or written for a store that asked for none).
    const staff = confirmation ? orderPolicyOf(shop.settings).new_order_emails : [];
    if (staff.length) {
      io.closeWith(
        sqlText(
          tx
            .insert(orderNotifications)
            .values(
              staff.map((to) => ({
                id: newId('ordntf'),
                storeId,
                orderId: row.id,
                kind: 'new_order' as const,
                ref: to,
                nextAttemptAt: sql`now()`,
              })),
            )
            .onConflictDoNothing({
              target: [orderNotifications.orderId, orderNotifications.kind, orderNotifications.ref],
            }),
        ),
      );
    }
  });
}

/** Run the mail sender until stopped: woken by this process's new e-mails, by retries falling due, and a slow poll. */
export function startOrderMailSender(
  platform: Pick<Platform, 'config' | 'mailer' | 'db' | 'log'>,
  opts: { pollIntervalMs?: number } = {},
): () => Promise<void> {
  const loop = startLoop({
    name: 'order-mail-sender',
    log: platform.log,
    idleMs: opts.pollIntervalMs ?? 5000,
    run: async () => {
      if ((await sendDueOrderEmails(platform)) > 0) return { more: true };
      const { rows } = await platform.db.execute<{ at: Date | string | null }>(sql`
        SELECT min(next_attempt_at) AS at FROM order_notifications WHERE status = 'pending'`);
      return { more: false, nextDueAt: rows[0]?.at ? new Date(rows[0].at).getTime() : null };
    },
  });
  wakeSender = () => loop.wake();
  return async () => {
    wakeSender = () => {};
    await loop.stop();
  };
}

// --- what staff see and do --------------------------------------------------------------------

/** The e-mails about an order, oldest first; 404 for an order not in the store. */
export async function listOrderEmails(
  db: Db,
  o: { storeId: string; orderId: string },
): Promise<OrderEmailView[]> {
  return withStore(db, o.storeId, async (tx) => {
    if (!(await findOrder(tx, o.storeId, o.orderId))) throw notFound(o.orderId);
    const rows = await tx
      .select()
      .from(orderNotifications)
      .where(and(eq(orderNotifications.storeId, o.storeId), eq(orderNotifications.orderId, o.orderId)))
      .orderBy(asc(orderNotifications.id));
    return rows.map(orderEmailView);
  });
}

/**
 * Send an order e-mail again, as it is now rendered (the order as it stands), with its own
 * Message-ID: back to pending for the mail sender, audited. One still pending is left as it is
 * (409: it is about to go).
 */
export async function resendOrderEmail(
  db: Db,
  o: { storeId: string; orderId: string; emailId: string; actor?: Actor },
): Promise<OrderEmailView> {
  return withStore(db, o.storeId, async (tx) => {
    const [row] = await tx
      .select()
      .from(orderNotifications)
      .where(
        and(
          eq(orderNotifications.storeId, o.storeId),
          eq(orderNotifications.orderId, o.orderId),
          eq(orderNotifications.id, o.emailId),
        ),
      )
      .for('update');
    if (!row) throw new AppError('NOT_FOUND', `Order e-mail ${o.emailId} does not exist.`);
    if (row.status === 'pending') {
      throw new AppError('INVALID_STATE_TRANSITION', 'This e-mail is waiting to be sent already.');
    }
    const [updated] = await tx
      .update(orderNotifications)
      .set({
        status: 'pending',
        attempts: 0,
        resends: row.resends + 1,
        nextAttemptAt: sql`now()`,
        lastError: null,
      })
      .where(eq(orderNotifications.id, row.id))
      .returning();
    await auditAs(tx, o.actor, {
      storeId: o.storeId,
      action: 'order.email_resent',
      entityType: 'order',
      entityId: o.orderId,
      after: { email_id: row.id, kind: row.kind },
    });
    afterCommit(tx, () => wakeSender());
    return orderEmailView(updated!);
  });
}
