import { useQuery } from '@tanstack/react-query';
import { Link, Outlet, useRouterState } from '@tanstack/react-router';
import { useEffect } from 'react';
import { cartQuery, categoriesQuery, paymentMethodsQuery } from '../api.ts';
import type { PageHead } from '../head.ts';
import { LOCALES, useI18n } from '../i18n.ts';
import { useShopperState } from '../session.ts';
import { useShop } from '../shop.ts';
import { SearchBox } from './SearchBox.tsx';

const LANGUAGE_NAMES = { en: 'English', vi: 'Tiếng Việt' } as const;

/** Shopper preferences are cookies, so that the server renders the next page in them. */
function choose(name: 'lang' | 'currency', value: string) {
  document.cookie = `${name}=${encodeURIComponent(value)}; path=/; max-age=31536000; samesite=lax`;
  location.reload();
}

function CartLink() {
  const { api } = useShop();
  const { t } = useI18n();
  const { cartId } = useShopperState();
  const cart = useQuery({ ...cartQuery(api, cartId), enabled: !!cartId });
  const count = cart.data?.status === 'active' ? cart.data.item_count : 0;
  return (
    <Link to="/cart" className="relative flex items-center gap-1 rounded-lg px-2 py-2 hover:bg-white/10">
      <svg
        aria-hidden="true"
        viewBox="0 0 24 24"
        className="h-6 w-6"
        fill="none"
        stroke="currentColor"
        strokeWidth="2"
      >
        <path d="M3 4h2l2.4 11.2a2 2 0 0 0 2 1.6h7.7a2 2 0 0 0 2-1.5L21 8H6" />
        <circle cx="10" cy="20" r="1.4" />
        <circle cx="17" cy="20" r="1.4" />
      </svg>
      <span className="sr-only sm:not-sr-only">{t('nav.cart')}</span>
      {count > 0 ? (
        <span
          data-testid="cart-count"
          className="rounded-full bg-amber-500 px-1.5 text-xs font-bold text-stone-950"
        >
          {count}
        </span>
      ) : null}
    </Link>
  );
}

export function Layout() {
  const { shop, api, currency } = useShop();
  const { t, locale } = useI18n();
  const categories = useQuery(categoriesQuery(api));
  // "No real money moves" is true of the test processor only (a shop on Stripe takes real cards).
  const testPayments = useQuery(paymentMethodsQuery(api)).data?.card?.provider === 'test';
  const head = useRouterState({
    select: (s) => (s.matches.at(-1)?.loaderData as { head?: PageHead } | undefined)?.head,
  });
  const q = useRouterState({
    select: (s) => (s.location.pathname === '/search' ? String(s.location.search.q ?? '') : ''),
  });
  useEffect(() => {
    if (head?.title) document.title = head.title;
  }, [head?.title]);
  // The page is live (tests wait for this before clicking).
  useEffect(() => {
    document.documentElement.dataset.hydrated = 'true';
  }, []);

  return (
    <div className="flex min-h-screen flex-col">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:z-50 focus:bg-white focus:p-2"
      >
        {t('shop.skip')}
      </a>
      <header className="bg-stone-900 text-white">
        <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-3 gap-y-2 px-4 py-3">
          <Link to="/" className="flex items-center gap-2 text-lg font-bold tracking-tight">
            <img src="/favicon.svg" alt="" width={28} height={28} />
            {shop.storeName}
          </Link>
          <div className="order-last w-full sm:order-none sm:w-auto sm:flex-1">
            <SearchBox initial={q} />
          </div>
          <nav aria-label={t('nav.account')} className="ml-auto flex items-center gap-1 sm:ml-0">
            <Link to="/account" className="rounded-lg px-2 py-2 hover:bg-white/10">
              {t('nav.account')}
            </Link>
            <CartLink />
          </nav>
        </div>
        <nav aria-label={t('nav.categories')} className="border-t border-white/10">
          <ul className="mx-auto flex max-w-6xl gap-1 overflow-x-auto px-2 text-sm">
            {(categories.data?.data ?? []).map((c) => (
              <li key={c.id} className="shrink-0">
                <Link
                  to="/categories/$handle"
                  params={{ handle: c.handle }}
                  className="block px-2 py-2 text-stone-200 hover:text-white"
                  activeProps={{ className: 'block px-2 py-2 text-amber-300' }}
                >
                  {c.name}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
      </header>
      <main id="main" className="mx-auto w-full max-w-6xl flex-1 px-4 py-6">
        <Outlet />
      </main>
      <footer className="border-t border-stone-200 bg-white">
        <div className="mx-auto flex max-w-6xl flex-wrap items-end gap-4 px-4 py-6 text-sm text-stone-700">
          <label className="flex flex-col gap-1">
            {t('settings.language')}
            <select
              value={locale}
              onChange={(e) => choose('lang', e.target.value)}
              className="rounded border border-stone-300 bg-white px-2 py-1"
            >
              {LOCALES.map((l) => (
                <option key={l} value={l}>
                  {LANGUAGE_NAMES[l]}
                </option>
              ))}
            </select>
          </label>
          <label className="flex flex-col gap-1">
            {t('settings.currency')}
            <select
              value={currency}
              onChange={(e) => choose('currency', e.target.value)}
              className="rounded border border-stone-300 bg-white px-2 py-1"
            >
              {shop.currencies.map((c) => (
                <option key={c} value={c}>
                  {c}
                </option>
              ))}
            </select>
          </label>
          {testPayments && (
            <p className="basis-full text-stone-600 sm:ml-auto sm:basis-auto">{t('footer.note')}</p>
          )}
        </div>
      </footer>
    </div>
  );
}
