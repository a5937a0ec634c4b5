import {
  createRootRouteWithContext,
  createRoute,
  createRouter,
  lazyRouteComponent,
  notFound,
  type RouterHistory,
} from '@tanstack/react-router';
import { categoriesQuery, flattenCategories, productQuery, searchQuery, type ListingFilters } from './api.ts';
import { productHead, categoryHead, pageHead, type PageHead } from './head.ts';
import { Layout } from './components/Layout.tsx';
import { NotFound } from './pages/NotFound.tsx';
import { HomePage } from './pages/Home.tsx';
import { CategoryPage } from './pages/Category.tsx';
import { SearchPage } from './pages/Search.tsx';
import { ProductPage } from './pages/Product.tsx';
import { CartPage } from './pages/Cart.tsx';
import { ApiError, type ShopContext } from './shop.ts';
import { translator } from './i18n.ts';

/** Search parameters as plain `a=1&a=2` (readable, shareable filter URLs), not JSON. */
function parseSearch(search: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of new URLSearchParams(search)) {
    const prev = out[k];
    out[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return out;
}
function stringifySearch(search: Record<string, unknown>): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(search)) {
    if (v === undefined || v === null || v === '' || v === false) continue;
    for (const one of Array.isArray(v) ? v : [v]) params.append(k, String(one));
  }
  const s = params.toString();
  return s ? `?${s}` : '';
}

const list = (v: unknown): string[] | undefined =>
  v === undefined ? undefined : (Array.isArray(v) ? v : [v]).map(String).filter(Boolean).slice(0, 20);
const SORTS = ['relevance', 'newest', 'price_asc', 'price_desc', 'title'] as const;

export function listingSearch(s: Record<string, unknown>): ListingFilters {
  const sort = SORTS.find((x) => x === s.sort);
  const limit = Number(s.limit);
  return {
    q: typeof s.q === 'string' ? s.q.slice(0, 200) : undefined,
    brand: list(s.brand),
    option: list(s.option),
    price: typeof s.price === 'string' && /^\d*-\d*$/.test(s.price) ? s.price : undefined,
    in_stock: s.in_stock === 'true' || s.in_stock === true ? true : undefined,
    sort,
    limit: Number.isInteger(limit) && limit > 24 && limit <= 96 ? limit : undefined,
  };
}

const rootRoute = createRootRouteWithContext<ShopContext>()({
  // Every page's header lists the categories: fetched with the page, not after it.
  loader: ({ context: { queryClient, api } }) => queryClient.ensureQueryData(categoriesQuery(api)),
  component: Layout,
  notFoundComponent: NotFound,
});

const homeRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/',
  loader: async ({ context: { queryClient, api, currency, shop, locale } }) => {
    await Promise.all([
      queryClient.ensureQueryData(categoriesQuery(api)),
      queryClient.ensureQueryData(searchQuery(api, currency, { sort: 'newest', limit: 8 })),
    ]);
    const t = translator(locale);
    return { head: pageHead(shop, `${shop.storeName} — ${t('home.title')}`, t('home.lead'), '/') };
  },
  component: HomePage,
});

const categoryRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/categories/$handle',
  validateSearch: listingSearch,
  loaderDeps: ({ search }) => search,
  loader: async ({ context: { queryClient, api, currency, shop }, params, deps }) => {
    const tree = await queryClient.ensureQueryData(categoriesQuery(api));
    const found = flattenCategories(tree.data).find((c) => c.category.handle === params.handle);
    if (!found) throw notFound();
    await queryClient.ensureQueryData(searchQuery(api, currency, deps, found.category.id));
    return { category: found.category, path: found.path, head: categoryHead(shop, found.category) };
  },
  component: CategoryPage,
});

const searchRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/search',
  validateSearch: listingSearch,
  loaderDeps: ({ search }) => search,
  loader: async ({ context: { queryClient, api, currency, shop, locale }, deps }) => {
    await queryClient.ensureQueryData(searchQuery(api, currency, deps));
    const t = translator(locale);
    const head: PageHead = pageHead(
      shop,
      `${t('search.submit')}: ${deps.q ?? ''}`,
      t('search.label'),
      '/search',
    );
    return { head: { ...head, noindex: true } };
  },
  component: SearchPage,
});

const productRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/products/$handle',
  loader: async ({ context: { queryClient, api, currency, shop, locale }, params }) => {
    try {
      const product = await queryClient.ensureQueryData(productQuery(api, params.handle, locale, currency));
      return { head: productHead(shop, product) };
    } catch (err) {
      if (err instanceof ApiError && err.status === 404) throw notFound();
      throw err;
    }
  },
  component: ProductPage,
});

const cartRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/cart',
  loader: ({ context: { shop, locale } }) => ({
    head: { ...pageHead(shop, translator(locale)('cart.title'), '', '/cart'), noindex: true },
  }),
  component: CartPage,
});

// Checkout, order and payment-link pages and the account are their own chunks: the product page does not load them.
const privateHead = ({ context: { shop } }: { context: ShopContext }) => ({
  head: { ...pageHead(shop, shop.storeName, '', null), noindex: true },
});
const checkoutRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/checkout',
  validateSearch: (s: Record<string, unknown>) => ({
    cart: typeof s.cart === 'string' ? s.cart : undefined,
    payment_intent: typeof s.payment_intent === 'string' ? s.payment_intent : undefined,
  }),
  loader: privateHead,
  component: lazyRouteComponent(() => import('./pages/Checkout.tsx'), 'CheckoutPage'),
});
const orderRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/orders/$orderId',
  validateSearch: (s: Record<string, unknown>) => ({
    token: typeof s.token === 'string' ? s.token : undefined,
  }),
  loader: privateHead,
  component: lazyRouteComponent(() => import('./pages/Order.tsx'), 'OrderPage'),
});
// A draft order's payment link (staff prepared the order, the customer pays): never indexed.
const payRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/pay/$draftId',
  validateSearch: (s: Record<string, unknown>) => ({
    token: typeof s.token === 'string' ? s.token : undefined,
    // Back from the bank's page (3-D Secure): the payment it answered for.
    payment_intent: typeof s.payment_intent === 'string' ? s.payment_intent : undefined,
  }),
  loader: ({ context: { shop, locale } }) => ({
    head: {
      ...pageHead(shop, translator(locale)('pay.title', { store: shop.storeName }), '', null),
      noindex: true,
    },
  }),
  component: lazyRouteComponent(() => import('./pages/Pay.tsx'), 'PayPage'),
});
const accountRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/account',
  loader: privateHead,
  component: lazyRouteComponent(() => import('./pages/Account.tsx'), 'AccountPage'),
});
const resetRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/account/reset-password',
  validateSearch: (s: Record<string, unknown>) => ({
    token: typeof s.token === 'string' ? s.token : undefined,
  }),
  loader: privateHead,
  component: lazyRouteComponent(() => import('./pages/Account.tsx'), 'ResetPasswordPage'),
});

// A customer the shop added accepts its e-mailed invitation: chooses a password and is signed in.
const activateRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/account/activate',
  validateSearch: (s: Record<string, unknown>) => ({
    token: typeof s.token === 'string' ? s.token : undefined,
  }),
  loader: ({ context: { shop, locale } }) => ({
    head: {
      ...pageHead(shop, `${translator(locale)('activate.title')} | ${shop.storeName}`, '', null),
      noindex: true,
    },
  }),
  component: lazyRouteComponent(() => import('./pages/Account.tsx'), 'ActivateAccountPage'),
});

// The link e-mailed at registration: proves the address, so guest orders placed with it join the account.
const verifyEmailRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/account/verify-email',
  validateSearch: (s: Record<string, unknown>) => ({
    token: typeof s.token === 'string' ? s.token : undefined,
  }),
  loader: ({ context: { shop, locale } }) => ({
    head: {
      ...pageHead(shop, `${translator(locale)('verify.title')} | ${shop.storeName}`, '', null),
      noindex: true,
    },
  }),
  component: lazyRouteComponent(() => import('./pages/Account.tsx'), 'VerifyEmailPage'),
});

// The double opt-in link e-mailed to a shopper who asked for news and offers: confirmed by a press, never on opening.
const newsletterConfirmRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/newsletter/confirm',
  validateSearch: (s: Record<string, unknown>) => ({
    token: typeof s.token === 'string' ? s.token : undefined,
  }),
  loader: ({ context: { shop, locale } }) => ({
    head: {
      ...pageHead(shop, `${translator(locale)('newsletter.confirm_title')} | ${shop.storeName}`, '', null),
      noindex: true,
    },
  }),
  component: lazyRouteComponent(() => import('./pages/Newsletter.tsx'), 'NewsletterConfirmPage'),
});

const routeTree = rootRoute.addChildren([
  homeRoute,
  categoryRoute,
  searchRoute,
  productRoute,
  cartRoute,
  checkoutRoute,
  orderRoute,
  payRoute,
  accountRoute,
  resetRoute,
  activateRoute,
  verifyEmailRoute,
  newsletterConfirmRoute,
]);

export function createShopRouter(context: ShopContext, history?: RouterHistory) {
  return createRouter({
    routeTree,
    context,
    history,
    parseSearch,
    stringifySearch,
    defaultPreload: 'intent',
    // Loaders read through the query cache, which decides freshness.
    defaultStaleTime: 0,
    defaultPreloadStaleTime: 0,
    // In the browser only: on the server it would add an inline script the browser's tree lacks.
    scrollRestoration: typeof document !== 'undefined',
  });
}

export type ShopRouter = ReturnType<typeof createShopRouter>;

declare module '@tanstack/react-router' {
  interface Register {
    router: ShopRouter;
  }
}
