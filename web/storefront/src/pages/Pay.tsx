import { useQuery } from '@tanstack/react-query';
import { getRouteApi, Link } from '@tanstack/react-router';
import type { Checkout, DraftOrder } from '../api.ts';
import { GiftCardsAndPayment, payableByGiftCards, useGiftCards } from '../components/GiftCards.tsx';
import { PaymentNotice, usePayment } from '../components/Payment.tsx';
import { formatMoney, useI18n } from '../i18n.ts';
import { useHydrated, useShopperState } from '../session.ts';
import { ApiError, unwrap, useShop } from '../shop.ts';
import { CartLines, Totals } from './Cart.tsx';

const route = getRouteApi('/pay/$draftId');

/**
 * A draft order's payment page: staff prepared the order and sent its signed link
 * (`/pay/{draftId}?token=`); the customer checks it and pays as at the checkout, gift card codes
 * first if they have any.
 */
export function PayPage() {
  const hydrated = useHydrated();
  const { t } = useI18n();
  if (!hydrated) return <p>{t('loading')}</p>;
  return <PayDraft />;
}

function PayDraft() {
  const { api, shop } = useShop();
  const { t } = useI18n();
  const { draftId } = route.useParams();
  const search = route.useSearch();
  const token = search.token ?? '';
  const link = { params: { path: { draftId }, query: { token } } };
  const draft = useQuery({
    queryKey: ['draft-order', draftId, token],
    queryFn: () => unwrap(api.GET('/store/v1/draft-orders/{draftId}', link)),
    enabled: !!token,
    retry: false,
  });
  // Gift card codes pay first, as at the checkout. Only codes: the link, not a signed-in account,
  // opens this page, so the shopper's own cards (sent by id) are not offered.
  const gift = useGiftCards({
    total: draft.data?.totals.total ?? 0,
    // Gift cards never pay for gift cards: they pay what the draft's other lines cost.
    payable: payableByGiftCards(draft.data),
    currency: draft.data?.currency ?? '',
    signedIn: false,
  });
  const payment = usePayment({
    complete: (body) =>
      unwrap(api.POST('/store/v1/draft-orders/{draftId}/complete', { ...link, body })) as Promise<Checkout>,
    attempt: () => unwrap(api.GET('/store/v1/draft-orders/{draftId}/checkout', link)),
    refresh: () => draft.refetch(),
    returnUrl: () =>
      `${location.origin}/pay/${encodeURIComponent(draftId)}?token=${encodeURIComponent(token)}`,
    resumeFrom: search.payment_intent && token ? draftId : undefined,
    declined: 'pay.declined',
    changed: 'pay.changed',
    refused: gift.refused,
  });

  if (!token) return <BadLink />;
  if (draft.isPending) return <p>{t('loading')}</p>;
  if (draft.error) {
    // A forged, altered or expired link is a 404 (a mangled token a 400): the link, not the shopper.
    const status = draft.error instanceof ApiError ? draft.error.status : 0;
    if (status === 400 || status === 404) return <BadLink />;
    return (
      <div className="py-12 text-center" role="alert">
        <p>{status === 0 ? t('error.network') : t('error.generic')}</p>
        <button type="button" className="mt-4 underline" onClick={() => void draft.refetch()}>
          {t('pay.retry')}
        </button>
      </div>
    );
  }
  const data = draft.data;
  if (data.status === 'completed') return <Paid draft={data} token={token} />;
  if (data.status !== 'active') return <BadLink expired />;
  if (payment.returning) {
    return (
      <div className="py-12 text-center" role="status">
        {payment.message?.text ?? t('checkout.waiting')}
      </div>
    );
  }

  const section = 'rounded-xl border border-stone-200 bg-white p-4';
  return (
    <div className="grid gap-6 md:grid-cols-[1fr_20rem]">
      <div className="flex flex-col gap-4">
        <div>
          <h1 className="text-2xl font-bold">{t('pay.title', { store: shop.storeName })}</h1>
          <p className="mt-1 text-stone-700">{t('pay.lead')}</p>
        </div>
        <PaymentNotice flow={payment} />
        <section aria-labelledby="pay-items" data-testid="pay-lines">
          <h2 id="pay-items" className="mb-2 text-lg font-semibold">
            {t('order.items')}
          </h2>
          <CartLines cart={data} editable={false} />
        </section>
        <OrderDetails draft={data} />
      </div>
      <aside className="flex flex-col gap-4 self-start">
        <div className={section}>
          <Totals cart={data} />
        </div>
        <section className={section} aria-labelledby="pay-payment">
          <h2 id="pay-payment" className="text-lg font-semibold">
            {t('checkout.payment')}
          </h2>
          {data.lines.length ? (
            <GiftCardsAndPayment
              gift={gift}
              flow={payment}
              total={data.totals.total}
              currency={data.currency}
            />
          ) : null}
        </section>
      </aside>
    </div>
  );
}

/** Where it goes and how, the shop's note, and where the confirmation is sent. */
function OrderDetails({ draft }: { draft: DraftOrder }) {
  const { t, locale } = useI18n();
  const a = draft.shipping_address;
  const method = draft.shipping_method;
  return (
    <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 rounded-xl border border-stone-200 bg-white p-4 text-sm">
      {a ? (
        <>
          <dt className="font-medium">{t('order.ship_to')}</dt>
          <dd data-testid="pay-address">
            {[a.first_name, a.last_name].filter(Boolean).join(' ')}
            {a.first_name || a.last_name ? <br /> : null}
            {a.company ? (
              <>
                {a.company}
                <br />
              </>
            ) : null}
            {a.line1}
            {a.line2 ? `, ${a.line2}` : ''}
            <br />
            {[a.city, a.region, a.postal_code, a.country].filter(Boolean).join(', ')}
          </dd>
        </>
      ) : null}
      {/* Nothing in it ships (digital goods, services): said, rather than no address at all. */}
      {draft.requires_shipping === false ? (
        <>
          <dt className="font-medium">{t('order.delivery')}</dt>
          <dd data-testid="pay-ships-nothing">{t('order.nothing_ships')}</dd>
        </>
      ) : null}
      {method ? (
        <>
          <dt className="font-medium">{t('checkout.shipping')}</dt>
          <dd>
            {method.name}
            {method.estimate ? (
              <span className="block text-stone-600">
                {t('checkout.days', { min: method.estimate.min_days, max: method.estimate.max_days })}
              </span>
            ) : null}
            <span className="block text-stone-600">
              {draft.totals.shipping_total === 0
                ? t('checkout.free')
                : formatMoney(draft.totals.shipping_total, draft.currency, locale)}
            </span>
          </dd>
        </>
      ) : null}
      {draft.note ? (
        <>
          <dt className="font-medium">{t('pay.note')}</dt>
          <dd className="whitespace-pre-line" data-testid="pay-note">
            {draft.note}
          </dd>
        </>
      ) : null}
      {draft.email ? (
        <dd className="col-span-2 text-stone-700">{t('pay.email', { email: draft.email })}</dd>
      ) : null}
    </dl>
  );
}

/** Paid already (through this link, or the shop took the payment): the order, when it can be shown. */
function Paid({ draft, token }: { draft: DraftOrder; token: string }) {
  const { api } = useShop();
  const { t } = useI18n();
  const { session } = useShopperState();
  const { draftId } = route.useParams();
  // The draft's checkout attempt (the customer's, or staff's when they placed it) names the order
  // with its signed status link.
  const attempt = useQuery({
    queryKey: ['draft-order', draftId, token, 'checkout'],
    queryFn: () =>
      unwrap(
        api.GET('/store/v1/draft-orders/{draftId}/checkout', {
          params: { path: { draftId }, query: { token } },
        }),
      ),
    retry: false,
  });
  const order = attempt.data?.order;
  const target = order
    ? { orderId: order.id, token: order.access_token ?? undefined }
    : draft.order_id && session
      ? { orderId: draft.order_id, token: undefined }
      : null;
  return (
    <div className="mx-auto flex max-w-xl flex-col items-center gap-3 py-12 text-center">
      <h1 className="text-2xl font-bold">{t('pay.paid')}</h1>
      <p>{t('pay.paid_lead')}</p>
      {attempt.isPending ? null : target ? (
        <Link
          to="/orders/$orderId"
          params={{ orderId: target.orderId }}
          search={{ token: target.token }}
          className="rounded-lg bg-stone-900 px-4 py-2 font-semibold text-white hover:bg-stone-700"
        >
          {t('pay.view_order')}
        </Link>
      ) : (
        <Link to="/" className="underline">
          {t('cart.continue')}
        </Link>
      )}
    </div>
  );
}

/** A link that opens nothing: forged, altered, cut short or expired (the API never says which). */
function BadLink({ expired = false }: { expired?: boolean }) {
  const { t } = useI18n();
  return (
    <div className="mx-auto flex max-w-xl flex-col items-center gap-3 py-12 text-center">
      <h1 className="text-2xl font-bold">{expired ? t('pay.expired') : t('pay.bad_link')}</h1>
      <p>{t('pay.bad_link_lead')}</p>
      <Link to="/" className="underline">
        {t('cart.continue')}
      </Link>
    </div>
  );
}
