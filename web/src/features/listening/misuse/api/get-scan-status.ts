import { useQuery } from '@tanstack/react-query';
import { api } from '../../../../api/client.js';
import { misuseKeys } from '../keys.js';
import type { ChannelScan, ChannelScanStatus } from '../types.js';

const WATCH_MS = 2_000;

/** The last scan of each of the organisation's Mastodon and Bluesky channels. */
export function getScanStatus(organisationId: string, signal?: AbortSignal): Promise<ChannelScanStatus[]> {
  return api.get<ChannelScanStatus[]>(`/api/organisations/${encodeURIComponent(organisationId)}/impersonation/scans`, undefined, signal);
}

/** Asked for (scan now) and not started since: waiting in the job queue. */
export function isScanWaiting(scan: ChannelScan | null): boolean {
  if (!scan?.requestedAt) return false;
  return scan.startedAt === null || new Date(scan.requestedAt) > new Date(scan.startedAt);
}

/** Waiting or running. */
export function isScanBusy(scan: ChannelScan | null): boolean {
  return Boolean(scan?.running) || isScanWaiting(scan);
}

/** The channels' scan state; asked again every 2 s while a scan waits or runs, so its outcome shows when it ends. */
export function useScanStatus(organisationId: string) {
  return useQuery({
    queryKey: misuseKeys.scans(organisationId),
    queryFn: ({ signal }) => getScanStatus(organisationId, signal),
    enabled: Boolean(organisationId),
    refetchInterval: (query) => (query.state.data?.some((channel) => isScanBusy(channel.lastScan)) ? WATCH_MS : false),
  });
}
