import type { MarkRange } from '../highlight-segments.js';
import type { EvidenceReason } from './types.js';

/**
 * Where the look-alike characters of an evidence's reasons stand in the candidate's name, to mark
 * them. The API names the characters, not their places, so every place is marked.
 */
export function lookalikeRanges(name: string, reasons: readonly EvidenceReason[]): MarkRange[] {
  const ranges: MarkRange[] = [];
  for (const reason of reasons) {
    if (reason.kind !== 'lookalike' || reason.shown === '') continue;
    for (let at = name.indexOf(reason.shown); at >= 0; at = name.indexOf(reason.shown, at + reason.shown.length)) {
      ranges.push({ start: at, end: at + reason.shown.length, kind: 'lookalike' });
    }
  }
  return ranges;
}
