import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import type { Mention } from '../../types.js';
import { WhyMatched } from '../../components/why-matched.js';

/** The watchlists the mention matched, each linked to its page and its other mentions, and why it matched. */
export function MentionWatchlists({ mention }: { mention: Mention }) {
  const { t } = useTranslation();
  return (
    <section className="card" aria-labelledby="mention-watchlists-heading">
      <h2 id="mention-watchlists-heading">{t('listeningMisuse.mention.watchlists')}</h2>
      {mention.matches.length === 0 ? (
        <p>{t('listeningMisuse.mention.noWatchlists')}</p>
      ) : (
        <>
          <ul className="misuse-watchlists">
            {mention.matches.map((match) => (
              <li key={match.watchlistId}>
                <Link to="/listening/watchlists/$watchlistId" params={{ watchlistId: match.watchlistId }}>
                  {match.watchlistName}
                </Link>{' '}
                <span className="muted">·</span>{' '}
                <Link to="/listening" search={{ organisationId: mention.organisationId, watchlistId: match.watchlistId }}>
                  {t('listeningMisuse.mention.otherMentions', { name: match.watchlistName })}
                </Link>
              </li>
            ))}
          </ul>
          <WhyMatched mention={mention} />
        </>
      )}
    </section>
  );
}
