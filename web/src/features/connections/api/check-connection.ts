import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../api/client.js';
import type { ConnectionStatus } from '../types.js';
import { storeConnectionStatus } from './update-cache.js';

/** Asks the network now whether the stored account still works; the answer carries the outcome. */
export function checkConnection(channelId: string): Promise<ConnectionStatus> {
  return api.post<ConnectionStatus>(`/api/channels/${encodeURIComponent(channelId)}/connection/check`);
}

export function useCheckConnection() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: checkConnection, onSuccess: (status) => storeConnectionStatus(queryClient, status) });
}
