import { buildUrl } from '../../../api/client.js';

/** The CSV export is a plain download (the browser sends the session cookie). */
export function channelsExportUrl(organisationId: string | undefined, subtree = true): string {
  return buildUrl('/api/channels/export.csv', { organisationId, subtree: organisationId ? subtree : undefined });
}
