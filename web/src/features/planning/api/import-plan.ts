import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../api/client.js';
import type { PlanImportReport } from '../types.js';
import { calendarQueryKey } from './get-calendar.js';

/** Checks (dryRun) or creates draft posts from CSV: channel, planned (local date-time), text, language. */
export function importPlan(input: { organisationId: string; csv: string; dryRun: boolean }): Promise<PlanImportReport> {
  return api.postText<PlanImportReport>('/api/calendar/import', input.csv, 'text/csv; charset=utf-8', {
    organisationId: input.organisationId,
    dryRun: input.dryRun,
  });
}

export function useImportPlan() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: importPlan,
    onSuccess: (report) => (report.dryRun ? undefined : queryClient.invalidateQueries({ queryKey: calendarQueryKey })),
  });
}
