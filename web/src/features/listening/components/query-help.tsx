import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';

/** The query syntax at a glance; the examples are query text, the same in every language. */
const ROWS = [
  ['opleiding', 'word'],
  ['opleid*', 'wildcard'],
  ['"gratis opleiding"', 'phrase'],
  ['brand gent', 'and'],
  ['brand OR incendie', 'or'],
  ['brand NOT oefening', 'not'],
  ['brand NEAR/5 gent', 'near'],
  ['staking ONEAR/6 morgen', 'onear'],
  ['(brand OR storm) gent', 'group'],
] as const;

const FIELDS = [
  ['author:@selor', 'author'],
  ['site:belgium.be', 'site'],
  ['lang:nl', 'lang'],
  ['source:mastodon', 'source'],
] as const;

/** A short syntax help beside the editor, with a link to the full guide (a new tab: typing is not lost). */
export function QueryHelp() {
  const { t } = useTranslation();
  return (
    <section className="card query-help" aria-labelledby="query-help-title">
      <h2 id="query-help-title">{t('listening.help.title')}</h2>
      <dl className="query-help-list">
        {ROWS.map(([example, key]) => (
          <div key={key}>
            <dt>
              <code>{example}</code>
            </dt>
            <dd>{t(`listening.help.rows.${key}`)}</dd>
          </div>
        ))}
      </dl>
      <h3>{t('listening.help.fieldsTitle')}</h3>
      <dl className="query-help-list">
        {FIELDS.map(([example, key]) => (
          <div key={key}>
            <dt>
              <code>{example}</code>
            </dt>
            <dd>{t(`listening.help.fields.${key}`)}</dd>
          </div>
        ))}
      </dl>
      <p className="small">{t('listening.help.notes')}</p>
      <p>
        <Link to="/listening/query-guide" target="_blank" rel="noopener">
          {t('listening.help.fullGuide')}
          <span className="visually-hidden"> ({t('common.opensInNewTab')})</span>
        </Link>
      </p>
    </section>
  );
}
