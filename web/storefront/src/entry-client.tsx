import { hydrate, QueryClient, type DehydratedState } from '@tanstack/react-query';
import { hydrateRoot, createRoot } from 'react-dom/client';
import { createCartonClient } from '@carton/client';
import { ShopApp, type PageState } from './app.tsx';
import { createShopRouter } from './router.tsx';
import { accessToken } from './session.ts';
import './styles.css';

const state = JSON.parse(document.getElementById('carton-state')!.textContent!) as PageState;
const queryClient = new QueryClient({
  defaultOptions: { queries: { staleTime: 30_000, refetchOnWindowFocus: false, retry: 1 } },
});
// The answers the server rendered with: no second request for them while hydrating.
hydrate(queryClient, state.queries as DehydratedState);
const api = createCartonClient({
  baseUrl: location.origin,
  publishableKey: state.shop.publishableKey,
  accessToken,
});
const context = { api, queryClient, shop: state.shop, locale: state.locale, currency: state.currency };
const router = createShopRouter(context);

const root = document.getElementById('root')!;
await router.load();
// Render as the server did (no Suspense boundaries around loaded routes), as TanStack's own
// hydration does, so that React can adopt the server's HTML instead of re-rendering it.
if (root.firstElementChild) router.ssr = { manifest: undefined };
if (root.firstElementChild) hydrateRoot(root, <ShopApp router={router} context={context} />);
else createRoot(root).render(<ShopApp router={router} context={context} />);
