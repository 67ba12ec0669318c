import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../api/client.js';
import type { Workflow, WorkflowStepInput } from '../types.js';

export const workflowQueryKey = (organisationId: string) => ['approval-workflow', organisationId] as const;

/** The workflow that applies to an organisation (its own, or the nearest ancestor's). */
export function getWorkflow(organisationId: string): Promise<Workflow> {
  return api.get<Workflow>(`/api/organisations/${encodeURIComponent(organisationId)}/approval-workflow`);
}

/** Replaces the organisation's own steps (an empty list removes its workflow). */
export function putWorkflow(organisationId: string, steps: WorkflowStepInput[]): Promise<Workflow> {
  return api.put<Workflow>(`/api/organisations/${encodeURIComponent(organisationId)}/approval-workflow`, { steps });
}

export const workflowQueryOptions = (organisationId: string) =>
  queryOptions({ queryKey: workflowQueryKey(organisationId), queryFn: () => getWorkflow(organisationId) });

export function useWorkflow(organisationId: string | null) {
  return useQuery({ ...workflowQueryOptions(organisationId ?? ''), enabled: Boolean(organisationId) });
}

export function usePutWorkflow() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ organisationId, steps }: { organisationId: string; steps: WorkflowStepInput[] }) => putWorkflow(organisationId, steps),
    onSuccess: (workflow) => {
      queryClient.setQueryData(workflowQueryKey(workflow.organisationId), workflow);
      return queryClient.invalidateQueries({ queryKey: ['approval-workflow'] });
    },
  });
}
