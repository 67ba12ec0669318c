import { useTranslation } from 'react-i18next';
import { useFormatters } from '../../../../i18n/format.js';
import { formatInZone } from '../../../../i18n/zoned-time.js';
import type { Decision } from '../types.js';

/** Who decided, when, and the note they left; nothing while the item is open. */
export function DecisionSummary({ decision, timeZone }: { decision: Decision | null; timeZone: string }) {
  const { t } = useTranslation();
  const format = useFormatters();
  if (!decision) return null;
  const at = formatInZone(decision.at, timeZone, format.locale);
  const key = decision.status === 'confirmed' ? 'confirmed' : 'dismissed';
  return (
    <div className="misuse-decision">
      <p>
        {decision.by
          ? t(`listeningMisuse.decision.${key}By`, { name: decision.by.name, at })
          : t(`listeningMisuse.decision.${key}At`, { at })}
      </p>
      {decision.note ? (
        <p>
          <span className="muted">{t('listeningMisuse.decision.note')}</span> <q className="pre-wrap">{decision.note}</q>
        </p>
      ) : null}
    </div>
  );
}
