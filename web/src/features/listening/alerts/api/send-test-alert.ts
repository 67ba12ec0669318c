import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../../api/client.js';
import { alertKeys } from '../keys.js';
import type { AlertRule, AlertTestResult } from '../types.js';

/**
 * Sends a test message to every target of the rule now (one attempt each, active or not) with the
 * watchlist's latest match as example, and answers with each target's outcome.
 */
export function sendTestAlert(rule: Pick<AlertRule, 'id' | 'watchlistId'>): Promise<AlertTestResult> {
  return api.post<AlertTestResult>(`/api/alert-rules/${encodeURIComponent(rule.id)}/test`);
}

/** The test lands in the delivery log (and, for in-app, in the notifications). */
export function useSendTestAlert() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: sendTestAlert,
    onSuccess: (_result, rule) =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: alertKeys.deliveries(rule.id) }),
        queryClient.invalidateQueries({ queryKey: alertKeys.rules(rule.watchlistId) }),
      ]),
  });
}
