import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../../api/client.js';
import { alertKeys } from '../keys.js';
import type { AlertRule, AlertRulePatch } from '../types.js';

/**
 * Changes a rule, pauses or enables it. A new mode, or switching it back on, starts it from now (no
 * backlog is sent). A regenerated or first webhook secret comes back once as `generatedWebhookSecret`.
 */
export function updateAlertRule({ id, patch }: { id: string; patch: AlertRulePatch }): Promise<AlertRule> {
  return api.patch<AlertRule>(`/api/alert-rules/${encodeURIComponent(id)}`, patch);
}

/** Puts the answer in the cached list at once (the state badge changes without waiting), then refetches. */
export function useUpdateAlertRule() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: updateAlertRule,
    onSuccess: (rule) => {
      const key = alertKeys.rules(rule.watchlistId);
      const { generatedWebhookSecret: _secret, ...kept } = rule;
      queryClient.setQueryData<AlertRule[]>(key, (list) => list?.map((row) => (row.id === rule.id ? kept : row)));
      return queryClient.invalidateQueries({ queryKey: key });
    },
  });
}
