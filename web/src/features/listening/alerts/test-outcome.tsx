import { useTranslation } from 'react-i18next';
import { useAlertWords } from './alert-words.js';
import { DeliveryOutcome } from './delivery-outcome.js';
import type { AlertTestResult } from './types.js';

/** Each target of a test send with how it ended and, when it failed, why in the reader's language (in `DeliveryOutcome`). */
export function TestOutcome({ result, timeZone, titleId }: { result: AlertTestResult; timeZone: string; titleId: string }) {
  const { t } = useTranslation();
  const words = useAlertWords();
  return (
    <section className="test-outcome" aria-labelledby={titleId}>
      <h4 id={titleId}>{t('listeningAlerts.test.title')}</h4>
      <ul className="plain-list">
        {result.deliveries.map((delivery) => (
          <li key={delivery.id} className="test-outcome-item">
            <span className="break">{words.target(delivery)}</span>
            <DeliveryOutcome delivery={delivery} timeZone={timeZone} />
          </li>
        ))}
      </ul>
    </section>
  );
}
