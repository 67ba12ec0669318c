import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import type { Mention } from '../types.js';
import { useFormatters } from '../../../i18n/format.js';
import { formatInZone } from '../../../i18n/zoned-time.js';
import { relativeTime } from '../../connections/time.js';
import { HighlightedText } from './highlighted-text.js';
import { WhyMatched } from './why-matched.js';

type MentionCardProps = {
  mention: Mention;
  timeZone: string;
  /** The level of the mention's own heading, below the list's. */
  headingLevel?: 3 | 4;
};

/**
 * One mention: where it came from, who wrote it and when, in which language, its text with the
 * matched terms marked, why it matched, and a link to the original.
 */
export function MentionCard({ mention, timeZone, headingLevel = 3 }: MentionCardProps) {
  const { t } = useTranslation();
  const format = useFormatters();
  const Heading = headingLevel === 3 ? 'h3' : 'h4';
  const titleId = `mention-${mention.id}-title`;
  // Feeds put the title first in the text (title, newline, body): show it once, as the heading, marks included.
  const title = mention.title?.trim() ?? '';
  const titleInText = title !== '' && mention.text.startsWith(title);
  const bodyStart = titleInText ? title.length + (mention.text[title.length] === '\n' ? 1 : 0) : 0;
  const author = mention.authorDisplayName
    ? mention.author && mention.author !== mention.authorDisplayName
      ? `${mention.authorDisplayName} (${mention.author})`
      : mention.authorDisplayName
    : mention.author;
  const fallbackTitle = author ?? mention.sources[0]?.name ?? t('listening.mentions.untitled');

  return (
    <article className="mention" aria-labelledby={titleId}>
      <Heading id={titleId} className="mention-title">
        {/* The heading leads to the mention's own page (listening/misuse/mention-page.tsx). */}
        <Link to="/listening/mentions/$mentionId" params={{ mentionId: mention.id }}>
          {titleInText ? (
            <HighlightedText text={mention.text} highlights={mention.highlights} from={0} to={title.length} />
          ) : (
            title || fallbackTitle
          )}
        </Link>
      </Heading>
      <dl className="mention-meta">
        <div>
          <dt>{t('listening.mentions.source')}</dt>
          <dd>
            {format.list(mention.sources.map((source) => `${source.name} (${t(`listening.kinds.${source.kind}`)})`)) ||
              t(`listening.kinds.${mention.kind}`)}
          </dd>
        </div>
        {author ? (
          <div>
            <dt>{t('listening.mentions.author')}</dt>
            <dd>{author}</dd>
          </div>
        ) : null}
        <div>
          <dt>{t('listening.mentions.time')}</dt>
          <dd>
            <time dateTime={mention.occurredAt} title={formatInZone(mention.occurredAt, timeZone, format.locale)}>
              {relativeTime(mention.occurredAt, format.locale)}
            </time>
            <span className="muted"> · {formatInZone(mention.occurredAt, timeZone, format.locale)}</span>
          </dd>
        </div>
        <div>
          <dt>{t('listening.mentions.language')}</dt>
          <dd>{mention.language ? format.languageName(mention.language) : t('listening.mentions.noLanguage')}</dd>
        </div>
      </dl>
      {bodyStart < mention.text.length ? (
        <p className="mention-text pre-wrap" lang={mention.language ?? undefined}>
          <HighlightedText text={mention.text} highlights={mention.highlights} from={bodyStart} />
        </p>
      ) : null}
      <WhyMatched mention={mention} />
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
