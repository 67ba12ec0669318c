import { useTranslation } from 'react-i18next';
import { useFormatters } from '../../../i18n/format.js';
import { formatInZone } from '../../../i18n/zoned-time.js';
import { Badge } from '../../../ui/badge.js';
import { STATUS_TONE, useAlertWords } from './alert-words.js';
import { useCodedText } from '../../../i18n/use-coded-text.js';
import { deliveryErrorMessages } from './delivery-errors/messages.js';
import type { AlertDelivery } from './types.js';
import { Said } from '../../../ui/said.js';

/**
 * How one delivery ended, in words: its state as a labelled badge, then what the person needs to
 * know about it (when the next attempt is, why it is in the outbox, how many attempts it took, what
 * the receiver answered) and, when an attempt failed, why in plain words: in the interface language
 * from the server's code, else the server's English `lastError`.
 */
export function DeliveryOutcome({ delivery, timeZone }: { delivery: AlertDelivery; timeZone: string }) {
  const { t } = useTranslation();
  const format = useFormatters();
  const words = useAlertWords();
  const errorInWords = useCodedText(deliveryErrorMessages);
  const notes: string[] = [];
  if (delivery.status === 'pending' && delivery.nextAttemptAt)
    notes.push(t('listeningAlerts.statusHelp.pending', { time: formatInZone(delivery.nextAttemptAt, timeZone, format.locale) }));
  if (delivery.status === 'queued') notes.push(t('listeningAlerts.statusHelp.queued'));
  if (delivery.status === 'sent' && delivery.channel === 'in_app') notes.push(t('listeningAlerts.statusHelp.inApp'));
  if (delivery.attempts > 1 || (delivery.status !== 'sent' && delivery.maxAttempts > 1))
    notes.push(
      t('listeningAlerts.log.attemptsOf', { attempts: format.number(delivery.attempts), max: format.number(delivery.maxAttempts) }),
    );
  if (delivery.responseStatus !== null && delivery.status !== 'sent')
    notes.push(t('listeningAlerts.statusHelp.httpStatus', { status: delivery.responseStatus }));
  const error = delivery.lastError ? errorInWords(delivery.lastErrorCode, delivery.lastErrorParams, delivery.lastError) : null;
  return (
    <div className="delivery-outcome">
      <Badge tone={STATUS_TONE[delivery.status]} dot={delivery.status === 'sent'}>
        {words.status(delivery.status)}
      </Badge>
      {notes.map((note) => (
        <span key={note} className="small muted">
          {note}
        </span>
      ))}
      {error ? <Said className="delivery-error" said={error} /> : null}
    </div>
  );
}
