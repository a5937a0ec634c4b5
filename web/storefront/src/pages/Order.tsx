import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi, Link, useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import type { ShopperOrder } from '../api.ts';
import { useCartActions } from '../cart.ts';
import {
  Cancellations,
  CreditNotes,
  Edits,
  InvoiceButton,
  Refunds,
  Returns,
  Shipments,
} from '../components/OrderAftercare.tsx';
import { LineProperties, RECIPIENT_EMAIL } from '../components/LineProperties.tsx';
import { PickupDetails } from '../components/Pickup.tsx';
import { canChangeLine, ChangeLine } from '../components/SizeChange.tsx';
import { formatMoney, orderStatusLabel, statusLabel, useI18n } from '../i18n.ts';
import { useHydrated, useShopperState } from '../session.ts';
import { ApiError, unwrap, useShop } from '../shop.ts';

const route = getRouteApi('/orders/$orderId');

/**
 * Gift cards the order buys, not delivered yet: the server issues and e-mails them as soon as the
 * payment is captured — a moment after the order is placed (its payment authorized first), or at
 * fulfilment for a store that captures then. Followed for the first two minutes of the order only.
 */
function awaitingGiftCards(o: ShopperOrder | undefined): boolean {
  if (!o || o.status === 'cancelled' || !['pending', 'authorized', 'captured'].includes(o.payment_status))
    return false;
  if (Date.now() - Date.parse(o.created_at) > 2 * 60_000) return false;
  return o.lines.some((l) => l.gift_card && l.fulfilled_quantity + l.cancelled_quantity < l.quantity);
}

/** The order confirmation and status page: a guest through the signed link, a shopper through their account. */
export function OrderPage() {
  const hydrated = useHydrated();
  const { t } = useI18n();
  if (!hydrated) return <p>{t('loading')}</p>;
  return <OrderView />;
}

function OrderView() {
  const { api } = useShop();
  const { t, locale } = useI18n();
  const { orderId } = route.useParams();
  const { token } = route.useSearch();
  const { session } = useShopperState();
  // A size or colour just changed: the confirmation, above the items.
  const [changed, setChanged] = useState<string | null>(null);
  const order = useQuery({
    queryKey: ['order', orderId, token ?? null, session?.customer.id ?? null],
    queryFn: () =>
      token
        ? unwrap(api.GET('/store/v1/orders/{orderId}', { params: { path: { orderId }, query: { token } } }))
        : unwrap(api.GET('/store/v1/customers/me/orders/{orderId}', { params: { path: { orderId } } })),
    retry: false,
    // Gift cards paid for are issued and e-mailed a moment after: the page follows until they are.
    refetchInterval: (q) => (awaitingGiftCards(q.state.data) ? 2000 : false),
    // Also while the shopper looks for the e-mail in another tab (a few minutes at most).
    refetchIntervalInBackground: true,
  });
  if (order.isPending) return <p>{t('loading')}</p>;
  if (!order.data) {
    return (
      <div className="py-12 text-center">
        <h1 className="text-2xl font-bold">{t('error.not_found')}</h1>
        <Link to="/account" className="mt-4 inline-block underline">
          {t('account.sign_in')}
        </Link>
      </div>
    );
  }
  const o = order.data;
  const m = (n: number) => formatMoney(n, o.currency, locale);
  // No shipping address: nothing in the order ships (digital goods, services).
  const a = o.shipping_address;
  const shipsNothing = !a;
  const onlyGiftCards = o.lines.length > 0 && o.lines.every((l) => l.gift_card);
  // Gift cards are delivered (e-mailed) as soon as they are paid: the thanks stay for the first hour.
  const deliveredAtOnce =
    onlyGiftCards && o.status !== 'cancelled' && Date.now() - Date.parse(o.created_at) < 3_600_000;
  const pickup = o.shipping?.pickup;
  const collector = [a?.first_name, a?.last_name].filter(Boolean).join(' ');
  const bill = o.billing_address;
  return (
    <div className="mx-auto flex max-w-2xl flex-col gap-4">
      {/* Thanks while the order is on its way to being shipped; afterwards, just the order. */}
      {['pending', 'confirmed', 'processing'].includes(o.status) || deliveredAtOnce ? (
        <div className="rounded-2xl bg-green-50 p-6 text-green-950">
          <h1 className="text-2xl font-bold">{t('order.thanks')}</h1>
          <p className="mt-1 text-lg" data-testid="order-number">
            {t('order.number', { number: o.display_number })}
          </p>
          <p className="mt-1">{t('order.email', { email: o.email })}</p>
        </div>
      ) : (
        <h1 className="text-2xl font-bold" data-testid="order-number">
          {t('order.number', { number: o.display_number })}
        </h1>
      )}
      <dl className="grid grid-cols-2 gap-2 rounded-xl border border-stone-200 bg-white p-4 text-sm">
        <dt className="font-medium">{t('order.status')}</dt>
        <dd data-testid="order-status">{orderStatusLabel(t, o.status, !!pickup, shipsNothing)}</dd>
        <dt className="font-medium">{t('order.payment')}</dt>
        <dd>
          {o.manual_payment ? `${t(`payment.${o.manual_payment.method}`)} — ` : ''}
          {statusLabel(t, o.payment_status)}
        </dd>
        {o.customer_note ? (
          <>
            <dt className="font-medium">{t('order.your_note')}</dt>
            <dd className="whitespace-pre-line" data-testid="order-note">
              {o.customer_note}
            </dd>
          </>
        ) : null}
        {pickup ? (
          <>
            <dt className="font-medium">{t('order.pick_up_at')}</dt>
            <dd className="min-w-0 break-words" data-testid="order-pickup">
              <span className="block font-medium">{pickup.name}</span>
              <PickupDetails pickup={pickup} />
              {/* The order's shipping address is the shop's; only the shopper's name on it is theirs. */}
              {collector ? (
                <span className="mt-1 block" data-testid="order-collector">
                  {t('order.collect_as', { name: collector })}
                </span>
              ) : null}
            </dd>
          </>
        ) : !a ? (
          <>
            <dt className="font-medium">{t('order.delivery')}</dt>
            <dd className="min-w-0 break-words" data-testid="order-ships-nothing">
              {/* Only gift cards: they come by e-mail. */}
              {!onlyGiftCards
                ? t('order.nothing_ships')
                : o.lines.some((l) => l.properties?.[RECIPIENT_EMAIL])
                  ? // Some were bought for someone else: each goes to its recipient (shown on its line).
                    t('order.gift_cards_emailed_recipients', { email: o.email })
                  : t('order.gift_cards_emailed', { email: o.email })}
            </dd>
            {bill ? (
              <>
                <dt className="font-medium">{t('order.bill_to')}</dt>
                <dd className="min-w-0 break-words" data-testid="order-billing">
                  {[bill.first_name, bill.last_name].filter(Boolean).join(' ')}
                  <br />
                  {bill.line1}
                  {bill.line2 ? `, ${bill.line2}` : ''}
                  <br />
                  {[bill.city, bill.region, bill.postal_code, bill.country].filter(Boolean).join(', ')}
                </dd>
              </>
            ) : null}
          </>
        ) : (
          <>
            <dt className="font-medium">{t('order.ship_to')}</dt>
            <dd>
              {[a.first_name, a.last_name].filter(Boolean).join(' ')}
              <br />
              {a.line1}
              {a.line2 ? `, ${a.line2}` : ''}
              <br />
              {[a.city, a.region, a.postal_code, a.country].filter(Boolean).join(', ')}
            </dd>
          </>
        )}
      </dl>
      <section className="rounded-xl border border-stone-200 bg-white p-4" aria-labelledby="order-items">
        <h2 id="order-items" className="mb-2 font-semibold">
          {t('order.items')}
        </h2>
        {changed ? (
          <p
            role="status"
            className="mb-2 rounded-lg bg-green-50 p-3 text-sm text-green-950"
            data-testid="swap-done"
          >
            {changed}
          </p>
        ) : null}
        <ul className="divide-y divide-stone-200">
          {o.lines.map((l) => (
            <li key={l.id} className="py-2 text-sm">
              <div className="flex justify-between gap-2">
                <span>
                  <span id={`line-${l.id}`}>
                    {l.title}
                    {l.variant_title ? ` — ${l.variant_title}` : ''}
                  </span>{' '}
                  × {l.quantity}
                  <LineProperties properties={l.properties} giftCard={l.gift_card} />
                  {l.gift_card ? (
                    <span className="block text-xs text-stone-600" data-testid="line-gift-card">
                      {l.properties?.[RECIPIENT_EMAIL]
                        ? t('order.line_gift_card_to', { email: l.properties[RECIPIENT_EMAIL] })
                        : t('order.line_gift_card')}
                    </span>
                  ) : l.requires_shipping === false ? (
                    <span className="block text-xs text-stone-600" data-testid="line-ships-nothing">
                      {t('order.line_ships_nothing')}
                    </span>
                  ) : null}
                  {l.cancelled_quantity > 0 ? (
                    <span className="block text-xs text-red-700">
                      {t('order.n_cancelled', { n: l.cancelled_quantity })}
                    </span>
                  ) : null}
                  {l.refunded_quantity > 0 ? (
                    <span className="block text-xs text-stone-600" data-testid="line-refunded">
                      {t('order.n_refunded', { n: l.refunded_quantity })}
                    </span>
                  ) : null}
                </span>
                <span>{m(l.subtotal)}</span>
              </div>
              {canChangeLine(o, l) ? (
                <ChangeLine
                  order={o}
                  line={l}
                  token={token}
                  describedBy={`line-${l.id}`}
                  onChanged={setChanged}
                />
              ) : null}
            </li>
          ))}
        </ul>
        <dl className="mt-3 grid grid-cols-[1fr_auto] gap-1 border-t border-stone-200 pt-3 text-sm">
          <dt>{t('cart.subtotal')}</dt>
          <dd className="text-right">{m(o.totals.subtotal)}</dd>
          {o.totals.discount ? (
            <>
              <dt>{t('cart.discount')}</dt>
              <dd className="text-right">−{m(o.totals.discount)}</dd>
            </>
          ) : null}
          {/* The tax included in the prices, taken off for a tax-exempt shopper. */}
          {o.totals.tax_exemption > 0 ? (
            <>
              <dt>{t('cart.tax_exemption')}</dt>
              <dd className="text-right" data-testid="tax-exemption">
                −{m(o.totals.tax_exemption)}
              </dd>
            </>
          ) : null}
          {/* Nothing shipped, nothing charged for it: no row. */}
          {shipsNothing && !o.totals.shipping ? null : (
            <>
              <dt>{t('cart.shipping')}</dt>
              <dd className="text-right">{m(o.totals.shipping)}</dd>
            </>
          )}
          {o.tax_exempt ? (
            <>
              <dt>{t('cart.tax_exempt')}</dt>
              <dd className="text-right">{m(o.totals.tax)}</dd>
            </>
          ) : o.totals.tax && !o.tax_inclusive ? (
            <>
              <dt>{t('cart.tax')}</dt>
              <dd className="text-right">{m(o.totals.tax)}</dd>
            </>
          ) : null}
          <dt className="font-semibold">{t('cart.total')}</dt>
          <dd className="text-right font-semibold">{m(o.totals.total)}</dd>
          {/* Units the shop cancelled before they shipped: what they were paid for is not owed. */}
          {o.cancelled_amount > 0 ? (
            <>
              <dt>{t('order.cancelled_items')}</dt>
              <dd className="text-right">−{m(o.cancelled_amount)}</dd>
              <dt className="font-semibold">{t('order.total_after_cancellations')}</dt>
              <dd className="text-right font-semibold" data-testid="total-after-cancellations">
                {m(o.totals.total - o.cancelled_amount)}
              </dd>
            </>
          ) : null}
        </dl>
        <GiftCardPayments order={o} />
      </section>
      <Edits order={o} />
      <Cancellations order={o} />
      <HowToPay order={o} />
      <CancelOrder order={o} token={token} />
      <BuyAgain order={o} />
      <Shipments order={o} />
      <Returns order={o} token={token} />
      <Refunds order={o} />
      <InvoiceButton order={o} token={token} />
      <CreditNotes order={o} token={token} />
      <Link to="/" className="self-start underline">
        {t('cart.continue')}
      </Link>
    </div>
  );
}

/** The order's items into the cart again, at today's prices; what cannot be bought now is named. */
function BuyAgain({ order }: { order: ShopperOrder }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const { addLines } = useCartActions();
  const titleOf = (variantId: string) => {
    const l = order.lines.find((x) => x.variant_id === variantId);
    return l ? `${l.title}${l.variant_title ? ` — ${l.variant_title}` : ''}` : variantId;
  };
  // What the cart could not take, as the answer's notices say (null until asked).
  const missing =
    addLines.data?.notices.filter((n) => n.code === 'line_not_added').map((n) => titleOf(n.variant_id!)) ??
    null;
  // What the shop cancelled before shipping is not bought again; a line with nothing left is left out.
  // Each as it was told (its engraving): a product that asks for one refuses it without.
  const lines = order.lines
    .map((l) => ({
      variantId: l.variant_id,
      quantity: l.quantity - l.cancelled_quantity,
      properties: l.properties,
    }))
    .filter((l) => l.quantity > 0);
  const buyAgain = () =>
    addLines.mutate(lines, {
      onSuccess: (cart) => {
        if (!cart.notices.some((n) => n.code === 'line_not_added')) void navigate({ to: '/cart' });
      },
    });
  const allMissing = !!missing && missing.length === new Set(lines.map((l) => l.variantId)).size;
  if (lines.length === 0) return null;
  return (
    <div className="flex flex-col gap-2">
      <button
        type="button"
        onClick={buyAgain}
        disabled={addLines.isPending}
        className="self-start rounded-lg bg-stone-900 px-4 py-2 font-semibold text-white hover:bg-stone-700 disabled:opacity-60"
      >
        {t('order.buy_again')}
      </button>
      {missing?.length ? (
        <p role="status" className="rounded-lg bg-amber-50 p-3 text-sm text-amber-900">
          {allMissing
            ? t('order.buy_again_none')
            : t('order.buy_again_partly', { items: missing.join(', ') })}{' '}
          {allMissing ? null : (
            <Link to="/cart" className="underline">
              {t('cart.title')}
            </Link>
          )}
        </p>
      ) : null}
      {addLines.error ? (
        <p role="alert" className="text-sm text-red-700">
          {t('error.generic')}
        </p>
      ) : null}
    </div>
  );
}

/** While the shop has not started preparing it (and within its window), the shopper may cancel. */
function CancelOrder({ order, token }: { order: ShopperOrder; token: string | undefined }) {
  const { api } = useShop();
  const { t, locale } = useI18n();
  const queryClient = useQueryClient();
  const [asking, setAsking] = useState(false);
  const cancel = useMutation({
    mutationFn: () =>
      token
        ? unwrap(
            api.POST('/store/v1/orders/{orderId}/cancel', {
              params: { path: { orderId: order.id }, query: { token } },
              body: {},
            }),
          )
        : unwrap(
            api.POST('/store/v1/customers/me/orders/{orderId}/cancel', {
              params: { path: { orderId: order.id } },
              body: {},
            }),
          ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['order', order.id] }),
  });
  if (cancel.isSuccess) {
    return (
      <p role="status" className="rounded-lg bg-stone-100 p-3 text-sm">
        {t('order.cancelled_now')}
      </p>
    );
  }
  if (!order.cancellable_until) return null;
  const until = new Date(order.cancellable_until).toLocaleTimeString(locale, {
    hour: 'numeric',
    minute: '2-digit',
  });
  return (
    <div className="flex flex-col gap-2 rounded-xl border border-stone-200 bg-white p-4 text-sm">
      <p>{t('order.cancel_until', { time: until })}</p>
      {asking ? (
        <div className="flex flex-wrap items-center gap-2">
          <span>{t('order.cancel_confirm')}</span>
          <button
            type="button"
            onClick={() => cancel.mutate()}
            disabled={cancel.isPending}
            className="rounded-lg bg-red-700 px-3 py-2 font-semibold text-white hover:bg-red-800 disabled:opacity-60"
          >
            {t('order.cancel_yes')}
          </button>
          <button type="button" onClick={() => setAsking(false)} className="px-3 py-2 underline">
            {t('order.cancel_keep')}
          </button>
        </div>
      ) : (
        <button type="button" onClick={() => setAsking(true)} className="self-start underline">
          {t('order.cancel')}
        </button>
      )}
      {cancel.error ? (
        <p role="alert" className="text-red-700">
          {cancel.error instanceof ApiError ? cancel.error.message : t('error.generic')}
        </p>
      ) : null}
    </div>
  );
}

/** An order placed unpaid (cash on delivery, bank transfer): what to pay, and the shop's instructions. */
function HowToPay({ order }: { order: ShopperOrder }) {
  const { t, locale } = useI18n();
  const manual = order.manual_payment;
  if (!manual || order.payment_status !== 'pending' || order.status === 'cancelled') return null;
  // What is still owed: units the shop cancelled are not paid for, and gift cards paid their part.
  const owed = order.totals.total - order.cancelled_amount - giftCardsPaid(order);
  const amount = formatMoney(Math.max(0, owed), order.currency, locale);
  return (
    <section
      className="rounded-xl border border-amber-300 bg-amber-50 p-4 text-sm text-stone-900"
      aria-labelledby="order-how-to-pay"
      data-testid="how-to-pay"
    >
      <h2 id="order-how-to-pay" className="mb-1 font-semibold">
        {t('order.how_to_pay')} — {t(`payment.${manual.method}`)}
      </h2>
      <p>
        {manual.method === 'cash_on_delivery'
          ? t('order.pay_on_delivery', { amount })
          : t('order.pay_by_transfer', { amount, number: order.display_number })}
      </p>
      {manual.instructions ? <p className="mt-2 whitespace-pre-line">{manual.instructions}</p> : null}
    </section>
  );
}

/** The gift cards an order was paid with (none for an order placed before gift cards). */
const giftCardsOf = (order: ShopperOrder) => order.gift_cards ?? [];

/** What the gift cards paid of the order, less what has been given back to them since. */
const giftCardsPaid = (order: ShopperOrder) =>
  giftCardsOf(order).reduce((sum, g) => sum + g.amount - g.refunded, 0);

/** Paid with gift cards: what each paid (and got back from a refund), and what the payment covered. */
function GiftCardPayments({ order }: { order: ShopperOrder }) {
  const { t, locale } = useI18n();
  const cards = giftCardsOf(order);
  if (cards.length === 0) return null;
  const m = (n: number) => formatMoney(n, order.currency, locale);
  const byCards = order.gift_card_total ?? cards.reduce((sum, g) => sum + g.amount, 0);
  const rest = order.totals.total - byCards;
  const manual = order.manual_payment;
  return (
    <ul
      className="mt-3 flex flex-col gap-1 border-t border-stone-200 pt-3 text-sm"
      data-testid="order-gift-cards"
    >
      {cards.map((g) => (
        <li key={g.gift_card_id}>
          {t('order.paid_gift_card', { last: g.last_characters, amount: m(g.amount) })}
          {g.refunded > 0 ? ` — ${t('order.gift_card_returned', { amount: m(g.refunded) })}` : ''}
        </li>
      ))}
      {rest > 0 ? (
        <li data-testid="order-paid-rest">
          {manual
            ? t('order.rest_by', { method: t(`payment.${manual.method}`), amount: m(rest) })
            : t('order.paid_by_card', { amount: m(rest) })}
        </li>
      ) : null}
    </ul>
  );
}
