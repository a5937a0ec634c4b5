import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from '@tanstack/react-router';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { isApiError } from './api/errors.ts';
import { session } from './api/session.ts';
import { I18nProvider } from './i18n/I18n.tsx';
import { createAdminRouter } from './router.tsx';
import './styles.css';
import { ToastProvider } from './ui/feedback.tsx';

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 10_000,
      // A client mistake (404, 403…) will not change by asking again; a network hiccup may.
      retry: (count, error) => count < 2 && (!isApiError(error) || error.status === 0 || error.status >= 500),
    },
  },
});
const router = createAdminRouter(queryClient);

// Signed out elsewhere (refresh refused, session revoked): back to the sign-in page.
session.subscribe(() => {
  if (!session.get() && !router.state.location.pathname.endsWith('/login')) {
    queryClient.clear();
    void router.navigate({ to: '/login' });
  }
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <I18nProvider>
      <QueryClientProvider client={queryClient}>
        <ToastProvider>
          <RouterProvider router={router} />
        </ToastProvider>
      </QueryClientProvider>
    </I18nProvider>
  </StrictMode>,
);
