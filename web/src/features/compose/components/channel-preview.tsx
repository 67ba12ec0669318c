import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ChannelPreview, LintFinding, UiLocale } from '../../../api/types.js';
import { Badge } from '../../../ui/badge.js';
import { NetworkLabel } from '../../../ui/network-label.js';
import { TextCounter } from './text-counter.js';

/** The final text with the ranges that lint findings point at marked (their number in the list below). */
function HighlightedText({ text, findings }: { text: string; findings: LintFinding[] }) {
  const ranges = findings
    .map((finding, index) => ({ start: finding.start ?? -1, end: finding.end ?? -1, index, severity: finding.severity }))
    .filter((range) => range.start >= 0 && range.end > range.start)
    .sort((a, b) => a.start - b.start);
  const parts: ReactNode[] = [];
  let cursor = 0;
  for (const range of ranges) {
    if (range.start < cursor) continue; // overlapping ranges: the first one wins
    if (range.start > cursor) parts.push(text.slice(cursor, range.start));
    parts.push(
      <mark key={`${range.start}-${range.index}`} className={`lint-mark lint-mark--${range.severity}`}>
        {text.slice(range.start, range.end)}
        <sup aria-hidden="true">{range.index + 1}</sup>
      </mark>,
    );
    cursor = range.end;
  }
  if (cursor < text.length) parts.push(text.slice(cursor));
  return <p className="preview-text pre-wrap">{parts}</p>;
}

/**
 * One channel's preview as the server resolved it: network-styled card, final text (UTM-tagged),
 * the counter, limit issues and lint findings with their severity.
 */
export function ChannelPreviewCard({ preview, isStale }: { preview: ChannelPreview; isStale: boolean }) {
  const { t, i18n } = useTranslation();
  const locale = (i18n.resolvedLanguage ?? 'nl') as UiLocale;
  const headingId = `preview-${preview.channelId}`;
  return (
    <article className={`preview-card preview-card--${preview.network}`} aria-labelledby={headingId} aria-busy={isStale || undefined}>
      <header className="preview-card-header">
        <h3 id={headingId} className="row">
          <NetworkLabel network={preview.network} />
          <span className="muted">{preview.handle}</span>
        </h3>
        <span className="muted small">
          {t(`compose.source.${preview.source}`, { language: preview.language.toUpperCase() })}
        </span>
      </header>
      {preview.text ? <HighlightedText text={preview.text} findings={preview.findings} /> : <p className="muted">{t('compose.preview.noText')}</p>}
      {preview.media.length > 0 ? (
        <ul className="plain-list small">
          {preview.media.map((media) => (
            <li key={media.id}>
              {media.fileName} — {media.altText ? t('compose.preview.alt', { text: media.altText }) : <strong>{t('compose.preview.noAlt')}</strong>}
            </li>
          ))}
        </ul>
      ) : null}
      <p className="small">
        <TextCounter count={preview.count.count} max={preview.count.max} over={preview.count.over} />
      </p>
      {preview.issues.length > 0 ? (
        <ul className="finding-list" aria-label={t('compose.preview.issues')}>
          {preview.issues.map((issue, index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: issues have no identity of their own
            <li key={`${issue.code}-${index}`}>
              <Badge tone="danger">{t('compose.severity.limit')}</Badge> {issue.message[locale]}
            </li>
          ))}
        </ul>
      ) : null}
      {preview.findings.length > 0 ? (
        <ol className="finding-list" aria-label={t('compose.preview.findings')}>
          {preview.findings.map((finding, index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: findings have no identity of their own
            <li key={`${finding.rule}-${index}`}>
              <Badge tone={finding.severity === 'block' ? 'danger' : 'warning'}>{t(`compose.severity.${finding.severity}`)}</Badge>{' '}
              {finding.message[locale]}
            </li>
          ))}
        </ol>
      ) : null}
      {preview.issues.length === 0 && preview.findings.length === 0 ? <p className="muted small">{t('compose.preview.clean')}</p> : null}
    </article>
  );
}
