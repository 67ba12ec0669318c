import { useTranslation } from 'react-i18next';
import { useFormatters } from '../../../i18n/format.js';
import { ErrorNotice } from '../../../ui/states.js';
import { useLiveTest } from '../api/test-query.js';
import { MentionCard } from './mention-card.js';

const SCANNED = 1000;

type LiveTestPanelProps = {
  organisationId: string;
  /** A query the live check found valid; null while there is none. */
  query: string | null;
  timeZone: string;
};

/** The query tried on the latest stored mentions: how many match, and the first ones with the terms marked. */
export function LiveTestPanel({ organisationId, query, timeZone }: LiveTestPanelProps) {
  const { t } = useTranslation();
  const format = useFormatters();
  const test = useLiveTest(organisationId, query ? { query, limit: SCANNED } : null);
  const result = query ? test.data : undefined;

  return (
    <section className="card live-test" aria-labelledby="live-test-title" aria-busy={test.isFetching || undefined}>
      <h2 id="live-test-title">{t('listening.liveTest.title')}</h2>
      <p className="muted">{t('listening.liveTest.description', { count: SCANNED, limit: format.number(SCANNED) })}</p>
      <p role="status" className="live-test-summary">
        {!query
          ? t('listening.liveTest.waiting')
          : !result
            ? t('listening.liveTest.running')
            : result.scanned === 0
              ? t('listening.liveTest.nothingStored')
              : t('listening.liveTest.summary', {
                  count: result.matchCount,
                  matches: format.number(result.matchCount),
                  scanned: format.number(result.scanned),
                  ms: format.number(Math.round(result.tookMs)),
                })}
      </p>
      {query && test.isError ? (
        <ErrorNotice error={test.error} title={t('listening.liveTest.failed')} onRetry={() => void test.refetch()} />
      ) : null}
      {result && result.matches.length > 0 ? (
        <>
          {result.matchCount > result.matches.length ? (
            <p className="muted small">{t('listening.liveTest.firstOnly', { shown: format.number(result.matches.length) })}</p>
          ) : null}
          <ol className="mention-list">
            {result.matches.map((mention) => (
              <li key={mention.id}>
                <MentionCard mention={mention} timeZone={timeZone} />
              </li>
            ))}
          </ol>
        </>
      ) : null}
    </section>
  );
}
