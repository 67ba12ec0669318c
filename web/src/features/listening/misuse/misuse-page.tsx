import { getRouteApi } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../../app/me-context.js';
import { useOrganisationContext } from '../../../app/organisation-context.js';
import { PageHeader } from '../../../ui/page-header.js';
import { EmptyState } from '../../../ui/states.js';
import { DEFAULT_TIME_ZONE } from '../../connections/time.js';
import { OrganisationSelect } from '../../organisations/components/organisation-select.js';
import { canManageListening } from '../can-manage.js';
import { ListeningNav } from '../components/listening-nav.js';
import { CandidatesSection } from './components/candidates-section.js';
import { ClaimsSection } from './components/claims-section.js';
import '../components/listening.css';
import './misuse.css';

const route = getRouteApi('/app/listening/misuse');

/**
 * Misuse of the organisation's name: accounts that look like its official channels (found by the
 * impersonation scan, with the evidence and a score) and posts from outside the registry that say
 * they speak for it. Each is confirmed as misuse or dismissed by those who manage listening; the
 * others can read along.
 */
export function MisusePage() {
  const { t } = useTranslation();
  const me = useMe();
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const { organisationId: contextId, organisations } = useOrganisationContext();
  const organisationId = search.organisationId ?? contextId ?? '';
  const organisation = organisations.find((candidate) => candidate.id === organisationId);
  const timeZone = organisation?.timeZone ?? DEFAULT_TIME_ZONE;
  const mayManage = canManageListening(me, organisation);

  return (
    <>
      <PageHeader title={t('listeningMisuse.title')} description={t('listeningMisuse.description')} />
      <ListeningNav organisationId={organisationId} />
      <div className="filters">
        <OrganisationSelect
          label={t('listening.filters.organisation')}
          organisations={organisations}
          value={organisationId}
          onChange={(id) => void navigate({ search: { organisationId: id || undefined }, replace: true })}
        />
      </div>
      {!organisationId ? (
        <div className="card">
          <EmptyState title={t('listening.chooseOrganisation')} />
        </div>
      ) : (
        <div className="misuse-page">
          {!mayManage ? <p className="muted">{t('listeningMisuse.readOnly')}</p> : null}
          <CandidatesSection
            key={`candidates-${organisationId}`}
            organisationId={organisationId}
            timeZone={timeZone}
            mayManage={mayManage}
          />
          <ClaimsSection key={`claims-${organisationId}`} organisationId={organisationId} timeZone={timeZone} mayManage={mayManage} />
        </div>
      )}
    </>
  );
}
