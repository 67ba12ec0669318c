import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../../api/client.js';
import { misuseKeys } from '../keys.js';
import type { ScanQueued } from '../types.js';

/**
 * "Scan now": the organisation's Mastodon and Bluesky channels are searched for look-alikes in the
 * background; the answer says how many channels will be searched, not what was found.
 */
export function requestScan(organisationId: string): Promise<ScanQueued> {
  return api.post<ScanQueued>(`/api/organisations/${encodeURIComponent(organisationId)}/impersonation/scan`, {});
}

/** The scan state refreshes at once, and keeps refreshing while the scan waits or runs (useScanStatus). */
export function useRequestScan() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: requestScan,
    onSuccess: (_queued, organisationId) => queryClient.invalidateQueries({ queryKey: misuseKeys.scans(organisationId) }),
  });
}
