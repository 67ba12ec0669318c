import { useTranslation } from 'react-i18next';
import type { ConnectionHealth } from '../types.js';
import { Badge, type BadgeTone } from '../../../ui/badge.js';

const TONE: Record<ConnectionHealth, BadgeTone> = {
  ok: 'success',
  expiring: 'warning',
  failing: 'danger',
  expired: 'danger',
  not_connected: 'neutral',
  unsupported: 'neutral',
};

/** One shape per health, so it reads without colour too (the word always carries the meaning). */
const SHAPE: Record<ConnectionHealth, string> = {
  ok: 'M4 12.5l5 5L20 6.5',
  expiring: 'M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18zM12 7v5l3 2',
  failing: 'M12 3l9.5 17h-19zM12 10v4M12 17.5v.01',
  expired: 'M6 6l12 12M18 6L6 18',
  not_connected: 'M9 7H7a5 5 0 0 0 0 10h2M15 7h2a5 5 0 0 1 0 10h-2M8 12h1M15 12h1',
  unsupported: 'M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18zM5.6 5.6l12.8 12.8',
};

export function HealthIcon({ health }: { health: ConnectionHealth }) {
  return (
    <svg
      className="health-icon"
      viewBox="0 0 24 24"
      width="14"
      height="14"
      fill="none"
      stroke="currentColor"
      strokeWidth="2.5"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      <path d={SHAPE[health]} />
    </svg>
  );
}

/** A channel's connection health as a badge: icon and word, colour only reinforcing them. */
export function HealthBadge({ health }: { health: ConnectionHealth }) {
  const { t } = useTranslation();
  return (
    <Badge tone={TONE[health]}>
      <HealthIcon health={health} />
      {t(`connections.healthNames.${health}`)}
    </Badge>
  );
}
