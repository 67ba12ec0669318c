/**
 * Cache keys of alerts. Rules and delivery logs sit under `['listening', 'alerts']`; the in-app
 * notifications under the organisation's listening key, so "check now" refreshes them too.
 */
export const alertKeys = {
  all: ['listening', 'alerts'] as const,
  rules: (watchlistId: string) => ['listening', 'alerts', 'watchlist', watchlistId] as const,
  deliveries: (ruleId: string) => ['listening', 'alerts', 'deliveries', ruleId] as const,
  notifications: (organisationId: string) => ['listening', organisationId, 'alert-notifications'] as const,
};
