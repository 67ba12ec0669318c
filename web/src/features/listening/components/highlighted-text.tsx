import type { MentionHighlight } from '../types.js';
import { segmentText } from '../highlight-segments.js';

/**
 * `text[from, to)` with the API's highlights as `<mark>`: watchlist terms and search hits each have
 * their own look (a search hit is also underlined, so the two differ without colour).
 */
export function HighlightedText({
  text,
  highlights,
  from = 0,
  to = text.length,
}: {
  text: string;
  highlights: readonly MentionHighlight[];
  from?: number;
  to?: number;
}) {
  const segments = segmentText(
    text,
    highlights.map((highlight) => ({ start: highlight.start, end: highlight.end, kind: highlight.reason })),
    from,
    to,
  );
  return (
    <>
      {segments.map((segment) =>
        segment.kinds.length === 0 ? (
          segment.text
        ) : (
          <mark key={segment.start} className={segment.kinds.map((kind) => `highlight--${kind}`).join(' ')}>
            {segment.text}
          </mark>
        ),
      )}
    </>
  );
}
