import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { ShopperOrder } from '../api.ts';
import { formatDate, formatMoney, statusLabel, useI18n } from '../i18n.ts';
import { ApiError, unwrap, useShop } from '../shop.ts';
import { editLines, editPayment, editReason } from './order-edits.ts';

const section = 'rounded-xl border border-stone-200 bg-white p-4';

/**
 * Where the parcels are: carrier, tracking and dates of each shipment. For an order picked up at
 * the shop: when it was ready to collect, and when it was collected.
 */
export function Shipments({ order }: { order: ShopperOrder }) {
  const { t, locale } = useI18n();
  if (order.fulfilments.length === 0) return null;
  const date = (iso: string) => new Date(iso).toLocaleDateString(locale);
  const pickup = !!order.shipping?.pickup;
  // Nothing in the order ships (digital goods, services): the shop delivered it, no parcel.
  const shipsNothing = !order.shipping_address;
  // Gift cards bought are delivered by e-mail once paid, in a fulfilment of their own.
  const giftCardLines = new Set(order.lines.filter((l) => l.gift_card).map((l) => l.id));
  const emailed = (f: ShopperOrder['fulfilments'][number]) =>
    f.lines.length > 0 && f.lines.every((l) => giftCardLines.has(l.order_line_id));
  return (
    <section className={section} aria-labelledby="order-shipments">
      <h2 id="order-shipments" className="mb-2 font-semibold">
        {t(pickup ? 'order.pickup' : shipsNothing ? 'order.delivery' : 'order.shipments')}
      </h2>
      <ul className="flex flex-col gap-2 text-sm">
        {order.fulfilments.map((f) => (
          <li key={f.id}>
            {t(
              emailed(f)
                ? 'order.gift_cards_sent_on'
                : pickup
                  ? 'order.ready_on'
                  : shipsNothing
                    ? 'order.done_on'
                    : 'order.shipped_on',
              { date: date(f.shipped_at) },
            )}
            {f.carrier ? ` · ${f.carrier}` : ''}
            {f.tracking_number ? (
              <>
                {' · '}
                {f.tracking_url ? (
                  <a href={f.tracking_url} className="underline" rel="noopener noreferrer" target="_blank">
                    {t('order.tracking', { number: f.tracking_number })}
                  </a>
                ) : (
                  t('order.tracking', { number: f.tracking_number })
                )}
              </>
            ) : null}
            {f.delivered_at && !shipsNothing && !emailed(f)
              ? ` · ${t(pickup ? 'order.picked_up_on' : 'order.delivered_on', { date: date(f.delivered_at) })}`
              : ''}
          </li>
        ))}
      </ul>
    </section>
  );
}

/**
 * Items the shop cancelled before they shipped: which, when, why, and what they were worth. Units
 * taken out by an edit (a size swapped) are told under the order's changes instead.
 */
export function Cancellations({ order }: { order: ShopperOrder }) {
  const { t, locale } = useI18n();
  const ofEdits = new Set(order.edits.flatMap((e) => (e.cancellation_id ? [e.cancellation_id] : [])));
  const cancellations = order.cancellations.filter((c) => !ofEdits.has(c.id));
  if (cancellations.length === 0) return null;
  const titleOf = (lineId: string) => {
    const l = order.lines.find((x) => x.id === lineId);
    return l ? `${l.title}${l.variant_title ? ` — ${l.variant_title}` : ''}` : lineId;
  };
  return (
    <section className={section} aria-labelledby="order-cancellations">
      <h2 id="order-cancellations" className="mb-2 font-semibold">
        {t('order.cancelled_items')}
      </h2>
      <ul className="flex flex-col gap-3 text-sm">
        {cancellations.map((c) => (
          <li key={c.id}>
            <p className="text-stone-600">
              {t('order.cancelled_on', { date: formatDate(c.created_at, locale) })} ·{' '}
              {formatMoney(c.amount, order.currency, locale)}
            </p>
            <ul>
              {c.lines.map((l) => (
                <li key={l.order_line_id}>
                  {l.quantity} × {titleOf(l.order_line_id)}
                </li>
              ))}
            </ul>
            {c.reason ? <p>{t('order.cancel_reason', { reason: c.reason })}</p> : null}
          </li>
        ))}
      </ul>
    </section>
  );
}

/**
 * What the shop changed in the order (items added, swapped, taken out) — or the shopper, with
 * "Change size or colour": when, which units ("+1 × …", "−1 × …"), why, and what it did to the money.
 */
export function Edits({ order }: { order: ShopperOrder }) {
  const { t, locale } = useI18n();
  if (order.edits.length === 0) return null;
  const m = (n: number) => formatMoney(n, order.currency, locale);
  const titleOf = (lineId: string) => {
    const l = order.lines.find((x) => x.id === lineId);
    return l ? `${l.title}${l.variant_title ? ` — ${l.variant_title}` : ''}` : lineId;
  };
  return (
    <section className={section} aria-labelledby="order-edits" data-testid="order-edits">
      <h2 id="order-edits" className="mb-2 font-semibold">
        {t('order.edits')}
      </h2>
      <ul className="flex flex-col gap-3 text-sm">
        {order.edits.map((e) => {
          const reason = editReason(t, e.reason);
          const payment = editPayment(t, e.payment, m);
          return (
            <li key={e.id} className="min-w-0 break-words" data-testid="order-edit">
              <p className="text-stone-600">
                {t('order.edited_on', { date: formatDate(e.created_at, locale) })}
              </p>
              <ul>
                {editLines(e, titleOf).map((text, i) => (
                  <li key={i}>{text}</li>
                ))}
              </ul>
              {reason ? <p>{reason}</p> : null}
              {payment ? <p>{payment}</p> : null}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

/**
 * Refunds the shop made without a return (items the shopper keeps, the shipping, a goodwill
 * amount), once given back: which units, what for, and where the money went — the order's gift
 * cards first, the rest to how the order was paid, or all of it as store credit.
 */
export function Refunds({ order }: { order: ShopperOrder }) {
  const { t, locale } = useI18n();
  const refunds = order.order_refunds;
  if (refunds.length === 0) return null;
  const m = (n: number) => formatMoney(n, order.currency, locale);
  const titleOf = (lineId: string) => {
    const l = order.lines.find((x) => x.id === lineId);
    return l ? `${l.title}${l.variant_title ? ` — ${l.variant_title}` : ''}` : lineId;
  };
  const row = 'flex justify-between gap-2';
  return (
    <section className={section} aria-labelledby="order-refunds" data-testid="order-refunds">
      <h2 id="order-refunds" className="mb-2 font-semibold">
        {t('order.refunds')}
      </h2>
      <ul className="flex flex-col gap-3 text-sm">
        {refunds.map((r) => {
          const toGiftCards = Math.min(r.gift_card_amount, r.refunded_amount);
          const rest = r.refunded_amount - toGiftCards;
          return (
            <li key={r.id} className="min-w-0 break-words" data-testid="order-refund">
              <p className="font-medium">
                {t('order.refund_line', {
                  number: r.display_number,
                  date: formatDate(r.refunded_at ?? r.created_at, locale),
                  amount: m(r.refunded_amount),
                })}
              </p>
              {r.reason ? <p>{t('order.cancel_reason', { reason: r.reason })}</p> : null}
              <ul className="text-stone-700">
                {r.lines.map((l) => (
                  <li key={l.order_line_id} className={row}>
                    <span className="min-w-0">
                      {l.quantity} × {titleOf(l.order_line_id)}
                    </span>
                    <span className="shrink-0">{m(l.amount)}</span>
                  </li>
                ))}
                {r.shipping_amount > 0 ? (
                  <li className={row}>
                    <span>{t('cart.shipping')}</span>
                    <span className="shrink-0">{m(r.shipping_amount)}</span>
                  </li>
                ) : null}
                {r.extra_amount > 0 ? (
                  <li className={row}>
                    <span>{t('order.refund_extra')}</span>
                    <span className="shrink-0">{m(r.extra_amount)}</span>
                  </li>
                ) : null}
              </ul>
              <p className="text-stone-600">
                {r.store_credit_gift_card_id
                  ? t('order.return_store_credit', { amount: m(r.refunded_amount) })
                  : [
                      toGiftCards > 0 ? t('order.refund_to_gift_cards', { amount: m(toGiftCards) }) : null,
                      rest > 0
                        ? t(order.manual_payment ? 'order.refund_paid_back' : 'order.refund_to_card', {
                            amount: m(rest),
                          })
                        : null,
                    ]
                      .filter(Boolean)
                      .join(' · ')}
              </p>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

/** A file the API answered (a PDF), handed to the browser as a download. */
function saveFile(blob: Blob, filename: string) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** The invoice as a PDF download: the shopper's through their account, a guest's through the order's token. */
export function InvoiceButton({ order, token }: { order: ShopperOrder; token: string | undefined }) {
  const { api } = useShop();
  const { t } = useI18n();
  const [failed, setFailed] = useState(false);
  const download = async () => {
    setFailed(false);
    const path = { orderId: order.id };
    const { data, response } = token
      ? await api.GET('/store/v1/orders/{orderId}/invoice.pdf', {
          params: { path, query: { token } },
          parseAs: 'blob',
        })
      : await api.GET('/store/v1/customers/me/orders/{orderId}/invoice.pdf', {
          params: { path },
          parseAs: 'blob',
        });
    if (!response.ok || !data) return setFailed(true);
    saveFile(data as Blob, `invoice-${order.number}.pdf`);
  };
  return (
    <div>
      <button type="button" className="underline" onClick={() => void download()}>
        {t('order.invoice')}
      </button>
      {failed ? (
        <p role="alert" className="text-sm text-red-700">
          {t('error.generic')}
        </p>
      ) : null}
    </div>
  );
}

/**
 * The order's credit notes (one per refund the shop made, oldest first): what each credits, its
 * number, date, amount and the tax in it, each as a PDF download — the shopper's through their
 * account, a guest's through the order's token, as the invoice.
 */
export function CreditNotes({ order, token }: { order: ShopperOrder; token: string | undefined }) {
  const { api } = useShop();
  const { t, locale } = useI18n();
  const [failed, setFailed] = useState(false);
  if (order.credit_notes.length === 0) return null;
  type Note = ShopperOrder['credit_notes'][number];
  // What a note credits: a return (by its number), units cancelled, the order cancelled, or a
  // refund the shop made (in its words, as the PDF says).
  const creditFor = (n: Note) => {
    if (n.kind === 'return') {
      const ret = order.returns.find((r) => r.id === n.return_id);
      return `${t('order.credit_for.return')}${ret ? ` (${ret.display_number})` : ''}`;
    }
    if (n.kind === 'refund' && n.reason) return t('order.credit_for.refund_reason', { reason: n.reason });
    return t(`order.credit_for.${n.kind}`);
  };
  const download = async (note: Note) => {
    setFailed(false);
    const path = { orderId: order.id, creditNoteId: note.id };
    const { data, response } = token
      ? await api.GET('/store/v1/orders/{orderId}/credit-notes/{creditNoteId}.pdf', {
          params: { path, query: { token } },
          parseAs: 'blob',
        })
      : await api.GET('/store/v1/customers/me/orders/{orderId}/credit-notes/{creditNoteId}.pdf', {
          params: { path },
          parseAs: 'blob',
        });
    if (!response.ok || !data) return setFailed(true);
    saveFile(data as Blob, `credit-note-${note.number}.pdf`);
  };
  return (
    <section className={section} aria-labelledby="order-credit-notes">
      <h2 id="order-credit-notes" className="mb-1 font-semibold">
        {t('order.credit_notes')}
      </h2>
      <p className="mb-2 text-sm text-stone-600">{t('order.credit_notes_intro')}</p>
      <ul className="flex flex-col gap-2 text-sm">
        {order.credit_notes.map((n) => (
          <li key={n.id}>
            <span className="block">{creditFor(n)}</span>
            <span className="block text-stone-600">
              {t('order.credit_note_line', {
                number: n.display_number,
                date: formatDate(n.issued_at, locale),
                amount: formatMoney(n.amount, n.currency, locale),
                tax: formatMoney(n.tax, n.currency, locale),
              })}
            </span>
            <button type="button" className="underline" onClick={() => void download(n)}>
              {t('order.credit_note_pdf', { number: n.display_number })}
            </button>
          </li>
        ))}
      </ul>
      {failed ? (
        <p role="alert" className="mt-2 text-sm text-red-700">
          {t('error.generic')}
        </p>
      ) : null}
    </section>
  );
}

/**
 * Units of each line that were shipped and are not in a return yet (a rejected return frees them)
 * nor refunded without one.
 */
function returnable(order: ShopperOrder): Map<string, number> {
  const left = new Map<string, number>();
  for (const f of order.fulfilments)
    for (const l of f.lines) left.set(l.order_line_id, (left.get(l.order_line_id) ?? 0) + l.quantity);
  for (const r of order.returns) {
    if (r.status === 'rejected') continue;
    for (const l of r.lines) left.set(l.order_line_id, (left.get(l.order_line_id) ?? 0) - l.quantity);
  }
  // Units the shop refunded without a return stay with the shopper: not sent back.
  for (const l of order.lines)
    if (l.refunded_quantity > 0) left.set(l.id, (left.get(l.id) ?? 0) - l.refunded_quantity);
  return left;
}

/**
 * Whether the shopper may still ask for a return online (`returnable_until`): `open` until that
 * moment, `closed` once it has passed, `by_shop` when the order has shipped but the shop takes
 * returns only through its staff (no date), `none` before anything shipped (or once it is over).
 */
type ReturnWindow = { kind: 'open' | 'closed'; until: string } | { kind: 'by_shop' | 'none' };

function returnWindow(order: ShopperOrder): ReturnWindow {
  const until = order.returnable_until;
  if (until) return { kind: Date.parse(until) > Date.now() ? 'open' : 'closed', until };
  return { kind: order.status === 'shipped' || order.status === 'delivered' ? 'by_shop' : 'none' };
}

/**
 * The order's returns and their progress; within the shop's return window the shopper asks to
 * return shipped units — signed in through their account, a guest through the order's link.
 */
export function Returns({ order, token }: { order: ShopperOrder; token: string | undefined }) {
  const { api } = useShop();
  const { t, locale } = useI18n();
  const queryClient = useQueryClient();
  const left = returnable(order);
  // A gift card delivered is not taken back (the shop disables it and refunds instead).
  const lines = order.lines.filter((l) => !l.gift_card && (left.get(l.id) ?? 0) > 0);
  const [quantities, setQuantities] = useState<Record<string, number>>({});
  const [reason, setReason] = useState('');
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ kind: 'error' | 'info'; text: string } | null>(null);
  // The server said the window closed while the page was open: its words replace the offer.
  const [closedNow, setClosedNow] = useState(false);
  const period = returnWindow(order);
  const canRequest = period.kind === 'open' && !closedNow && lines.length > 0;
  // Nothing but gift cards: nothing to return.
  const onlyGiftCards = order.lines.every((l) => l.gift_card);
  if (order.returns.length === 0 && (period.kind === 'none' || onlyGiftCards) && !message) return null;

  const submit = async () => {
    const chosen = Object.entries(quantities)
      .filter(([, q]) => q > 0)
      .map(([order_line_id, quantity]) => ({ order_line_id, quantity }));
    if (chosen.length === 0) return setMessage({ kind: 'error', text: t('order.return_choose') });
    setBusy(true);
    setMessage(null);
    try {
      const body = { lines: chosen, ...(reason.trim() ? { reason: reason.trim() } : {}) };
      const path = { orderId: order.id };
      const made = await unwrap(
        token
          ? api.POST('/store/v1/orders/{orderId}/returns', { params: { path, query: { token } }, body })
          : api.POST('/store/v1/customers/me/orders/{orderId}/returns', { params: { path }, body }),
      );
      setMessage({ kind: 'info', text: t('order.return_requested', { number: made.display_number }) });
      setOpen(false);
      setQuantities({});
      setReason('');
      await queryClient.invalidateQueries({ queryKey: ['order', order.id] });
    } catch (err) {
      if (err instanceof ApiError && err.problem.code === 'RETURN_WINDOW_CLOSED') {
        setClosedNow(true);
        setOpen(false);
      }
      setMessage({ kind: 'error', text: err instanceof ApiError ? err.message : t('error.generic') });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className={section} aria-labelledby="order-returns">
      <h2 id="order-returns" className="mb-2 font-semibold">
        {t('order.returns')}
      </h2>
      {message ? (
        <p role={message.kind === 'error' ? 'alert' : 'status'} className="mb-2 text-sm">
          {message.text}
        </p>
      ) : null}
      {order.returns.length ? (
        <ul className="mb-2 flex flex-col gap-1 text-sm">
          {order.returns.map((r) => (
            <li key={r.id}>
              {r.display_number} —{' '}
              {r.store_credit_gift_card_id
                ? t('order.return_store_credit', {
                    amount: formatMoney(r.refunded_amount, order.currency, locale),
                  })
                : statusLabel(t, r.status)}
            </li>
          ))}
        </ul>
      ) : null}
      {closedNow ? null : period.kind === 'open' && lines.length ? (
        <p className="mb-2 text-sm" data-testid="return-window">
          {t('order.return_until', { date: formatDate(period.until, locale) })}
        </p>
      ) : period.kind === 'closed' ? (
        <p className="mb-2 text-sm" data-testid="return-window">
          {t('order.return_window_closed', { date: formatDate(period.until, locale) })}
        </p>
      ) : period.kind === 'by_shop' ? (
        <p className="mb-2 text-sm" data-testid="return-window">
          {t('order.returns_by_shop')}
        </p>
      ) : null}
      {canRequest && !open ? (
        <button type="button" className="underline" onClick={() => setOpen(true)}>
          {t('order.return_start')}
        </button>
      ) : null}
      {canRequest && open ? (
        <form
          noValidate
          className="flex flex-col gap-3"
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
        >
          {lines.map((l) => (
            <div key={l.id} className="flex items-center justify-between gap-2 text-sm">
              <label htmlFor={`ret-${l.id}`}>
                {l.title}
                {l.variant_title ? ` — ${l.variant_title}` : ''}
              </label>
              <input
                id={`ret-${l.id}`}
                type="number"
                inputMode="numeric"
                min={0}
                max={left.get(l.id)}
                value={quantities[l.id] ?? 0}
                onChange={(e) =>
                  setQuantities({
                    ...quantities,
                    [l.id]: Math.max(
                      0,
                      Math.min(left.get(l.id) ?? 0, Math.trunc(Number(e.target.value) || 0)),
                    ),
                  })
                }
                className="w-20 rounded-lg border border-stone-300 px-2 py-1"
              />
            </div>
          ))}
          <div className="flex flex-col gap-1">
            <label htmlFor="ret-reason" className="text-sm font-medium">
              {t('order.return_reason')}
            </label>
            <input
              id="ret-reason"
              value={reason}
              maxLength={500}
              onChange={(e) => setReason(e.target.value)}
              className="rounded-lg border border-stone-300 bg-white px-3 py-2"
            />
          </div>
          <button
            type="submit"
            disabled={busy}
            className="self-start rounded-lg bg-stone-900 px-4 py-2 font-semibold text-white disabled:bg-stone-400"
          >
            {t('order.return_submit')}
          </button>
        </form>
      ) : null}
    </section>
  );
}
