import { useMutation } from '@tanstack/react-query';
import { api } from '../../../api/client.js';
import type { UiLocale } from '../../../api/types.js';
import type { OAuthStarted } from '../types.js';

export type OAuthStartInput = { channelId: string; values: Record<string, string>; lang?: UiLocale };

/**
 * Starts signing in at the network: the answer says where to send the browser. The network sends
 * it back to the API, which redirects to `/channels/health?connection=…`.
 */
export function startOAuthConnection({ channelId, values, lang }: OAuthStartInput): Promise<OAuthStarted> {
  return api.post<OAuthStarted>(`/api/channels/${encodeURIComponent(channelId)}/connection/oauth`, { values, lang });
}

export function useStartOAuthConnection() {
  return useMutation({ mutationFn: startOAuthConnection });
}
