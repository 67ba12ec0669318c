import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../../api/client.js';
import { alertKeys } from '../keys.js';
import type { AlertRule, AlertRuleInput } from '../types.js';

/**
 * A 400 names the wrong field (`emailRecipients.1`, `webhook.url`, `spike.factor` …). A webhook
 * without a secret gets a generated one, returned once as `generatedWebhookSecret`.
 */
export function createAlertRule({ watchlistId, input }: { watchlistId: string; input: AlertRuleInput }): Promise<AlertRule> {
  return api.post<AlertRule>(`/api/watchlists/${encodeURIComponent(watchlistId)}/alerts`, input);
}

export function useCreateAlertRule() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createAlertRule,
    onSuccess: (rule) => queryClient.invalidateQueries({ queryKey: alertKeys.rules(rule.watchlistId) }),
  });
}
