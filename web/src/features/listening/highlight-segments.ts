/** A range of a text to mark: [start, end) in UTF-16 units, as the API's highlights and query errors count. */
export type MarkRange = { start: number; end: number; kind: string };

/** A piece of the text: plain, or marked with the kinds of every range covering it. */
export type Segment = { text: string; start: number; kinds: string[] };

/**
 * Cuts `text[from, to)` into plain and marked pieces. Ranges may overlap (a watchlist term that is
 * also a search hit) or fall partly outside the window; each piece lists every kind covering it, so
 * an overlap is one `<mark>` rather than nested ones. Empty ranges are ignored.
 */
export function segmentText(text: string, ranges: readonly MarkRange[], from = 0, to = text.length): Segment[] {
  const inside = ranges
    .map((range) => ({ ...range, start: Math.max(range.start, from), end: Math.min(range.end, to) }))
    .filter((range) => range.end > range.start);
  const cuts = new Set<number>([from, to]);
  for (const range of inside) {
    cuts.add(range.start);
    cuts.add(range.end);
  }
  const points = [...cuts].sort((a, b) => a - b);
  const segments: Segment[] = [];
  for (let index = 0; index < points.length - 1; index++) {
    const start = points[index] as number;
    const end = points[index + 1] as number;
    const kinds = [...new Set(inside.filter((range) => range.start <= start && range.end >= end).map((range) => range.kind))];
    const previous = segments[segments.length - 1];
    // Neighbouring pieces with the same marks are one piece.
    if (previous && previous.kinds.join() === kinds.join()) previous.text += text.slice(start, end);
    else segments.push({ text: text.slice(start, end), start, kinds });
  }
  return segments;
}
