import { useTranslation } from 'react-i18next';
import type { ChannelStatus } from '../api/types.js';
import { Badge, type BadgeTone } from './badge.js';

const TONE: Record<ChannelStatus, BadgeTone> = { active: 'success', dormant: 'warning', archived: 'neutral' };

/** A channel's status as a labelled badge (text first, colour second). */
export function StatusBadge({ status }: { status: ChannelStatus }) {
  const { t } = useTranslation();
  return (
    <Badge tone={TONE[status]} dot>
      {t(`channelStatus.${status}`)}
    </Badge>
  );
}
