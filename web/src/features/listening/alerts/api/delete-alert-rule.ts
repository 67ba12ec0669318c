import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../../api/client.js';
import { alertKeys } from '../keys.js';
import type { AlertRule } from '../types.js';

/** Removes a rule with its messages and delivery log; deliveries still waiting are not sent. */
export function deleteAlertRule(rule: Pick<AlertRule, 'id' | 'watchlistId'>): Promise<{ ok: true }> {
  return api.delete<{ ok: true }>(`/api/alert-rules/${encodeURIComponent(rule.id)}`);
}

export function useDeleteAlertRule() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: deleteAlertRule,
    onSuccess: (_answer, rule) => {
      queryClient.removeQueries({ queryKey: alertKeys.deliveries(rule.id) });
      return queryClient.invalidateQueries({ queryKey: alertKeys.rules(rule.watchlistId) });
    },
  });
}
