import { useQueryClient } from '@tanstack/react-query';
import { Link, Outlet, useNavigate, useRouterState } from '@tanstack/react-router';
import { useEffect, useId, useState } from 'react';
import { api } from './api/client.ts';
import { session } from './api/session.ts';
import { useI18n } from './i18n/I18n.tsx';
import type { MessageKey } from './i18n/catalog.ts';
import { LanguageSwitch } from './LanguageSwitch.tsx';
import { useLiveSync } from './lib/live-sync.tsx';
import { useCan, useMe, useStore } from './lib/me.ts';

interface NavItem {
  to: string;
  label: MessageKey;
  permission: string | null;
  /** A page within the one above (Draft orders under Orders): indented. */
  sub?: boolean;
}

const NAV: NavItem[] = [
  { to: '/', label: 'nav.dashboard', permission: 'reports.read' },
  { to: '/orders', label: 'nav.orders', permission: 'orders.read' },
  { to: '/draft-orders', label: 'nav.draftOrders', permission: 'orders.read', sub: true },
  { to: '/disputes', label: 'nav.disputes', permission: 'payments.read', sub: true },
  { to: '/products', label: 'nav.products', permission: 'catalog.read' },
  { to: '/inventory', label: 'nav.inventory', permission: 'inventory.read' },
  { to: '/customers', label: 'nav.customers', permission: 'customers.read' },
  { to: '/customer-groups', label: 'nav.customerGroups', permission: 'customers.read' },
  { to: '/coupons', label: 'nav.coupons', permission: 'promotions.read' },
  { to: '/gift-cards', label: 'nav.giftCards', permission: 'gift_cards.read' },
  { to: '/recovery/carts', label: 'nav.abandonedCarts', permission: 'recovery.read' },
  { to: '/recovery/analytics', label: 'nav.recoveryAnalytics', permission: 'recovery.read' },
  { to: '/recovery/campaigns', label: 'nav.campaigns', permission: 'recovery.read' },
  { to: '/recovery/templates', label: 'nav.templates', permission: 'messaging.read' },
  { to: '/recovery/channels', label: 'nav.channels', permission: 'messaging.read' },
  { to: '/recovery/settings', label: 'nav.recoverySettings', permission: 'recovery.read' },
  { to: '/settings/payments', label: 'nav.paymentSettings', permission: 'payments.read' },
  { to: '/settings/shipping', label: 'nav.shippingSettings', permission: 'shipping.read' },
  { to: '/settings/orders', label: 'nav.orderSettings', permission: 'orders.read' },
  { to: '/settings/marketing', label: 'nav.marketingSettings', permission: 'customers.read' },
  { to: '/api-keys', label: 'nav.apiKeys', permission: 'api_keys.read' },
  { to: '/webhooks', label: 'nav.webhooks', permission: 'webhooks.read' },
  { to: '/staff', label: 'nav.staff', permission: 'staff.read' },
  { to: '/audit-log', label: 'nav.auditLog', permission: 'audit.read' },
  { to: '/account', label: 'nav.account', permission: null },
];

/** Signs the member out: the server ends the session, the tab forgets the tokens. */
export function useSignOut() {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  return async () => {
    try {
      await api.post('/admin/v1/auth/logout');
    } catch {
      // Signed out locally whatever the server said: the tokens are forgotten below.
    }
    session.clear();
    queryClient.clear();
    await navigate({ to: '/login' });
  };
}

/** The signed-in layout: navigation (a menu on phones), the store, live status, language, sign-out. */
export function Shell() {
  const { t } = useI18n();
  const can = useCan();
  const me = useMe();
  const store = useStore();
  const live = useLiveSync();
  const signOut = useSignOut();
  const [menuOpen, setMenuOpen] = useState(false);
  const menuId = useId();
  const pathname = useRouterState({ select: (s) => s.location.pathname });
  useEffect(() => setMenuOpen(false), [pathname]);

  const items = NAV.filter((item) => item.permission === null || can(item.permission));

  return (
    <div className="min-h-screen md:flex">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2"
      >
        {t('nav.skip')}
      </a>
      <header className="flex items-center justify-between gap-2 bg-indigo-900 px-4 py-3 text-white md:hidden">
        <span className="font-semibold">{store.data?.name ?? 'Carton'}</span>
        <button
          type="button"
          aria-expanded={menuOpen}
          aria-controls={menuId}
          onClick={() => setMenuOpen((o) => !o)}
          className="rounded border border-indigo-300 px-3 py-1 text-sm"
        >
          {t('nav.menu')}
        </button>
      </header>
      <nav
        id={menuId}
        aria-label={t('nav.label')}
        className={`${menuOpen ? 'block' : 'hidden'} bg-indigo-900 text-indigo-50 md:sticky md:top-0 md:block md:h-screen md:w-60 md:shrink-0 md:overflow-y-auto`}
      >
        <div className="hidden px-5 pt-5 pb-3 md:block">
          <p className="text-lg font-semibold text-white">Carton</p>
          <p className="truncate text-sm text-indigo-200">{store.data?.name}</p>
        </div>
        <ul className="space-y-0.5 px-2 py-2">
          {items.map((item) => (
            <li key={item.to}>
              <Link
                to={item.to}
                activeOptions={{ exact: item.to === '/' }}
                className={`block rounded-md py-2 pr-3 text-sm hover:bg-indigo-800 focus-visible:outline-2 focus-visible:outline-white ${item.sub ? 'pl-7' : 'pl-3'}`}
                activeProps={{ className: 'bg-indigo-700 font-semibold text-white', 'aria-current': 'page' }}
              >
                {t(item.label)}
              </Link>
            </li>
          ))}
        </ul>
        <div className="space-y-3 border-t border-indigo-800 px-4 py-4 text-sm">
          <p className="flex items-center gap-2" role="status">
            <span
              aria-hidden="true"
              className={`inline-block h-2.5 w-2.5 rounded-full ${live === 'open' ? 'bg-emerald-400' : live === 'connecting' ? 'bg-amber-300' : 'bg-slate-400'}`}
            />
            {t(`live.${live}`)}
          </p>
          <LanguageSwitch dark />
          {me.data && <p className="truncate text-indigo-200">{me.data.user.email}</p>}
          <button
            type="button"
            onClick={() => void signOut()}
            className="w-full rounded-md border border-indigo-400 px-3 py-1.5 text-left hover:bg-indigo-800"
          >
            {t('nav.signOut')}
          </button>
        </div>
      </nav>
      <main id="main" className="min-w-0 flex-1" tabIndex={-1}>
        <Outlet />
      </main>
    </div>
  );
}
