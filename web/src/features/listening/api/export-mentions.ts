import { buildUrl } from '../../../api/client.js';
import type { UiLocale } from '../../../api/types.js';
import type { MentionQuery } from '../types.js';

/**
 * The filtered mentions as a CSV download, column names in `language` (a plain link: the browser
 * sends the session cookie). The server keeps the newest 50,000.
 */
export function mentionsExportUrl(query: MentionQuery, language: UiLocale): string {
  return buildUrl('/api/mentions/export.csv', { ...query, lang: language });
}
