import { useInfiniteQuery } from '@tanstack/react-query';
import { api } from '../../../../api/client.js';
import { alertKeys } from '../keys.js';
import type { AlertDeliveryPage } from '../types.js';

const PAGE_SIZE = 20;

/** One page of a rule's delivery log, newest first; `cursor` is the previous page's `nextCursor`. */
export function getAlertDeliveries(ruleId: string, cursor?: string, signal?: AbortSignal): Promise<AlertDeliveryPage> {
  return api.get<AlertDeliveryPage>(`/api/alert-rules/${encodeURIComponent(ruleId)}/deliveries`, { limit: PAGE_SIZE, cursor }, signal);
}

/** The delivery log page after page ("Load more"); asked only while it is shown. */
export function useAlertDeliveries(ruleId: string, enabled: boolean) {
  return useInfiniteQuery({
    queryKey: alertKeys.deliveries(ruleId),
    queryFn: ({ pageParam, signal }) => getAlertDeliveries(ruleId, pageParam, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
    enabled: enabled && Boolean(ruleId),
  });
}
