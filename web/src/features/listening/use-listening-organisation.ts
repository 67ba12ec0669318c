import { useMe } from '../../app/me-context.js';
import { useOrganisationContext } from '../../app/organisation-context.js';
import { DEFAULT_TIME_ZONE } from '../connections/time.js';
import { canManageListening } from './can-manage.js';

/**
 * The organisation a listening page is about: the one chosen on the page (its `organisationId`
 * search parameter, or the record it shows), else the one picked in the header. With its time zone,
 * in which dates are shown and typed, and whether the person may change its listening.
 */
export function useListeningOrganisation(chosenId: string | undefined) {
  const me = useMe();
  const { organisationId: contextId, organisations } = useOrganisationContext();
  const organisationId = chosenId ?? contextId ?? '';
  const organisation = organisations.find((candidate) => candidate.id === organisationId);
  return {
    organisationId,
    organisation,
    organisations,
    timeZone: organisation?.timeZone ?? DEFAULT_TIME_ZONE,
    mayManage: canManageListening(me, organisation),
  };
}
