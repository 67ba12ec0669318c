import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, setCsrfToken } from '../../../api/client.js';
import { sessionQueryKey } from './get-session.js';

/** Ends the session on the server. */
export async function signOut(): Promise<void> {
  await api.delete<{ ok: true }>('/api/session');
}

export function useSignOut() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: signOut,
    // Whatever the server said, forget everything this tab knew about the person.
    onSettled: () => {
      setCsrfToken(null);
      queryClient.setQueryData(sessionQueryKey, null);
      queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== sessionQueryKey[0] });
    },
  });
}
