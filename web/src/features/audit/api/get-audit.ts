import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';
import { api } from '../../../api/client.js';
import type { AuditPage } from '../../../api/types.js';

export type AuditFilters = {
  organisationId?: string;
  entity?: string;
  action?: string;
  actor?: string;
  /** `YYYY-MM-DD`, inclusive. */
  from?: string;
  /** `YYYY-MM-DD`, inclusive. */
  to?: string;
};

const PAGE_SIZE = 50;

/** One page of the audit log, newest first; `before` continues after the last entry seen. */
export function getAudit(filters: AuditFilters, before?: string | number, signal?: AbortSignal): Promise<AuditPage> {
  return api.get<AuditPage>(
    '/api/audit',
    {
      organisationId: filters.organisationId,
      entity: filters.entity,
      action: filters.action,
      actor: filters.actor,
      // Whole days in the person's own time zone.
      from: filters.from ? new Date(`${filters.from}T00:00:00`).toISOString() : undefined,
      to: filters.to ? new Date(`${filters.to}T23:59:59.999`).toISOString() : undefined,
      limit: PAGE_SIZE,
      before,
    },
    signal,
  );
}

export const auditQueryOptions = (filters: AuditFilters) =>
  infiniteQueryOptions({
    queryKey: ['audit', filters],
    queryFn: ({ pageParam, signal }) => getAudit(filters, pageParam, signal),
    initialPageParam: undefined as string | number | undefined,
    getNextPageParam: (last) => last.nextBefore ?? undefined,
  });

export function useAudit(filters: AuditFilters) {
  return useInfiniteQuery(auditQueryOptions(filters));
}
