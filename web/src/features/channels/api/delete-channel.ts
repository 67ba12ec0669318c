import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../api/client.js';
import { channelsQueryKey } from './get-channels.js';

/** Removes a channel for good (archiving is a status change instead). */
export function deleteChannel(id: string): Promise<unknown> {
  return api.delete(`/api/channels/${encodeURIComponent(id)}`);
}

export function useDeleteChannel() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: deleteChannel,
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['organisations'] });
      return queryClient.invalidateQueries({ queryKey: channelsQueryKey });
    },
  });
}
