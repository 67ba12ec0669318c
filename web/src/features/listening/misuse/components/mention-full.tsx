import { useTranslation } from 'react-i18next';
import type { Mention } from '../../types.js';
import { useFormatters } from '../../../../i18n/format.js';
import { formatInZone } from '../../../../i18n/zoned-time.js';
import { relativeTime } from '../../../connections/time.js';
import type { MarkRange } from '../../highlight-segments.js';
import { MarkedText } from './marked-text.js';

/** The author as the mention card shows them: display name, with the handle when it differs. */
export function mentionAuthor(mention: Pick<Mention, 'author' | 'authorDisplayName'>): string | null {
  if (mention.authorDisplayName) {
    return mention.author && mention.author !== mention.authorDisplayName
      ? `${mention.authorDisplayName} (${mention.author})`
      : mention.authorDisplayName;
  }
  return mention.author;
}

/**
 * One mention in full: where it came from, who wrote it, in which language, when it was published
 * and stored, its whole text with the watchlists' words and any claim's phrase marked, and the
 * link to the original.
 */
export function MentionFull({
  mention,
  marks,
  timeZone,
  hasClaims,
}: {
  mention: Mention;
  marks: readonly MarkRange[];
  timeZone: string;
  hasClaims: boolean;
}) {
  const { t } = useTranslation();
  const format = useFormatters();
  const author = mentionAuthor(mention);
  const published = mention.publishedAt ?? mention.occurredAt;
  return (
    <article className="mention misuse-mention" aria-labelledby="mention-text-heading">
      <dl className="mention-meta">
        <div>
          <dt>{t('listening.mentions.source')}</dt>
          <dd>
            {format.list(mention.sources.map((source) => `${source.name} (${t(`listening.kinds.${source.kind}`)})`)) ||
              t(`listening.kinds.${mention.kind}`)}
          </dd>
        </div>
        <div>
          <dt>{t('listening.mentions.author')}</dt>
          <dd className="misuse-name">{author ?? t('listeningMisuse.mention.noAuthor')}</dd>
        </div>
        <div>
          <dt>{t('listening.mentions.language')}</dt>
          <dd>{mention.language ? format.languageName(mention.language) : t('listening.mentions.noLanguage')}</dd>
        </div>
        <div>
          <dt>{t('listeningMisuse.mention.published')}</dt>
          <dd>
            <time dateTime={published}>{formatInZone(published, timeZone, format.locale)}</time>
            <span className="muted"> · {relativeTime(published, format.locale)}</span>
          </dd>
        </div>
        <div>
          <dt>{t('listeningMisuse.mention.stored')}</dt>
          <dd>
            <time dateTime={mention.seenAt}>{formatInZone(mention.seenAt, timeZone, format.locale)}</time>
          </dd>
        </div>
      </dl>
      <h2 id="mention-text-heading" className="misuse-subheading">
        {t('listeningMisuse.mention.text')}
      </h2>
      <p className="mention-text pre-wrap" lang={mention.language ?? undefined}>
        <MarkedText text={mention.text} ranges={marks} />
      </p>
      {marks.length > 0 ? (
        <p className="muted small">{t(hasClaims ? 'listeningMisuse.mention.legendWithClaim' : 'listeningMisuse.mention.legend')}</p>
      ) : null}
      {mention.url ? (
        <p className="mention-link">
          <a href={mention.url} target="_blank" rel="noopener noreferrer">
            {t('listening.mentions.openOriginal')}
            <span className="visually-hidden"> ({t('common.opensInNewTab')})</span>
          </a>
        </p>
      ) : null}
    </article>
  );
}
