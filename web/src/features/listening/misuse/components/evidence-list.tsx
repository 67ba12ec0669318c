import { useTranslation } from 'react-i18next';
import { useFormatters } from '../../../../i18n/format.js';
import { lookalikeRanges } from '../lookalike-marks.js';
import type { CandidateEvidence, EvidenceReason } from '../types.js';
import { MarkedText } from './marked-text.js';
import { usePercent } from '../use-percent.js';

/**
 * Why an account looks like the official one, per name compared (handle, display name): the two
 * names side by side, the look-alike characters marked in the candidate's, and each reason in
 * plain words (a Cyrillic letter for a Latin one, an added word such as "official", letters that differ).
 */
export function EvidenceList({ evidence }: { evidence: readonly CandidateEvidence[] }) {
  const { t } = useTranslation();
  const percent = usePercent();
  return (
    <ul className="misuse-evidence">
      {evidence.map((item) => (
        <li key={`${item.field}:${item.candidate}:${item.official}`}>
          <p className="misuse-evidence-pair">
            <span className="misuse-evidence-field">{t(`listeningMisuse.evidence.${item.field}`)}</span>{' '}
            <span className="misuse-name">
              <MarkedText text={item.candidate} ranges={lookalikeRanges(item.candidate, item.details)} />
            </span>{' '}
            {t('listeningMisuse.evidence.resembles')} <span className="misuse-name">{item.official}</span>{' '}
            <span className="muted">({t('listeningMisuse.evidence.similarity', { percent: percent(item.score) })})</span>
          </p>
          <ul className="misuse-reasons">
            {item.details.map((reason, index) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: reasons come in the engine's order and have no id
              <li key={index}>
                <ReasonText reason={reason} />
              </li>
            ))}
          </ul>
        </li>
      ))}
    </ul>
  );
}

/** Script names the lookalike engine uses, as the interface says them; another is shown as given. */
const SCRIPTS = ['Latin', 'Cyrillic', 'Greek', 'Armenian', 'Cherokee'] as const;
type Script = (typeof SCRIPTS)[number];
const isScript = (value: string): value is Script => (SCRIPTS as readonly string[]).includes(value);

function ReasonText({ reason }: { reason: EvidenceReason }) {
  const { t } = useTranslation();
  const format = useFormatters();
  const scriptName = (script: string) => (isScript(script) ? t(`listeningMisuse.evidence.scripts.${script}`) : script);
  switch (reason.kind) {
    case 'lookalike':
      return reason.script && reason.codePoint
        ? t('listeningMisuse.evidence.reasons.lookalikeScript', {
            letter: isScript(reason.script) ? t(`listeningMisuse.evidence.letters.${reason.script}`) : reason.script,
            shown: reason.shown,
            codePoint: reason.codePoint,
            looksLike: reason.looksLike,
          })
        : t('listeningMisuse.evidence.reasons.lookalike', { shown: reason.shown, looksLike: reason.looksLike });
    case 'mixedScripts':
      return t('listeningMisuse.evidence.reasons.mixedScripts', { scripts: format.list(reason.scripts.map(scriptName)) });
    case 'addedWord':
      return t('listeningMisuse.evidence.reasons.addedWord', { word: reason.word });
    case 'editDistance':
      return t('listeningMisuse.evidence.reasons.editDistance', { count: reason.count });
    case 'sameNameElsewhere':
      return t(
        reason.where === 'domain' ? 'listeningMisuse.evidence.reasons.sameNameDomain' : 'listeningMisuse.evidence.reasons.sameNameInstance',
      );
    default:
      return t(`listeningMisuse.evidence.reasons.${reason.kind}`);
  }
}
