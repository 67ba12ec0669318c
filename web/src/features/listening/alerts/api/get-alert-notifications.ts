import { useQuery } from '@tanstack/react-query';
import { api } from '../../../../api/client.js';
import { alertKeys } from '../keys.js';
import type { AlertNotificationPage } from '../types.js';

/** How many recent in-app alerts are listed. */
export const RECENT_NOTIFICATIONS = 10;

/** The organisation's latest in-app alerts, newest first (the live stream adds the ones that follow). */
export function getAlertNotifications(organisationId: string, signal?: AbortSignal): Promise<AlertNotificationPage> {
  return api.get<AlertNotificationPage>(
    `/api/organisations/${encodeURIComponent(organisationId)}/alert-notifications`,
    { limit: RECENT_NOTIFICATIONS },
    signal,
  );
}

export function useAlertNotifications(organisationId: string) {
  return useQuery({
    queryKey: alertKeys.notifications(organisationId),
    queryFn: ({ signal }) => getAlertNotifications(organisationId, signal),
    enabled: Boolean(organisationId),
  });
}
