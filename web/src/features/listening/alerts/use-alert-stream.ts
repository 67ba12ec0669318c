import { useEffect, useRef, useState } from 'react';
import type { AlertNotification } from './types.js';

export type StreamState = 'connecting' | 'open' | 'reconnecting' | 'closed';

function parseAlert(data: unknown): AlertNotification | null {
  if (typeof data !== 'string') return null;
  try {
    const value = JSON.parse(data) as Partial<AlertNotification> | null;
    return value && typeof value.id === 'string' && typeof value.watchlistId === 'string' && Array.isArray(value.mentionIds)
      ? (value as AlertNotification)
      : null;
  } catch {
    return null;
  }
}

/**
 * Follows the organisation's listening stream (Server-Sent Events, alert-stream.ts) and hands each
 * in-app `alert` event to `onAlert` once: the browser reconnects by itself with Last-Event-ID, and
 * events repeated on resume are dropped by id. `match` events are not used here. A stream the server
 * refused or ended for good (`closed`) is opened again with `reconnect`. Closed on unmount.
 */
export function useAlertStream(organisationId: string, onAlert: (alert: AlertNotification) => void) {
  const [state, setState] = useState<StreamState>('connecting');
  const [generation, setGeneration] = useState(0);
  // The latest handler, without opening a new stream when it changes (e.g. with the language).
  const handler = useRef(onAlert);
  handler.current = onAlert;
  const seen = useRef(new Set<string>());

  // biome-ignore lint/correctness/useExhaustiveDependencies: `generation` opens a new stream on demand.
  useEffect(() => {
    if (!organisationId) return;
    const source = new EventSource(`/api/organisations/${encodeURIComponent(organisationId)}/listening-stream`);
    setState('connecting');
    source.onopen = () => setState('open');
    source.onerror = () => setState(source.readyState === EventSource.CLOSED ? 'closed' : 'reconnecting');
    source.addEventListener('alert', (event) => {
      const alert = parseAlert((event as MessageEvent).data);
      if (!alert || seen.current.has(alert.id)) return;
      seen.current.add(alert.id);
      handler.current(alert);
    });
    return () => source.close();
  }, [organisationId, generation]);

  return { state, reconnect: () => setGeneration((value) => value + 1) };
}
