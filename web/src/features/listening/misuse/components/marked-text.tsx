import { type MarkRange, segmentText } from '../../highlight-segments.js';

/**
 * `text[from, to)` with ranges marked, one `<mark>` per piece carrying the class of every kind that
 * covers it (`highlight--watchlist`, `highlight--claim-phrase`, `highlight--lookalike` …). The
 * listening marks (highlighted-text.tsx) with more kinds beside them: a claim's phrase next to the
 * watchlist's words, a look-alike letter in a name.
 */
export function MarkedText({
  text,
  ranges,
  from = 0,
  to = text.length,
}: {
  text: string;
  ranges: readonly MarkRange[];
  from?: number;
  to?: number;
}) {
  const segments = segmentText(text, ranges, from, to);
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
