import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';

/** The parts of listening, as links (each its own page and URL); the current one is marked. */
export function ListeningNav({ organisationId }: { organisationId: string }) {
  const { t } = useTranslation();
  const search = { organisationId: organisationId || undefined };
  return (
    <nav className="listening-nav" aria-label={t('listening.nav.label')}>
      <ul>
        <li>
          <Link to="/listening" search={search} activeOptions={{ exact: true, includeSearch: false }}>
            {t('listening.nav.mentions')}
          </Link>
        </li>
        <li>
          <Link to="/listening/watchlists" search={search} activeOptions={{ includeSearch: false }}>
            {t('listening.nav.watchlists')}
          </Link>
        </li>
        <li>
          <Link to="/listening/sources" search={search} activeOptions={{ includeSearch: false }}>
            {t('listening.nav.sources')}
          </Link>
        </li>
        <li>
          <Link to="/listening/misuse" search={search} activeOptions={{ includeSearch: false }}>
            {t('listening.nav.misuse')}
          </Link>
        </li>
      </ul>
    </nav>
  );
}
