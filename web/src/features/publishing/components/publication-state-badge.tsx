import { useTranslation } from 'react-i18next';
import type { PublicationState } from '../../../api/types.js';
import { Badge, type BadgeTone } from '../../../ui/badge.js';

const TONE: Record<PublicationState, BadgeTone> = {
  draft: 'neutral',
  in_review: 'neutral',
  approved: 'info',
  scheduled: 'info',
  publishing: 'info',
  published: 'success',
  failed: 'danger',
  unconfirmed: 'warning',
  held: 'warning',
  cancelled: 'neutral',
};

/** A publication's state in words; colour only reinforces it. */
export function PublicationStateBadge({ state }: { state: PublicationState }) {
  const { t } = useTranslation();
  return (
    <Badge tone={TONE[state]} dot>
      {t(`publicationStates.${state}`)}
    </Badge>
  );
}
