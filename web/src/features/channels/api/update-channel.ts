import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../api/client.js';
import type { Channel, ChannelInput } from '../../../api/types.js';
import { channelsQueryKey } from './get-channels.js';

export function updateChannel({ id, ...changes }: Partial<ChannelInput> & { id: string }): Promise<Channel> {
  return api.patch<Channel>(`/api/channels/${encodeURIComponent(id)}`, changes);
}

export function useUpdateChannel() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: updateChannel,
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['organisations'] });
      return queryClient.invalidateQueries({ queryKey: channelsQueryKey });
    },
  });
}
