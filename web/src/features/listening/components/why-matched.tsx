import { useTranslation } from 'react-i18next';
import type { Mention } from '../types.js';
import { useFormatters } from '../../../i18n/format.js';

/**
 * "Why did this match?": per watchlist, each element of its query that was found and the words it
 * found, from the API's structured `reasons` (so it reads in the interface language), plus the
 * search words when a full-text search also hit. A native disclosure: keyboard and screen readers
 * know it without help.
 */
export function WhyMatched({ mention }: { mention: Mention }) {
  const { t } = useTranslation();
  const format = useFormatters();
  const hits = mention.highlights.filter((highlight) => highlight.reason === 'search');
  // A search hit's `term` is the search as typed; `found` the words of the text it hit.
  const searches = [...new Set(hits.map((hit) => hit.term))];
  const found = [...new Set(hits.map((hit) => mention.text.slice(hit.start, hit.end)))];
  if (mention.matches.length === 0 && searches.length === 0) return null;
  return (
    <details className="why-matched">
      <summary>{t('listening.why.summary')}</summary>
      <div className="why-matched-body">
        {mention.matches.map((match) => (
          <div key={match.watchlistId}>
            <p>
              {t('listening.why.watchlist')} <strong>{match.watchlistName}</strong>
            </p>
            {match.reasons.length === 0 ? (
              <p>{t('listening.why.onlyExclusions')}</p>
            ) : (
              <ul>
                {match.reasons.map((reason, index) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: reasons follow the query's order and have no id
                  <li key={index}>
                    {t(`listening.why.kinds.${reason.kind}`)} <code>{reason.text}</code>
                    {reason.occurrences.length > 0 ? ` — ${t('listening.why.found', { words: format.list(reason.occurrences) })}` : ''}
                  </li>
                ))}
              </ul>
            )}
          </div>
        ))}
        {searches.length > 0 ? (
          <p>
            {t(mention.matches.length > 0 ? 'listening.why.searchToo' : 'listening.why.search', {
              search: format.list(searches),
              found: format.list(found),
            })}
          </p>
        ) : null}
      </div>
    </details>
  );
}
