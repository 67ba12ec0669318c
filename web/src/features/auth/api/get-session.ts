import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, isApiError, setCsrfToken } from '../../../api/client.js';
import type { Me } from '../../../api/types.js';

export const sessionQueryKey = ['session'] as const;

/** The signed-in person, or null when there is no valid session. Remembers the CSRF token. */
export async function getSession(): Promise<Me | null> {
  try {
    const me = await api.get<Me>('/api/session');
    setCsrfToken(me.csrfToken);
    return me;
  } catch (error) {
    if (isApiError(error) && error.status === 401) {
      setCsrfToken(null);
      return null;
    }
    throw error;
  }
}

export const sessionQueryOptions = queryOptions({
  queryKey: sessionQueryKey,
  queryFn: getSession,
  staleTime: 5 * 60_000,
  retry: false,
});

export function useSession() {
  return useQuery(sessionQueryOptions);
}
