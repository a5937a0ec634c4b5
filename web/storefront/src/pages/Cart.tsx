import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { cartQuery, type Cart } from '../api.ts';
import { useCartActions } from '../cart.ts';
import { LineDetailsEditor } from '../components/LineEditor.tsx';
import { LineProperties } from '../components/LineProperties.tsx';
import { formatMoney, useI18n } from '../i18n.ts';
import { useHydrated, useShopperState } from '../session.ts';
import { ApiError, useShop } from '../shop.ts';

/**
 * A cart's (or a draft order's) totals. For a tax-exempt shopper: the tax taken off tax-inclusive
 * prices, and "Tax exempt" where the tax would be.
 */
export function Totals({ cart }: { cart: Cart }) {
  const { t, locale } = useI18n();
  const m = (n: number) => formatMoney(n, cart.currency, locale);
  const tt = cart.totals;
  const pickup = cart.shipping_method?.pickup;
  return (
    <dl className="grid grid-cols-[1fr_auto] gap-x-4 gap-y-1 text-sm" data-testid="totals">
      <dt>{t('cart.subtotal')}</dt>
      <dd className="text-right">{m(tt.subtotal)}</dd>
      {tt.discount_total ? (
        <>
          <dt>{t('cart.discount')}</dt>
          <dd className="text-right">−{m(tt.discount_total)}</dd>
        </>
      ) : null}
      {/* An exempt shopper does not pay the tax included in the prices: it is taken off. */}
      {tt.tax_exemption > 0 ? (
        <>
          <dt>{t('cart.tax_exemption')}</dt>
          <dd className="text-right" data-testid="tax-exemption">
            −{m(tt.tax_exemption)}
          </dd>
        </>
      ) : null}
      {/* Collected at the shop: the row says where. Nothing in the cart ships: no row at all. */}
      {cart.requires_shipping === false ? null : (
        <>
          <dt>{pickup ? t('checkout.pickup_at', { name: pickup.name }) : t('cart.shipping')}</dt>
          <dd className="text-right">
            {cart.shipping_method ? m(tt.shipping_total) : t('cart.shipping_later')}
          </dd>
        </>
      )}
      {tt.tax_exempt ? (
        <>
          <dt>{t('cart.tax_exempt')}</dt>
          <dd className="text-right">{m(tt.tax_total)}</dd>
        </>
      ) : tt.tax_total && !tt.tax_inclusive ? (
        <>
          <dt>{t('cart.tax')}</dt>
          <dd className="text-right">{m(tt.tax_total)}</dd>
        </>
      ) : null}
      <dt className="border-t border-stone-200 pt-2 text-base font-semibold">{t('cart.total')}</dt>
      <dd className="border-t border-stone-200 pt-2 text-right text-base font-semibold" data-testid="total">
        {m(tt.total)}
      </dd>
    </dl>
  );
}

export function CartLines({ cart, editable }: { cart: Cart; editable: boolean }) {
  const { t, locale } = useI18n();
  const { setQuantity } = useCartActions();
  // A line whose details were told the same as another line's: the two became one.
  const [merged, setMerged] = useState(false);
  return (
    <>
      {merged ? (
        <p role="status" className="rounded-lg bg-stone-100 p-3 text-sm" data-testid="lines-merged">
          {t('cart.details_merged')}
        </p>
      ) : null}
      <ul className="divide-y divide-stone-200 rounded-xl border border-stone-200 bg-white">
        {cart.lines.map((line) => (
          <li key={line.id} className="flex gap-3 p-3">
            {line.image_url ? (
              <img
                src={line.image_url}
                alt=""
                width={72}
                height={72}
                className="h-18 w-18 rounded-lg bg-stone-100 object-cover"
              />
            ) : null}
            <div className="flex min-w-0 flex-1 flex-col gap-1">
              <span className="font-medium">{line.product_title}</span>
              <span className="text-sm text-stone-600">{line.variant_title}</span>
              <LineProperties properties={line.properties} giftCard={line.gift_card} />
              {/* A gift card: its code comes by e-mail, nothing is shipped. */}
              {line.gift_card ? (
                <span className="text-xs text-stone-600" data-testid="line-gift-card">
                  {t('cart.line_gift_card')}
                </span>
              ) : line.requires_shipping === false ? (
                <span className="text-xs text-stone-600" data-testid="line-ships-nothing">
                  {t('cart.line_ships_nothing')}
                </span>
              ) : null}
              {editable ? <LineDetailsEditor line={line} onMerged={() => setMerged(true)} /> : null}
              {editable ? (
                <div className="flex items-center gap-3 text-sm">
                  <label>
                    <span className="sr-only">{t('cart.quantity_of', { title: line.product_title })}</span>
                    <select
                      value={line.quantity}
                      onChange={(e) =>
                        setQuantity.mutate({ lineId: line.id, quantity: Number(e.target.value) })
                      }
                      className="rounded border border-stone-300 bg-white px-2 py-1"
                    >
                      {Array.from({ length: Math.max(10, line.quantity) }, (_, i) => i + 1).map((n) => (
                        <option key={n} value={n}>
                          {n}
                        </option>
                      ))}
                    </select>
                  </label>
                  <button
                    type="button"
                    className="text-red-800 underline"
                    onClick={() => setQuantity.mutate({ lineId: line.id, quantity: 0 })}
                  >
                    {t('cart.remove')}
                  </button>
                </div>
              ) : (
                <span className="text-sm">× {line.quantity}</span>
              )}
            </div>
            <span className="font-medium">{formatMoney(line.subtotal, cart.currency, locale)}</span>
          </li>
        ))}
      </ul>
    </>
  );
}

/** A coupon code for the shopper's cart (the cart page and the checkout): applied, or why not. */
export function CouponForm() {
  const { t } = useI18n();
  const { applyCoupon } = useCartActions();
  const [code, setCode] = useState('');
  const couponError = applyCoupon.error instanceof ApiError ? applyCoupon.error.message : null;
  return (
    <form
      className="flex flex-col gap-1 text-sm"
      onSubmit={(e) => {
        e.preventDefault();
        if (code.trim()) applyCoupon.mutate(code.trim());
      }}
    >
      <label htmlFor="coupon">{t('cart.coupon')}</label>
      <div className="flex gap-2">
        <input
          id="coupon"
          value={code}
          onChange={(e) => setCode(e.target.value)}
          className="min-w-0 flex-1 rounded-lg border border-stone-300 px-2 py-2"
        />
        <button type="submit" className="rounded-lg border border-stone-400 px-3 py-2">
          {t('cart.apply')}
        </button>
      </div>
      {couponError ? (
        <p role="alert" className="text-red-700">
          {couponError}
        </p>
      ) : null}
    </form>
  );
}

export function CartPage() {
  const { api } = useShop();
  const { t } = useI18n();
  const hydrated = useHydrated();
  const { cartId } = useShopperState();
  const cart = useQuery({ ...cartQuery(api, cartId), enabled: hydrated && !!cartId });

  if (!hydrated || (cartId && cart.isPending)) return <p>{t('loading')}</p>;
  const data = cart.data?.status === 'active' ? cart.data : null;
  if (!data || data.lines.length === 0) {
    return (
      <div className="py-12 text-center">
        <h1 className="text-2xl font-bold">{t('cart.title')}</h1>
        <p className="mt-2">{t('cart.empty')}</p>
        <Link to="/" className="mt-6 inline-block rounded-lg bg-stone-900 px-4 py-2 text-white">
          {t('cart.continue')}
        </Link>
      </div>
    );
  }
  return (
    <div className="grid gap-6 md:grid-cols-[1fr_20rem]">
      <section className="flex flex-col gap-3">
        <h1 className="text-2xl font-bold">{t('cart.title')}</h1>
        {/* A line joined to its twin is told in the shop's words by the line editor. */}
        {data.notices
          .filter((n) => !(n.code === 'line_removed' && n.reason === 'merged'))
          .map((n, i) => (
            <p key={i} role="alert" className="rounded-lg bg-amber-50 p-3 text-sm text-amber-900">
              {n.message}
            </p>
          ))}
        <CartLines cart={data} editable />
      </section>
      <aside className="flex flex-col gap-4 self-start rounded-xl border border-stone-200 bg-white p-4">
        <Totals cart={data} />
        <CouponForm />
        <Link
          to="/checkout"
          search={{ cart: undefined, payment_intent: undefined }}
          className="rounded-lg bg-stone-900 px-4 py-3 text-center font-semibold text-white hover:bg-stone-700"
        >
          {t('cart.checkout')}
        </Link>
      </aside>
    </div>
  );
}
