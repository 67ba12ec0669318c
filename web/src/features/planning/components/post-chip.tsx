import { Link } from '@tanstack/react-router';
import type { DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { CalendarEntry } from '../types.js';
import { Button } from '../../../ui/button.js';
import { NetworkLabel } from '../../../ui/network-label.js';
import { PostStateBadge } from '../../compose/components/post-state-badge.js';

export const DRAG_TYPE = 'application/x-kanaal-post';
export type DraggedPost = { postId: string; time: string };

/** Posts that have (partly) gone out stay where they are. */
export const isMovable = (entry: CalendarEntry) => ['draft', 'in_review', 'approved', 'scheduled'].includes(entry.state);

/**
 * A post on the calendar: its time (in its organisation's zone), networks, title and state, a link
 * to the post, and "Move…" — the keyboard and screen-reader way to do what dragging does.
 */
export function PostChip({ entry, showOrganisation, onMove }: { entry: CalendarEntry; showOrganisation: boolean; onMove: (entry: CalendarEntry) => void }) {
  const { t } = useTranslation();
  const time = entry.plannedLocal.slice(11, 16);
  const movable = isMovable(entry);
  const onDragStart = (event: DragEvent) => {
    const data: DraggedPost = { postId: entry.postId, time };
    event.dataTransfer.setData(DRAG_TYPE, JSON.stringify(data));
    event.dataTransfer.setData('text/plain', entry.title || entry.postId);
    event.dataTransfer.effectAllowed = 'move';
  };
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: dragging is the pointer shortcut; the "Move…" button inside is the keyboard way
    <div className="calendar-chip" draggable={movable} onDragStart={movable ? onDragStart : undefined} data-post-id={entry.postId}>
      <div className="calendar-chip-head">
        <span className="calendar-chip-time">{time}</span>
        {entry.networks.map((network) => (
          <NetworkLabel key={network} network={network} showName={false} />
        ))}
      </div>
      <Link to="/posts/$postId" params={{ postId: entry.postId }} className="calendar-chip-title">
        {entry.title || entry.excerpt || t('planning.untitled')}
      </Link>
      {showOrganisation ? <span className="muted small">{entry.organisationName}</span> : null}
      <div className="calendar-chip-foot">
        <PostStateBadge state={entry.state} />
        {movable ? (
          <Button variant="ghost" size="small" onPress={() => onMove(entry)} aria-label={t('planning.moveLabel', { title: entry.title || entry.excerpt || t('planning.untitled') })}>
            {t('planning.move')}
          </Button>
        ) : null}
      </div>
    </div>
  );
}

/** Props for a day or hour cell that accepts a dropped post. */
export function dropTargetProps(onDrop: (dragged: DraggedPost) => void) {
  return {
    onDragOver: (event: DragEvent) => {
      if (event.dataTransfer.types.includes(DRAG_TYPE)) {
        event.preventDefault();
        event.dataTransfer.dropEffect = 'move';
      }
    },
    onDrop: (event: DragEvent) => {
      const raw = event.dataTransfer.getData(DRAG_TYPE);
      if (!raw) return;
      event.preventDefault();
      onDrop(JSON.parse(raw) as DraggedPost);
    },
  };
}
