import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConnectionOutcome } from '../types.js';
import { Button } from '../../../ui/button.js';
import { useConnection } from '../api/get-connection.js';
import { channelName } from './channel-name.js';

const TONE: Record<ConnectionOutcome, 'success' | 'warning' | 'danger'> = {
  connected: 'success',
  denied: 'warning',
  expired: 'warning',
  failed: 'danger',
};

const sentence = (text: string) => text.charAt(0).toLocaleUpperCase() + text.slice(1);

type ConnectionOutcomeNoticeProps = {
  outcome: ConnectionOutcome;
  channelId?: string;
  /** The network's or Kanaal's reason, for `denied` and `failed`. */
  message?: string;
  onDismiss: () => void;
};

/**
 * What happened at the network, after it sent the browser back (`?connection=…`). The page was just
 * loaded, so the notice takes focus: a live region present from the start is not always read out.
 */
export function ConnectionOutcomeNotice({ outcome, channelId, message, onDismiss }: ConnectionOutcomeNoticeProps) {
  const { t } = useTranslation();
  const status = useConnection(channelId);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  const name = status.data ? channelName(status.data) : t('connections.outcome.theChannel');
  const showReason = Boolean(message) && (outcome === 'failed' || outcome === 'denied');
  return (
    <div
      ref={ref}
      tabIndex={-1}
      className={`notice notice--${TONE[outcome]} connection-outcome`}
      role={outcome === 'connected' ? 'status' : 'alert'}
    >
      <div>
        <strong>{t(`connections.outcome.${outcome}.title`)}</strong>
        <p>{sentence(t(`connections.outcome.${outcome}.body`, { name }))}</p>
        {showReason ? <p>{t('connections.outcome.reason', { message })}</p> : null}
      </div>
      <Button variant="ghost" size="small" onPress={onDismiss}>
        {t('common.dismiss')}
      </Button>
    </div>
  );
}
