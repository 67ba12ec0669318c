import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../api/client.js';
import type { ConnectionStatus } from '../types.js';
import { storeConnectionStatus } from './update-cache.js';

export type FormConnectInput = { channelId: string; values: Record<string, string> };

/**
 * Connects with what the person typed (Bluesky app password, webhook address and secret). A 400
 * names fields as `values.<name>`; a 422 says why the network refused.
 */
export function connectWithForm({ channelId, values }: FormConnectInput): Promise<ConnectionStatus> {
  return api.post<ConnectionStatus>(`/api/channels/${encodeURIComponent(channelId)}/connection/form`, { values });
}

export function useConnectWithForm() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: connectWithForm, onSuccess: (status) => storeConnectionStatus(queryClient, status) });
}
