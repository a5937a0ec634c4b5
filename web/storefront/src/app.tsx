import { QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from '@tanstack/react-router';
import { useMemo } from 'react';
import { I18nContext, translator } from './i18n.ts';
import type { ShopRouter } from './router.tsx';
import { ShopReactContext, type ShopContext } from './shop.ts';

/** The shop with its providers: the same tree on the server and in the browser. */
export function ShopApp({ router, context }: { router: ShopRouter; context: ShopContext }) {
  const i18n = useMemo(
    () => ({ locale: context.locale, currency: context.currency, t: translator(context.locale) }),
    [context.locale, context.currency],
  );
  return (
    <QueryClientProvider client={context.queryClient}>
      <ShopReactContext.Provider value={context}>
        <I18nContext.Provider value={i18n}>
          <RouterProvider router={router} />
        </I18nContext.Provider>
      </ShopReactContext.Provider>
    </QueryClientProvider>
  );
}

/** What the server hands the browser in the page (JSON in a script element). */
export interface PageState {
  shop: ShopContext['shop'];
  locale: ShopContext['locale'];
  currency: string;
  queries: unknown;
}
