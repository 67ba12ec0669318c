import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { buttonClass } from '../ui/button.js';
import { PageHeader } from '../ui/page-header.js';

export function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <main id="main" className="app-main" tabIndex={-1}>
      <PageHeader title={t('notFound.title')} description={t('notFound.description')} />
      <Link to="/" className={buttonClass('primary')}>
        {t('notFound.home')}
      </Link>
    </main>
  );
}
