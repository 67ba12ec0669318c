import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../api/client.js';
import type { AuditIntegrity } from '../../../api/types.js';
import { integrityQueryOptions } from './get-integrity.js';

/** Recomputes the audit log's hash chain now (installation administrators only). */
export function runIntegrityCheck(): Promise<AuditIntegrity> {
  return api.post<AuditIntegrity>('/api/audit/integrity');
}

export function useRunIntegrityCheck() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: runIntegrityCheck,
    onSuccess: (check) => queryClient.setQueryData(integrityQueryOptions.queryKey, check),
  });
}
