import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../api/client.js';
import type { ListeningSource, PollOutcome } from '../types.js';
import { listeningKeys } from './keys.js';

/** "Check now": reads a feed, page or own-mentions source at once and says what came in. */
export function pollSource(id: string): Promise<PollOutcome> {
  return api.post<PollOutcome>(`/api/listening-sources/${encodeURIComponent(id)}/poll`);
}

/** New mentions may have arrived: the source's state, the watchlists' counts and the stream all refresh. */
export function usePollSource() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: pollSource,
    onSuccess: ({ source }) => {
      queryClient.setQueryData<ListeningSource[]>(listeningKeys.sources(source.organisationId), (list) =>
        list?.map((row) => (row.id === source.id ? source : row)),
      );
      return queryClient.invalidateQueries({ queryKey: listeningKeys.organisation(source.organisationId) });
    },
  });
}
