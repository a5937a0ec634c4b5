import type { MailMessage } from '../../platform/mail/mailer.ts';
import type { DisputeView, ManualPayment } from '../payments/service.ts';
import {
  addressLines,
  customerName,
  deliveryLines,
  escapeHtml,
  formatDate,
  formatMoney,
  giftCardRows,
  howToPay,
  lineLabel,
  pickupLines,
  propertyLines,
  taxRows,
} from './formatting.ts';
import { orderMessages } from './messages.ts';
import type { ReturnNews } from './return-states.ts';
import type {
  CancellationView,
  EditView,
  FulfilmentView,
  OrderDetailView,
  OrderRefundView,
  OrderView,
  ReturnView,
} from './views.ts';

/** The e-mails the orders module sends: plain text and HTML, in the order's currency. */

export interface MailStore {
  name: string;
  locale: string;
}

function totalsRows(order: ConfirmedOrder, locale: string): [string, string][] {
  const money = (n: number) => formatMoney(n, order.currency, locale);
  const m = orderMessages(locale);
  return [
    [m.subtotal, money(order.totals.subtotal)],
    ...(order.totals.discount ? [[m.discount, `−${money(order.totals.discount)}`] as [string, string]] : []),
    [m.shipping, money(order.totals.shipping)],
    ...taxRows(order, m, money),
    [m.total, money(order.totals.total)],
    ...giftCardRows(order, m, money),
  ];
}

function htmlPage(title: string, body: string): string {
  return (
    `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>` +
    `<body style="font-family: Arial, sans-serif; color: #222; max-width: 600px; margin: 0 auto;">${body}</body></html>`
  );
}

/**
 * "Thank you for your order": lines, totals, both addresses, the link to the order; for an order
 * to be paid by a manual method, how to pay it.
 */
/** An order with, when it was paid partly by gift cards, what each card paid. */
type ConfirmedOrder = OrderView & { gift_cards?: readonly { last_characters: string; amount: number }[] };

export function confirmationEmail(
  order: ConfirmedOrder,
  store: MailStore,
  link: string,
  manual: ManualPayment | null = null,
): MailMessage {
  const locale = order.locale ?? store.locale;
  const money = (n: number) => formatMoney(n, order.currency, locale);
  const m = orderMessages(locale);
  const name = customerName(order);
  const subject = m.confirmedSubject(order.display_number, store.name);
  const lines = order.lines.flatMap((l) => [
    `${l.quantity} × ${lineLabel(l)}  ${money(l.subtotal)}`,
    ...propertyLines(l).map((p) => `    ${p}`),
  ]);
  const totals = totalsRows(order, locale).map(([k, v]) => `${k}: ${v}`);
  // A pickup order is collected, not shipped: where, instead of the shipping address.
  const { title: deliveryTitle, lines: deliveredTo } = deliveryLines(order, m, m.shippingTo);
  const billTo = addressLines(order.billing_address ?? order.shipping_address);
  const pay = manual && order.payment_status === 'pending' ? howToPay(order, manual, locale) : null;
  const text = [
    m.hello(name),
    '',
    m.thanks(order.display_number, store.name),
    '',
    ...lines,
    '',
    ...totals,
    '',
    ...(pay ? [`${m.howToPay}:`, ...pay, ''] : []),
    ...(order.customer_note ? [`${m.yourNote}:`, order.customer_note, ''] : []),
    `${deliveryTitle}:`,
    ...deliveredTo,
    '',
    `${m.billingAddress}:`,
    ...billTo,
    '',
    `${m.seeYourOrder}: ${link}`,
    '',
  ].join('\n');
  const rows = order.lines
    .map(
      (l) =>
        `<tr><td>${l.quantity} × ${escapeHtml(lineLabel(l))}${l.sku ? `<br><small>${escapeHtml(m.sku)} ${escapeHtml(l.sku)}</small>` : ''}` +
        propertyLines(l)
          .map((p) => `<br><small>${escapeHtml(p)}</small>`)
          .join('') +
        `</td>` +
        `<td style="text-align:right">${escapeHtml(money(l.subtotal))}</td></tr>`,
    )
    .join('');
  const totalRows = totalsRows(order, locale)
    .map(([k, v]) => `<tr><td>${escapeHtml(k)}</td><td style="text-align:right">${escapeHtml(v)}</td></tr>`)
    .join('');
  const address = (a: string[]) => a.map(escapeHtml).join('<br>');
  const html = htmlPage(
    subject,
    `<h1>${escapeHtml(store.name)}</h1>` +
      `<p>${escapeHtml(m.hello(name))}</p>` +
      `<p>${escapeHtml(m.thanks(order.display_number, store.name))}</p>` +
      `<table style="width:100%; border-collapse: collapse">${rows}</table><hr>` +
      `<table style="width:100%">${totalRows}</table>` +
      (pay ? `<h3>${escapeHtml(m.howToPay)}</h3><p>${address(pay)}</p>` : '') +
      (order.customer_note
        ? `<h3>${escapeHtml(m.yourNote)}</h3><p>${address(order.customer_note.split(/\r?\n/))}</p>`
        : '') +
      `<h3>${escapeHtml(deliveryTitle)}</h3><p>${address(deliveredTo)}</p>` +
      `<h3>${escapeHtml(m.billingAddress)}</h3><p>${address(billTo)}</p>` +
      `<p><a href="${escapeHtml(link)}">${escapeHtml(m.seeYourOrder)}</a></p>`,
  );
  return { to: order.email, subject, text, html };
}

/** "Your order is waiting for your payment": how to pay, by when, the link to the order. */
export function paymentReminderEmail(
  order: OrderView,
  store: MailStore & { timezone: string },
  link: string,
  manual: ManualPayment,
  deadline: Date,
): MailMessage {
  const locale = order.locale ?? store.locale;
  const m = orderMessages(locale);
  const subject = m.reminderSubject(order.display_number, store.name);
  const pay = howToPay(order, manual, locale);
  const by = m.payBy(formatDate(deadline.toISOString(), store.timezone, locale));
  const text = [
    m.hello(customerName(order)),
    '',
    m.notPaidYet(order.display_number),
    '',
    `${m.howToPay}:`,
    ...pay,
    '',
    by,
    '',
    `${m.seeYourOrder}: ${link}`,
    '',
  ].join('\n');
  const html = htmlPage(
    subject,
    `<h1>${escapeHtml(store.name)}</h1>` +
      `<p>${escapeHtml(m.hello(customerName(order)))}</p>` +
      `<p>${escapeHtml(m.notPaidYet(order.display_number))}</p>` +
      `<h3>${escapeHtml(m.howToPay)}</h3><p>${pay.map(escapeHtml).join('<br>')}</p>` +
      `<p>${escapeHtml(by)}</p>` +
      `<p><a href="${escapeHtml(link)}">${escapeHtml(m.seeYourOrder)}</a></p>`,
  );
  return { to: order.email, subject, text, html };
}

/** "Your order has shipped": what is in the parcel, carrier and tracking, the link to the order. */
export function shipmentEmail(
  order: OrderView,
  fulfilment: FulfilmentView,
  store: MailStore,
  link: string,
): MailMessage {
  const m = orderMessages(order.locale ?? store.locale);
  const name = customerName(order);
  const byId = new Map(order.lines.map((l) => [l.id, l]));
  const items = fulfilment.lines.map((f) => `${f.quantity} × ${lineLabel(byId.get(f.order_line_id)!)}`);
  const tracking = [
    fulfilment.carrier ? `${m.carrier}: ${fulfilment.carrier}` : null,
    fulfilment.tracking_number ? `${m.trackingNumber}: ${fulfilment.tracking_number}` : null,
    fulfilment.tracking_url ? `${m.trackIt}: ${fulfilment.tracking_url}` : null,
  ].filter((x): x is string => !!x);
  const pickup = pickupLines(order);
  const partial = order.fulfilment_status !== 'fulfilled';
  // Digital goods and services only: delivered, not on their way.
  const digital = fulfilment.lines.every((f) => byId.get(f.order_line_id)?.requires_shipping === false);
  const subject = digital
    ? m.deliveredSubject(order.display_number, store.name)
    : pickup
      ? m.readySubject(order.display_number, store.name)
      : m.shippedSubject(order.display_number, store.name);
  const onItsWay = digital
    ? m.deliveredDigitally(order.display_number, partial)
    : pickup
      ? m.readyForPickup(order.display_number, partial)
      : m.onItsWay(order.display_number, partial);
  const where = deliveryLines(order, m, m.shippingTo);
  const text = [
    m.hello(name),
    '',
    onItsWay,
    '',
    ...items,
    '',
    ...tracking,
    '',
    ...(digital ? [] : [`${where.title}:`, ...where.lines]),
    '',
    `${m.seeYourOrder}: ${link}`,
    '',
  ].join('\n');
  const html = htmlPage(
    subject,
    `<h1>${escapeHtml(store.name)}</h1><p>${escapeHtml(m.hello(name))}</p>` +
      `<p>${escapeHtml(onItsWay)}</p>` +
      `<ul>${items.map((i) => `<li>${escapeHtml(i)}</li>`).join('')}</ul>` +
      `<p>${tracking.map(escapeHtml).join('<br>')}</p>` +
      (pickup ? `<h3>${escapeHtml(m.pickUpAt)}</h3><p>${pickup.map(escapeHtml).join('<br>')}</p>` : '') +
      `<p><a href="${escapeHtml(link)}">${escapeHtml(m.seeYourOrder)}</a></p>`,
  );
  return { to: order.email, subject, text, html };
}

/** A plain message: greeting, paragraphs, an optional list, the link to the order. */
function simpleEmail(
  to: string,
  subject: string,
  store: MailStore,
  o: { hello: string; paragraphs: string[]; items?: string[]; link: string; linkLabel: string },
): MailMessage {
  const items = o.items ?? [];
  const text = [
    o.hello,
    '',
    ...o.paragraphs.flatMap((p) => [p, '']),
    ...(items.length ? [...items, ''] : []),
    `${o.linkLabel}: ${o.link}`,
    '',
  ].join('\n');
  const html = htmlPage(
    subject,
    `<h1>${escapeHtml(store.name)}</h1><p>${escapeHtml(o.hello)}</p>` +
      o.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('') +
      (items.length ? `<ul>${items.map((i) => `<li>${escapeHtml(i)}</li>`).join('')}</ul>` : '') +
      `<p><a href="${escapeHtml(o.link)}">${escapeHtml(o.linkLabel)}</a></p>`,
  );
  return { to, subject, text, html };
}

/** The link to an order a shopper asked for again ("find my order"). */
export function orderLinkEmail(order: OrderView, store: MailStore, link: string): MailMessage {
  const m = orderMessages(order.locale ?? store.locale);
  return simpleEmail(order.email, m.linkSubject(order.display_number, store.name), store, {
    hello: m.hello(customerName(order)),
    paragraphs: [m.linkAsked(order.display_number)],
    link,
    linkLabel: m.seeYourOrder,
  });
}

/** A draft order staff prepared for a shopper: what is in it, its total, and the page to review and pay it. */
export function paymentLinkEmail(
  draft: { email: string; locale: string | null; currency: string; total: number; items: string[] },
  store: MailStore,
  link: string,
): MailMessage {
  const locale = draft.locale ?? store.locale;
  const m = orderMessages(locale);
  return simpleEmail(draft.email, m.payLinkSubject(store.name), store, {
    hello: m.hello(null),
    paragraphs: [
      m.payLinkIntro(store.name),
      m.payLinkTotal(formatMoney(draft.total, draft.currency, locale)),
    ],
    items: draft.items,
    link,
    linkLabel: m.reviewAndPay,
  });
}

/** "Your order was cancelled": what was in it, whether a refund is on its way or nothing was charged. */
export function cancellationEmail(order: OrderView, store: MailStore, link: string): MailMessage {
  const locale = order.locale ?? store.locale;
  const m = orderMessages(locale);
  const paid = order.captured_amount;
  return simpleEmail(order.email, m.cancelledSubject(order.display_number, store.name), store, {
    hello: m.hello(customerName(order)),
    paragraphs: [
      m.cancelled(order.display_number),
      ...(order.cancel_reason ? [`${m.reason}: ${order.cancel_reason}`] : []),
      paid > 0 ? m.cancelledRefund(formatMoney(paid, order.currency, locale)) : m.cancelledNothingCharged,
    ],
    items: order.lines.map((l) => `${l.quantity} × ${lineLabel(l)}`),
    link,
    linkLabel: m.seeYourOrder,
  });
}

/**
 * "Items cancelled from your order": which, why, and the money — refunded when the payment was
 * captured, otherwise not charged (the order's new total).
 */
export function itemsCancelledEmail(
  order: OrderView,
  cancellation: CancellationView,
  store: MailStore,
  link: string,
): MailMessage {
  const locale = order.locale ?? store.locale;
  const m = orderMessages(locale);
  const money = (amount: number) => formatMoney(amount, order.currency, locale);
  const byId = new Map(order.lines.map((l) => [l.id, l]));
  const refunded = order.captured_amount > 0;
  return simpleEmail(order.email, m.itemsCancelledSubject(order.display_number, store.name), store, {
    hello: m.hello(customerName(order)),
    paragraphs: [
      m.itemsCancelled(order.display_number),
      ...(cancellation.reason ? [`${m.reason}: ${cancellation.reason}`] : []),
      refunded
        ? m.cancelledRefund(money(cancellation.amount))
        : m.itemsNotCharged(money(cancellation.amount), money(order.totals.total - order.cancelled_amount)),
      ...(order.status === 'shipped' || order.status === 'delivered' ? [] : [m.itemsRestShips]),
    ],
    items: cancellation.lines.map((l) => `${l.quantity} × ${lineLabel(byId.get(l.order_line_id)!)}`),
    link,
    linkLabel: m.seeYourOrder,
  });
}

/**
 * What staff changed in the order, as agreed with the customer: the items added and taken out, the
 * new total, and the money (a refund, or what a manual payment awaited now asks).
 */
export function orderEditedEmail(
  order: OrderDetailView,
  edit: EditView,
  store: MailStore,
  link: string,
  /** The manual payment still awaited (bank transfer, cash on delivery): how to pay the new amount. */
  manual: ManualPayment | null = null,
): MailMessage {
  const { payment } = edit;
  const locale = order.locale ?? store.locale;
  const m = orderMessages(locale);
  const money = (amount: number) => formatMoney(amount, order.currency, locale);
  const byId = new Map(order.lines.map((l) => [l.id, l]));
  const owed = order.totals.total - order.cancelled_amount;
  return simpleEmail(order.email, m.editedSubject(order.display_number, store.name), store, {
    hello: m.hello(customerName(order)),
    paragraphs: [
      m.edited(order.display_number),
      ...(edit.reason ? [`${m.reason}: ${edit.reason}`] : []),
      m.editedTotal(money(owed)),
      ...(payment.outcome === 'refund' && payment.amount > 0 ? [m.editedRefund(money(payment.amount))] : []),
      ...(payment.outcome === 'amount_due'
        ? manual
          ? howToPay(order, manual, locale)
          : [m.editedDue(money(payment.amount))]
        : []),
    ],
    items: [
      ...edit.added.map((l) => m.editedAdded(l.quantity, lineLabel(byId.get(l.order_line_id)!))),
      ...edit.removed.map((l) => m.editedRemoved(l.quantity, lineLabel(byId.get(l.order_line_id)!))),
    ],
    link,
    linkLabel: m.seeYourOrder,
  });
}

/**
 * To an owner: a cardholder disputed the order's payment — how much, why, and until when evidence
 * is taken — with the order's page in the console, where it is answered. In the store's language.
 */
export function disputeEmail(
  order: OrderView,
  dispute: DisputeView,
  to: string,
  store: MailStore,
  link: string,
  /** Two days before the deadline, still unanswered. */
  reminder = false,
): MailMessage {
  const m = orderMessages(store.locale);
  const money = formatMoney(dispute.amount, dispute.currency, store.locale);
  const due = dispute.evidence_due_by
    ? new Intl.DateTimeFormat(store.locale, {
        dateStyle: 'long',
        timeStyle: 'short',
        timeZone: 'UTC',
      }).format(new Date(dispute.evidence_due_by)) + ' UTC'
    : null;
  const subject = reminder
    ? m.disputeReminderSubject(order.display_number, money, store.name)
    : m.disputeSubject(order.display_number, money, store.name);
  return simpleEmail(to, subject, store, {
    hello: m.hello(null),
    paragraphs: [
      m.dispute(order.display_number, money, dispute.reason.replaceAll('_', ' ')),
      due ? m.disputeDue(due) : m.disputeNoDeadline,
    ],
    link,
    linkLabel: m.openInConsole,
  });
}

/** To a staff address: a new order came in — who, how much, what — and its page in the console. */
export function newOrderEmail(order: OrderView, to: string, store: MailStore, link: string): MailMessage {
  // The store's language: it goes to the shop, not to the shopper.
  const m = orderMessages(store.locale);
  const money = formatMoney(order.totals.total, order.currency, store.locale);
  const who = customerName(order);
  return simpleEmail(to, m.newOrderSubject(order.display_number, money, store.name), store, {
    hello: m.hello(null),
    paragraphs: [m.newOrder(order.display_number, money, who ? `${who} <${order.email}>` : order.email)],
    items: order.lines.map((l) => `${l.quantity} × ${lineLabel(l)}`),
    link,
    linkLabel: m.openInConsole,
  });
}

/** A refund staff made without a return: how much, where it goes, and for what. */
export function refundEmail(
  order: OrderView,
  refund: OrderRefundView,
  store: MailStore,
  link: string,
): MailMessage {
  const locale = order.locale ?? store.locale;
  const m = orderMessages(locale);
  const money = (amount: number) => formatMoney(amount, order.currency, locale);
  const byId = new Map(order.lines.map((l) => [l.id, l]));
  const toCard = refund.refunded_amount - refund.gift_card_amount;
  return simpleEmail(order.email, m.refundSubject(order.display_number, store.name), store, {
    hello: m.hello(customerName(order)),
    paragraphs: [
      m.refundIssued(order.display_number, money(refund.refunded_amount)),
      ...(refund.reason ? [`${m.reason}: ${refund.reason}`] : []),
      ...(refund.gift_card_amount > 0 ? [m.refundToGiftCards(money(refund.gift_card_amount))] : []),
      ...(refund.store_credit_gift_card_id
        ? [m.refundAsStoreCredit(money(refund.refunded_amount))]
        : toCard > 0
          ? [m.refundToCard(money(toCard))]
          : []),
    ],
    items: [
      ...refund.lines.map((l) => `${l.quantity} × ${lineLabel(byId.get(l.order_line_id)!)}`),
      ...(refund.shipping_amount > 0 ? [m.refundedShipping(money(refund.shipping_amount))] : []),
    ],
    link,
    linkLabel: m.seeYourOrder,
  });
}

/** A return's news: approved (send the items back), declined (and why), or refunded (how much). */
export function returnEmail(
  order: OrderView,
  ret: ReturnView,
  status: ReturnNews,
  store: MailStore,
  link: string,
): MailMessage {
  const locale = order.locale ?? store.locale;
  const m = orderMessages(locale);
  const byId = new Map(order.lines.map((l) => [l.id, l]));
  const items = ret.lines.map((l) => `${l.quantity} × ${lineLabel(byId.get(l.order_line_id)!)}`);
  const paragraphs =
    status === 'approved'
      ? [m.returnApproved(ret.display_number)]
      : status === 'rejected'
        ? [
            m.returnRejected(ret.display_number),
            ...(ret.rejection_reason ? [`${m.reason}: ${ret.rejection_reason}`] : []),
          ]
        : [m.returnRefunded(ret.display_number, formatMoney(ret.refunded_amount, order.currency, locale))];
  return simpleEmail(order.email, m.returnSubject(ret.display_number, status, store.name), store, {
    hello: m.hello(customerName(order)),
    paragraphs,
    ...(status === 'approved' ? { items } : {}),
    link,
    linkLabel: m.seeYourOrder,
  });
}
