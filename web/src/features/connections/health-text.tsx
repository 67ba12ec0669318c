import { type ReactNode, useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConnectionStatus } from './types.js';
import { useFormatters } from '../../i18n/format.js';
import { sentenceWithNode } from '../../i18n/sentence-with-node.js';
import { Said } from '../../ui/said.js';
import { useNetworkName } from '../../ui/network-label.js';
import { useConnectionErrorText } from './connection-errors/use-connection-error-text.js';
import { dayInZone, relativeTime } from './time.js';

/**
 * A channel's health in plain words a person can act on ("Token expired on 3 Dec — reconnect",
 * "Last call failed (2 hours ago): …", the problem in the interface language), dates in the
 * organisation's time zone; a problem the server gave only in English is marked as English.
 */
export function useHealthText(): (status: ConnectionStatus, timeZone: string) => ReactNode {
  const { t } = useTranslation();
  const format = useFormatters();
  const networkName = useNetworkName();
  const errorInWords = useConnectionErrorText();
  return useCallback(
    (status: ConnectionStatus, timeZone: string) => {
      const connection = status.connection;
      const network = networkName(status.network);
      const day = (value: string) => dayInZone(value, timeZone, format.locale);
      switch (status.health) {
        case 'unsupported':
          return t('connections.explain.unsupported', { network });
        case 'not_connected':
          return status.method?.kind === 'oauth' && !status.method.configured
            ? `${t('connections.explain.not_connected')} ${t('connections.explain.notConfigured', { network })}`
            : t('connections.explain.not_connected');
        case 'expired':
          return t('connections.explain.expired', { date: connection?.tokenExpiresAt ? day(connection.tokenExpiresAt) : '—' });
        case 'failing': {
          const when = connection?.lastErrorAt ? relativeTime(connection.lastErrorAt, format.locale) : '—';
          if (!connection?.lastError) return t('connections.explain.failingNoDetail', { when });
          const error = <Said said={errorInWords(connection, timeZone)} />;
          return sentenceWithNode((slot) => t('connections.explain.failing', { when, error: slot }), error);
        }
        case 'expiring': {
          const expiresAt = connection?.tokenExpiresAt ?? '';
          return t('connections.explain.expiring', { relative: relativeTime(expiresAt, format.locale), date: day(expiresAt) });
        }
        case 'ok':
          if (!connection?.tokenExpiresAt) return t('connections.explain.okNoExpiry');
          if (connection.canRefresh) return t('connections.explain.okRenews');
          return t('connections.explain.okUntil', { date: day(connection.tokenExpiresAt) });
      }
    },
    [t, format.locale, networkName, errorInWords],
  );
}
