import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Organisation, Pause } from '../../../api/types.js';
import { can, useMe } from '../../../app/me-context.js';
import { useFormatters } from '../../../i18n/format.js';
import { Badge } from '../../../ui/badge.js';
import { Button } from '../../../ui/button.js';
import { EmptyState, ErrorNotice, Skeleton } from '../../../ui/states.js';
import { useActivePauses } from '../api/get-pauses.js';
import { usePauseScopeText } from '../pause-scope.js';
import { LiftPauseDialog } from './lift-pause-dialog.js';

/**
 * Whether this person can lift a pause: everything needs the installation administrator; an
 * organisation pause needs the pause right there. Channel pauses are checked by the server (the
 * pause lists channel ids only), so the button is offered to anyone who may pause somewhere.
 */
function mayLift(me: ReturnType<typeof useMe>, pause: Pause, organisations: Organisation[]): boolean {
  if (pause.scope === 'all') return can.pauseEverything(me);
  if (pause.scope === 'organisation') return can.pausePublishing(me, organisations.find((o) => o.id === pause.organisationId));
  return can.pauseAnywhere(me);
}

/** The pauses in force, each with who set it, why, how many posts it holds, and "Lift pause". */
export function ActivePauses({ organisations }: { organisations: Organisation[] }) {
  const { t } = useTranslation();
  const me = useMe();
  const format = useFormatters();
  const scopeText = usePauseScopeText();
  const pauses = useActivePauses();
  const [lifting, setLifting] = useState<Pause | null>(null);

  return (
    <section className="card stack" aria-labelledby="active-pauses-title">
      <h2 id="active-pauses-title">{t('crisis.active.title')}</h2>
      {pauses.isPending ? (
        <Skeleton lines={2} />
      ) : pauses.isError ? (
        <ErrorNotice error={pauses.error} title={t('crisis.active.loadFailed')} onRetry={() => void pauses.refetch()} />
      ) : pauses.data.length === 0 ? (
        <EmptyState title={t('crisis.active.empty')} level={3}>
          {t('crisis.active.emptyHint')}
        </EmptyState>
      ) : (
        <ul className="plain-list pause-list" aria-label={t('crisis.active.listLabel')}>
          {pauses.data.map((pause) => (
            <li key={pause.id} className="pause-item">
              <div className="stack">
                <h3>{t('crisis.active.scope', { scope: scopeText(pause) })}</h3>
                <p className="muted small">
                  {t('crisis.active.since', { time: format.dateTime(pause.createdAt), name: pause.createdByName ?? t('crisis.banner.someone') })}
                </p>
                <p>
                  <strong>{t('crisis.active.reason')}: </strong>
                  {pause.reason}
                </p>
                <p>
                  <Badge tone="warning" dot>
                    {t('crisis.active.held', { count: pause.heldCount })}
                  </Badge>
                </p>
              </div>
              {mayLift(me, pause, organisations) ? (
                <Button variant="secondary" onPress={() => setLifting(pause)} aria-label={t('crisis.active.liftNamed', { scope: scopeText(pause) })}>
                  {t('crisis.active.lift')}
                </Button>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {lifting ? <LiftPauseDialog pause={lifting} onClose={() => setLifting(null)} /> : null}
    </section>
  );
}
