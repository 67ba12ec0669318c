import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../../../api/client.js';
import type { AuditIntegrity } from '../../../api/types.js';

/** The latest check of the audit log's hash chain, or null when none ran yet. */
export function getIntegrity(): Promise<AuditIntegrity | null> {
  return api.get<AuditIntegrity | null>('/api/audit/integrity');
}

export const integrityQueryOptions = queryOptions({ queryKey: ['audit', 'integrity'], queryFn: getIntegrity, staleTime: 60_000 });

export function useIntegrity() {
  return useQuery(integrityQueryOptions);
}
