import { useCallback } from 'react';
import type { ChannelConnection } from '../types.js';
import type { SaidText } from '../../../i18n/coded-text.js';
import { useUiLocale } from '../../../i18n/use-ui-locale.js';
import { connectionErrorText } from './connection-error-text.js';

/**
 * connectionErrorText in the interface language of the moment (kept apart: connection-error-text.ts
 * is also tested under Node). Stable while the language stays the same; empty when there is no problem.
 */
export function useConnectionErrorText(): (
  connection: Pick<ChannelConnection, 'lastError' | 'lastErrorCode' | 'lastErrorParams'>,
  timeZone: string,
) => SaidText {
  const locale = useUiLocale();
  return useCallback(
    (connection, timeZone) =>
      connectionErrorText({ locale, timeZone }, connection.lastErrorCode, connection.lastErrorParams, connection.lastError ?? ''),
    [locale],
  );
}
