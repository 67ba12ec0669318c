import { useTranslation } from 'react-i18next';
import type { PostState } from '../../../api/types.js';
import { Badge, type BadgeTone } from '../../../ui/badge.js';

const TONE: Record<PostState, BadgeTone> = {
  draft: 'neutral',
  in_review: 'warning',
  approved: 'info',
  scheduled: 'info',
  published: 'success',
  cancelled: 'neutral',
};

/** A post's state in words (colour only reinforces it). */
export function PostStateBadge({ state }: { state: PostState }) {
  const { t } = useTranslation();
  return (
    <Badge tone={TONE[state]} dot>
      {t(`postStates.${state}`)}
    </Badge>
  );
}
