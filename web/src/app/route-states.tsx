import type { ErrorComponentProps } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { Button } from '../ui/button.js';
import { PageHeader } from '../ui/page-header.js';
import { Skeleton } from '../ui/states.js';

/** Shown while a page's code or data is still on its way (after a short delay, so fast loads do not flash). */
export function RoutePending() {
  return (
    <div className="card">
      <Skeleton lines={6} />
    </div>
  );
}

/**
 * A page that failed to render or load, e.g. its code file vanished after an upgrade: say so and
 * offer a reload, which fetches the current version of the app.
 */
export function RouteError({ error }: ErrorComponentProps) {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t('errors.title')} description={t('errors.pageFailed')} />
      <div className="notice notice--danger" role="alert">
        <p className="mono small">{error instanceof Error ? error.message : String(error)}</p>
      </div>
      <Button onPress={() => window.location.reload()}>{t('errors.reload')}</Button>
    </>
  );
}
