import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ListeningSource } from '../types.js';
import { useFormatters } from '../../../i18n/format.js';
import { formatInZone } from '../../../i18n/zoned-time.js';
import { relativeTime } from '../../connections/time.js';
import { useCodedText } from '../../../i18n/use-coded-text.js';
import { sourceErrorMessages } from '../source-errors/messages.js';
import { POLLED_KINDS } from '../source-form.js';
import { Said } from '../../../ui/said.js';

type Tone = 'ok' | 'warning' | 'error' | 'paused' | 'waiting';

/** One shape per kind of line, so the state reads without colour (the words always carry it). */
const SHAPE: Record<Tone, string> = {
  ok: 'M4 12.5l5 5L20 6.5',
  warning: 'M12 3l9.5 17h-19zM12 10v4M12 17.5v.01',
  error: 'M6 6l12 12M18 6L6 18',
  paused: 'M9 5v14M15 5v14',
  waiting: 'M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18zM12 7v5l3 2',
};

function StateIcon({ tone }: { tone: Tone }) {
  return (
    <svg
      className="state-icon"
      viewBox="0 0 24 24"
      width="14"
      height="14"
      fill="none"
      stroke="currentColor"
      strokeWidth="2.5"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      <path d={SHAPE[tone]} />
    </svg>
  );
}

function Line({ tone, children }: { tone: Tone; children: ReactNode }) {
  return (
    <li className={`source-state-line source-state-line--${tone}`}>
      <StateIcon tone={tone} />
      <span>{children}</span>
    </li>
  );
}

/** Whole hours since `value`, shown as days beyond two days. */
function silenceSpan(since: string, now = Date.now()): { unit: 'hours' | 'days'; count: number } {
  const hours = Math.max(0, Math.floor((now - Date.parse(since)) / 3_600_000));
  return hours >= 48 ? { unit: 'days', count: Math.floor(hours / 24) } : { unit: 'hours', count: hours };
}

/**
 * A source's state in plain words: paused, the last error, the last successful read, items seen,
 * and a warning when it has been silent for longer than its threshold. Each line has an icon and
 * its own words; colour only reinforces them.
 */
export function SourceState({ source, timeZone }: { source: ListeningSource; timeZone: string }) {
  const { t } = useTranslation();
  const format = useFormatters();
  const errorInWords = useCodedText(sourceErrorMessages);
  const state = source.state;
  const when = (value: string) => (
    <time dateTime={value} title={formatInZone(value, timeZone, format.locale)}>
      {relativeTime(value, format.locale)}
    </time>
  );
  const streamed = !POLLED_KINDS.includes(source.kind);
  const silence = silenceSpan(state.lastItemAt ?? source.createdAt);

  return (
    <ul className="source-state">
      {!source.active ? <Line tone="paused">{t('listening.sources.state.paused')}</Line> : null}
      {state.silent ? (
        <Line tone="warning">
          <strong>
            {silence.unit === 'days'
              ? t('listening.sources.state.silentDays', { count: silence.count })
              : t('listening.sources.state.silentHours', { count: silence.count })}
          </strong>{' '}
          {t('listening.sources.state.silentHint', { hours: source.silentAfterHours ?? 0 })}
        </Line>
      ) : null}
      {state.lastError && state.lastErrorAt ? (
        <Line tone="error">
          {t('listening.sources.state.lastError')} {when(state.lastErrorAt)}:{' '}
          <Said said={errorInWords(state.lastErrorCode, state.lastErrorParams, state.lastError)} />
        </Line>
      ) : null}
      {state.lastSuccessAt ? (
        <Line tone="ok">
          {t('listening.sources.state.lastSuccess')} {when(state.lastSuccessAt)}
        </Line>
      ) : !state.lastError ? (
        <Line tone="waiting">{streamed ? t('listening.sources.state.streaming') : t('listening.sources.state.notYet')}</Line>
      ) : null}
      <li className="source-state-line muted">
        <span>
          {t('listening.sources.state.itemsSeen', { count: state.itemsSeen, items: format.number(state.itemsSeen) })}
          {state.lastItemAt ? (
            <>
              {' · '}
              {t('listening.sources.state.lastItem')} {when(state.lastItemAt)}
            </>
          ) : null}
        </span>
      </li>
    </ul>
  );
}
