import { getRouteApi } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../../ui/page-header.js';
import { EmptyState } from '../../../ui/states.js';
import { OrganisationSelect } from '../../organisations/components/organisation-select.js';
import { useListeningOrganisation } from '../use-listening-organisation.js';
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
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const { organisationId, organisations, timeZone, mayManage } = useListeningOrganisation(search.organisationId);

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
