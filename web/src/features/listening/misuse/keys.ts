import { listeningKeys } from '../api/keys.js';
import type { ReviewStatus } from './types.js';

/**
 * Cache keys of misuse detection. Lists sit under the organisation's listening key, so whatever
 * refreshes an organisation's listening (a source checked now) refreshes them too.
 */
export const misuseKeys = {
  organisation: (organisationId: string) => [...listeningKeys.organisation(organisationId), 'misuse'] as const,
  candidates: (organisationId: string) => [...misuseKeys.organisation(organisationId), 'candidates'] as const,
  candidateList: (organisationId: string, status: ReviewStatus | undefined) =>
    [...misuseKeys.candidates(organisationId), status ?? 'all'] as const,
  scans: (organisationId: string) => [...misuseKeys.organisation(organisationId), 'scans'] as const,
  claims: (organisationId: string) => [...misuseKeys.organisation(organisationId), 'claims'] as const,
  claimList: (organisationId: string, status: ReviewStatus | undefined) => [...misuseKeys.claims(organisationId), status ?? 'all'] as const,
  /** The claims on one mention: under the claims, so a decision anywhere refreshes them. */
  mentionClaims: (organisationId: string, mentionId: string) => [...misuseKeys.claims(organisationId), 'mention', mentionId] as const,
  mention: (id: string) => ['listening', 'mention', id] as const,
};
