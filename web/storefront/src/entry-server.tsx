import { dehydrate, QueryClient } from '@tanstack/react-query';
import { createMemoryHistory, isNotFound } from '@tanstack/react-router';
import { renderToString } from 'react-dom/server';
import type { CartonClient } from '@carton/client';
import { ShopApp, type PageState } from './app.tsx';
import { pageHead, renderHead, type PageHead } from './head.ts';
import type { Locale } from './i18n.ts';
import { createShopRouter } from './router.tsx';
import type { ShopConfig } from './shop.ts';

export interface RenderRequest {
  /** Path and query of the page. */
  url: string;
  /** The store API client (the server's in-process transport). */
  api: CartonClient;
  shop: ShopConfig;
  locale: Locale;
  currency: string;
}

export interface RenderResult {
  status: number;
  head: string;
  html: string;
  /** JSON for the page's state script (already safe inside a script element). */
  state: string;
}

/**
 * Render a page of the shop on the server: the router matches the URL and runs its loaders (which
 * fill the query cache through the API client), React renders the tree to HTML, and the cache goes
 * into the page so that the browser hydrates without asking again.
 */
export async function render(req: RenderRequest): Promise<RenderResult> {
  const queryClient = new QueryClient({ defaultOptions: { queries: { staleTime: 30_000, retry: false } } });
  const context = { api: req.api, queryClient, shop: req.shop, locale: req.locale, currency: req.currency };
  const router = createShopRouter(context, createMemoryHistory({ initialEntries: [req.url] }));
  await router.load();
  const html = renderToString(<ShopApp router={router} context={context} />);
  const matches = router.state.matches;
  // A loader's notFound() marks its match, or the nearest route that shows a not-found page.
  const notFound = matches.some(
    (m) => m.status === 'notFound' || (m as { _notFound?: boolean })._notFound || isNotFound(m.error),
  );
  const failed = matches.some((m) => m.status === 'error');
  const last = matches.at(-1);
  const head: PageHead = notFound
    ? { ...pageHead(req.shop, `Not found | ${req.shop.storeName}`, '', null), noindex: true }
    : ((last?.loaderData as { head?: PageHead } | undefined)?.head ??
      pageHead(req.shop, req.shop.storeName, '', null));
  const state: PageState = {
    shop: req.shop,
    locale: req.locale,
    currency: req.currency,
    queries: dehydrate(queryClient),
  };
  return {
    status: notFound ? 404 : failed ? 500 : 200,
    head: renderHead(req.shop, head),
    html,
    state: JSON.stringify(state).replace(/</g, '\\u003c'),
  };
}
