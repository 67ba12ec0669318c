import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../../ui/page-header.js';
import './listening.css';

/** Query text is the same in every language; what it means is translated (docs/query-language.md). */
const TERMS = [
  ['brand', 'word'],
  ['brand*', 'wildcard'],
  ['"gratis opleiding"', 'phrase'],
  ['#OFO', 'hashtag'],
  ["l'opleiding", 'apostrophe'],
] as const;
const OPERATORS = [
  ['brand gent', 'and'],
  ['brand AND gent', 'andExplicit'],
  ['brand OR incendie', 'or'],
  ['brand NOT oefening', 'not'],
  ['NOT reclame', 'notAlone'],
] as const;
const FIELDS = [
  ['author:@selor', 'author'],
  ['site:belgium.be', 'site'],
  ['lang:nl', 'lang'],
  ['source:mastodon', 'source'],
] as const;
const ERRORS = [
  ['brand AND', 'AND', 'dangling'],
  ['(brand OR gent', '(', 'unclosed'],
  ['op*ding', '*d', 'wildcard'],
  ['a NEAR b', 'NEAR', 'nearDistance'],
  ['autor:jan', 'autor:', 'unknownField'],
] as const;
const EXAMPLES = [
  ['(brand* OR incendie*) NEAR/5 (gent OR gand) NOT oefening', 'fires'],
  ['author:@selor OR "selectieproef" OR (selor NEAR/3 (examen OR test*))', 'exams'],
  ['(staking OR grève OR strike) ONEAR/6 (morgen OR demain OR tomorrow)', 'strikes'],
  ['source:mastodon (overstroming* OR inondation* OR flood*)', 'floods'],
  ['NOT (lang:nl OR lang:fr OR lang:de OR lang:en)', 'otherLanguages'],
] as const;

function CodeTable({ caption, head, rows }: { caption: string; head: [string, string]; rows: ReadonlyArray<readonly [string, string]> }) {
  return (
    <div className="table-wrap">
      <table className="table table--compact">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{head[0]}</th>
            <th scope="col">{head[1]}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(([code, meaning]) => (
            <tr key={code}>
              <td>
                <code>{code}</code>
              </td>
              <td>{meaning}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The guide to watch queries, in the interface language: words, operators, NEAR, fields, errors, examples. */
export function QueryGuidePage() {
  const { t } = useTranslation();
  const head: [string, string] = [t('listening.guide.youWrite'), t('listening.guide.means')];
  return (
    <>
      <PageHeader title={t('listening.guide.title')} description={t('listening.guide.intro')} />
      <div className="query-guide stack">
        <section className="card" aria-labelledby="guide-words">
          <h2 id="guide-words">{t('listening.guide.words.title')}</h2>
          <p>{t('listening.guide.words.case')}</p>
          <p>{t('listening.guide.words.separators')}</p>
        </section>
        <section className="card" aria-labelledby="guide-terms">
          <h2 id="guide-terms">{t('listening.guide.terms.title')}</h2>
          <CodeTable
            caption={t('listening.guide.terms.title')}
            head={head}
            rows={TERMS.map(([code, key]) => [code, t(`listening.guide.terms.rows.${key}`)] as const)}
          />
          <p>{t('listening.guide.terms.wildcardRule')}</p>
          <p>{t('listening.guide.terms.quoted')}</p>
        </section>
        <section className="card" aria-labelledby="guide-combining">
          <h2 id="guide-combining">{t('listening.guide.combining.title')}</h2>
          <p>{t('listening.guide.combining.upperCase')}</p>
          <CodeTable
            caption={t('listening.guide.combining.title')}
            head={head}
            rows={OPERATORS.map(([code, key]) => [code, t(`listening.guide.combining.rows.${key}`)] as const)}
          />
          <p>{t('listening.guide.combining.precedence')}</p>
          <p>
            <code>brand OR storm AND gent</code> = <code>brand OR (storm AND gent)</code>. {t('listening.guide.combining.parentheses')}{' '}
            <code>(brand OR storm) AND (gent OR gand)</code>
          </p>
        </section>
        <section className="card" aria-labelledby="guide-near">
          <h2 id="guide-near">{t('listening.guide.near.title')}</h2>
          <p>
            <code>A NEAR/n B</code> {t('listening.guide.near.near')} <code>A ONEAR/n B</code> {t('listening.guide.near.onear')}
          </p>
          <p>
            {t('listening.guide.near.distance')} <code>brand NEAR/4 gent</code> {t('listening.guide.near.distanceExample')}
          </p>
          <p>{t('listening.guide.near.phrase')}</p>
          <p>
            {t('listening.guide.near.sides')} <code>crisis* NEAR/5 (brand OR overstroming)</code>. {t('listening.guide.near.otherwise')}{' '}
            <code>(a NEAR/3 b) AND (b NEAR/3 c)</code>.
          </p>
        </section>
        <section className="card" aria-labelledby="guide-fields">
          <h2 id="guide-fields">{t('listening.guide.fields.title')}</h2>
          <CodeTable
            caption={t('listening.guide.fields.title')}
            head={head}
            rows={FIELDS.map(([code, key]) => [code, t(`listening.help.fields.${key}`)] as const)}
          />
          <p>{t('listening.guide.fields.notes')}</p>
        </section>
        <section className="card" aria-labelledby="guide-errors">
          <h2 id="guide-errors">{t('listening.guide.errors.title')}</h2>
          <p>{t('listening.guide.errors.intro')}</p>
          <CodeTable
            caption={t('listening.guide.errors.title')}
            head={[t('listening.guide.youWrite'), t('listening.guide.errors.problem')]}
            rows={ERRORS.map(
              ([code, at, key]) =>
                [code, t('listening.guide.errors.at', { at, message: t(`listening.guide.errors.rows.${key}`) })] as const,
            )}
          />
        </section>
        <section className="card" aria-labelledby="guide-why">
          <h2 id="guide-why">{t('listening.guide.why.title')}</h2>
          <p>{t('listening.guide.why.body')}</p>
        </section>
        <section className="card" aria-labelledby="guide-examples">
          <h2 id="guide-examples">{t('listening.guide.examples.title')}</h2>
          <CodeTable
            caption={t('listening.guide.examples.title')}
            head={[t('listening.guide.query'), t('listening.guide.examples.goal')]}
            rows={EXAMPLES.map(([code, key]) => [code, t(`listening.guide.examples.rows.${key}`)] as const)}
          />
        </section>
      </div>
    </>
  );
}
