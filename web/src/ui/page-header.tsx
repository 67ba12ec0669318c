import { type ReactNode, useEffect } from 'react';

type PageHeaderProps = { title: string; description?: ReactNode; actions?: ReactNode; children?: ReactNode };

/**
 * The page's one h1. It can take focus (tabIndex -1) so that after a route change focus moves here and
 * screen readers announce the new page; the document title follows it.
 */
export function PageHeader({ title, description, actions, children }: PageHeaderProps) {
  useEffect(() => {
    document.title = `${title} · Kanaal`;
  }, [title]);
  return (
    <div className="page-header">
      <div>
        <h1 tabIndex={-1} id="page-title">
          {title}
        </h1>
        {description ? <p>{description}</p> : null}
        {children}
      </div>
      {actions ? <div className="page-actions">{actions}</div> : null}
    </div>
  );
}
