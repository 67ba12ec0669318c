import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from './button.js';
import { useErrorText } from './error-text.js';

/** Grey placeholder lines while data loads; announced once as "Loading…". */
export function Skeleton({ lines = 3, label }: { lines?: number; label?: string }) {
  const { t } = useTranslation();
  return (
    <div aria-busy="true">
      <span className="visually-hidden" role="status">
        {label ?? t('common.loading')}
      </span>
      {Array.from({ length: lines }, (_, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: placeholders have no identity
        <span key={index} className="skeleton" style={{ width: `${90 - ((index * 17) % 40)}%` }} aria-hidden="true" />
      ))}
    </div>
  );
}

/** Says plainly that there is nothing here yet, and what to do about it. `level` keeps headings in order. */
export function EmptyState({
  title,
  children,
  actions,
  level = 2,
}: {
  title: string;
  children?: ReactNode;
  actions?: ReactNode;
  level?: 2 | 3;
}) {
  const Heading = level === 2 ? 'h2' : 'h3';
  return (
    <div className="empty-state">
      <Heading>{title}</Heading>
      {children ? <p>{children}</p> : null}
      {actions ? <div className="page-actions">{actions}</div> : null}
    </div>
  );
}

/** A failed load or action, said in words, with a way to try again. */
export function ErrorNotice({ error, title, onRetry }: { error: unknown; title?: string; onRetry?: () => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  return (
    <div className="notice notice--danger" role="alert">
      <div>
        <strong>{title ?? t('errors.title')}</strong>
        <p>{errorText(error)}</p>
        {onRetry ? (
          <Button variant="secondary" size="small" onPress={onRetry}>
            {t('common.retry')}
          </Button>
        ) : null}
      </div>
    </div>
  );
}

/** A calm notice for things the person should know (demo data, inherited items…). */
export function Notice({
  tone = 'info',
  title,
  children,
}: {
  tone?: 'info' | 'warning' | 'success' | 'danger';
  title?: string;
  children: ReactNode;
}) {
  return (
    <div className={`notice notice--${tone}`}>
      <div>
        {title ? <strong>{title}</strong> : null}
        <div>{children}</div>
      </div>
    </div>
  );
}
