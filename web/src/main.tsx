import './ui/styles.css';
import './i18n/types.js';
import { i18next } from './i18n/index.js';
import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from '@tanstack/react-router';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { isApiError } from './api/client.js';
import { AriaProviders } from './app/aria-providers.js';
import { sessionQueryKey } from './features/auth/api/get-session.js';
import { createAppRouter } from './router.js';
import { ToastProvider } from './ui/toast.js';

/** A 401 anywhere means the session ended (expired, signed out elsewhere): go back to sign-in. */
function onAuthLost(error: unknown): void {
  if (!isApiError(error) || error.status !== 401 || error.code === 'totp_required') return;
  if (window.location.pathname === '/sign-in') return;
  queryClient.setQueryData(sessionQueryKey, null);
  void router.navigate({ to: '/sign-in', search: { redirect: window.location.pathname + window.location.search } });
}

const queryClient: QueryClient = new QueryClient({
  queryCache: new QueryCache({ onError: onAuthLost }),
  mutationCache: new MutationCache({ onError: onAuthLost }),
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      refetchOnWindowFocus: false,
      retry: (failureCount, error) => {
        // Client errors will not improve by asking again; network hiccups and 5xx might.
        if (isApiError(error) && error.status >= 400 && error.status < 500) return false;
        return failureCount < 2;
      },
    },
  },
});

const router = createAppRouter(queryClient);

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element');

createRoot(container).render(
  <StrictMode>
    <I18nextProvider i18n={i18next}>
      <QueryClientProvider client={queryClient}>
        <AriaProviders>
          <ToastProvider>
            <RouterProvider router={router} />
          </ToastProvider>
        </AriaProviders>
      </QueryClientProvider>
    </I18nextProvider>
  </StrictMode>,
);
