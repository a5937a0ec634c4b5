import type { MailMessage } from '../../platform/mail/mailer.ts';
import { addressLines, customerName, escapeHtml, formatMoney, lineLabel } from './formatting.ts';
import type { FulfilmentView, OrderView } from './views.ts';

/** The e-mails the orders module sends: plain text and HTML, in the order's currency. */

export interface MailStore {
  name: string;
  locale: string;
}

function totalsRows(order: OrderView, locale: string): [string, string][] {
  const money = (n: number) => formatMoney(n, order.currency, locale);
  return [
    ['Subtotal', money(order.totals.subtotal)],
    ...(order.totals.discount ? [['Discount', `−${money(order.totals.discount)}`] as [string, string]] : []),
    ['Shipping', money(order.totals.shipping)],
    [order.tax_inclusive ? 'Tax (included)' : 'Tax', money(order.totals.tax)],
    ['Total', money(order.totals.total)],
  ];
}

function htmlPage(title: string, body: string): string {
  return (
    `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>` +
    `<body style="font-family: Arial, sans-serif; color: #222; max-width: 600px; margin: 0 auto;">${body}</body></html>`
  );
}

/** "Thank you for your order": lines, totals, both addresses, the link to the order. */
export function confirmationEmail(order: OrderView, store: MailStore, link: string): MailMessage {
  const locale = order.locale ?? store.locale;
  const money = (n: number) => formatMoney(n, order.currency, locale);
  const name = customerName(order);
  const subject = `Order ${order.display_number} confirmed — ${store.name}`;
  const lines = order.lines.map((l) => `${l.quantity} × ${lineLabel(l)}  ${money(l.subtotal)}`);
  const totals = totalsRows(order, locale).map(([k, v]) => `${k}: ${v}`);
  const shipTo = addressLines(order.shipping_address);
  const billTo = addressLines(order.billing_address ?? order.shipping_address);
  const text = [
    `${name ? `Hello ${name},` : 'Hello,'}`,
    '',
    `Thank you for your order ${order.display_number} at ${store.name}. We will let you know when it ships.`,
    '',
    ...lines,
    '',
    ...totals,
    '',
    'Shipping to:',
    ...shipTo,
    '',
    'Billing address:',
    ...billTo,
    '',
    `See your order: ${link}`,
    '',
  ].join('\n');
  const rows = order.lines
    .map(
      (l) =>
        `<tr><td>${l.quantity} × ${escapeHtml(lineLabel(l))}${l.sku ? `<br><small>SKU ${escapeHtml(l.sku)}</small>` : ''}</td>` +
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
      `<p>${name ? `Hello ${escapeHtml(name)},` : 'Hello,'}</p>` +
      `<p>Thank you for your order <strong>${escapeHtml(order.display_number)}</strong>. We will let you know when it ships.</p>` +
      `<table style="width:100%; border-collapse: collapse">${rows}</table><hr>` +
      `<table style="width:100%">${totalRows}</table>` +
      `<h3>Shipping to</h3><p>${address(shipTo)}</p>` +
      `<h3>Billing address</h3><p>${address(billTo)}</p>` +
      `<p><a href="${escapeHtml(link)}">See your order</a></p>`,
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
  const name = customerName(order);
  const byId = new Map(order.lines.map((l) => [l.id, l]));
  const items = fulfilment.lines.map((f) => `${f.quantity} × ${lineLabel(byId.get(f.order_line_id)!)}`);
  const tracking = [
    fulfilment.carrier ? `Carrier: ${fulfilment.carrier}` : null,
    fulfilment.tracking_number ? `Tracking number: ${fulfilment.tracking_number}` : null,
    fulfilment.tracking_url ? `Track it: ${fulfilment.tracking_url}` : null,
  ].filter((x): x is string => !!x);
  const subject = `Order ${order.display_number} has shipped — ${store.name}`;
  const text = [
    name ? `Hello ${name},` : 'Hello,',
    '',
    `Good news: ${order.fulfilment_status === 'fulfilled' ? 'your order' : 'part of your order'} ${order.display_number} is on its way.`,
    '',
    ...items,
    '',
    ...tracking,
    '',
    'Shipping to:',
    ...addressLines(order.shipping_address),
    '',
    `See your order: ${link}`,
    '',
  ].join('\n');
  const html = htmlPage(
    subject,
    `<h1>${escapeHtml(store.name)}</h1><p>${name ? `Hello ${escapeHtml(name)},` : 'Hello,'}</p>` +
      `<p>Good news: order <strong>${escapeHtml(order.display_number)}</strong> is on its way.</p>` +
      `<ul>${items.map((i) => `<li>${escapeHtml(i)}</li>`).join('')}</ul>` +
      `<p>${tracking.map(escapeHtml).join('<br>')}</p>` +
      `<p><a href="${escapeHtml(link)}">See your order</a></p>`,
  );
  return { to: order.email, subject, text, html };
}
