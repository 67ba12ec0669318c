import { useTranslation } from 'react-i18next';
import { Badge } from '../../../../ui/badge.js';
import type { ReviewStatus } from '../types.js';

/** Open, confirmed as misuse, or dismissed: in words, the colour only repeats them. */
export function ReviewStatusBadge({ status }: { status: ReviewStatus }) {
  const { t } = useTranslation();
  if (status === 'confirmed') return <Badge tone="danger">{t('listeningMisuse.status.confirmed')}</Badge>;
  if (status === 'dismissed') return <Badge tone="neutral">{t('listeningMisuse.status.dismissed')}</Badge>;
  return (
    <Badge tone="warning" dot>
      {t('listeningMisuse.status.new')}
    </Badge>
  );
}
