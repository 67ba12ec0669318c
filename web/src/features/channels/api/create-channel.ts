import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../api/client.js';
import type { Channel, ChannelInput } from '../../../api/types.js';
import { channelsQueryKey } from './get-channels.js';

/** Registers a channel; a 400 answer names the fields to fix. */
export function createChannel(input: ChannelInput): Promise<Channel> {
  return api.post<Channel>('/api/channels', input);
}

export function useCreateChannel() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createChannel,
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['organisations'] });
      return queryClient.invalidateQueries({ queryKey: channelsQueryKey });
    },
  });
}
