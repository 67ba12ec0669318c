import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../api/client.js';
import type { ConnectionStatus } from '../types.js';
import { storeConnectionStatus } from './update-cache.js';

/** Forgets the channel's account and tokens; publications due later fail until it is connected again. */
export function disconnectChannel(channelId: string): Promise<ConnectionStatus> {
  return api.delete<ConnectionStatus>(`/api/channels/${encodeURIComponent(channelId)}/connection`);
}

export function useDisconnectChannel() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: disconnectChannel, onSuccess: (status) => storeConnectionStatus(queryClient, status) });
}
