import { useTranslation } from 'react-i18next';
import { can, useMe } from '../../../app/me-context.js';
import { useOrganisationContext } from '../../../app/organisation-context.js';
import { PageHeader } from '../../../ui/page-header.js';
import { Notice } from '../../../ui/states.js';
import { ActivePauses } from './active-pauses.js';
import { HeldPosts } from './held-posts.js';
import { PauseForm } from './pause-form.js';
import { PauseHistory } from './pause-history.js';

/** The crisis desk: pause publishing, see and lift pauses, handle what was held, and the history. */
export function CrisisPage() {
  const { t } = useTranslation();
  const me = useMe();
  const { organisationId, organisations } = useOrganisationContext();
  const mayPause = can.pauseAnywhere(me);
  return (
    <>
      <PageHeader title={t('crisis.title')} description={t('crisis.description')} />
      <div className="stack crisis-sections">
        <div className="grid grid-2">
          <ActivePauses organisations={organisations} />
          {mayPause ? (
            organisations.length > 0 ? (
              <PauseForm key={organisationId ?? ''} organisations={organisations} defaultOrganisationId={organisationId ?? ''} />
            ) : null
          ) : (
            <Notice title={t('crisis.pause.title')}>{t('crisis.pause.notAllowed')}</Notice>
          )}
        </div>
        {organisations.length > 0 ? (
          <HeldPosts key={organisationId ?? ''} organisations={organisations} defaultOrganisationId={organisationId ?? ''} />
        ) : null}
        <PauseHistory />
      </div>
    </>
  );
}
