/**
 * The lookalike engine's reasons (src/features/listening/lookalike/score.ts and impersonation-score.ts)
 * come as English phrases; they are read back here into parts the interface explains in its own
 * language. A phrase this file does not know is kept as written (`other`), never dropped.
 */
export type EvidenceReason =
  /** A character that passes for another: `"0" for "o"`, `Cyrillic "а" (U+0430) for "a"`, `"rn" for "m"`. */
  | { kind: 'lookalike'; shown: string; looksLike: string; script: string | null; codePoint: string | null }
  | { kind: 'mixedScripts'; scripts: string[] }
  | { kind: 'addedWord'; word: string }
  | { kind: 'editDistance'; count: number }
  | { kind: 'accentsAdded' }
  | { kind: 'accentsDropped' }
  | { kind: 'separators' }
  | { kind: 'caseOrSpacing' }
  | { kind: 'sameNameElsewhere'; where: 'instance' | 'domain' }
  | { kind: 'sameDisplayName' }
  | { kind: 'other'; text: string };

const LOOKALIKE_SCRIPT = /^look-alike character: ([A-Za-z]+) "(.+?)" \((U\+[0-9A-F]{4,6})\) for "(.+)"$/;
const LOOKALIKE = /^look-alike character: "(.+?)" for "(.+)"$/;

/** One reason in parts. */
export function parseReason(reason: string): EvidenceReason {
  const text = reason.trim();
  let match = LOOKALIKE_SCRIPT.exec(text);
  if (match)
    return { kind: 'lookalike', script: match[1] ?? null, shown: match[2] ?? '', codePoint: match[3] ?? null, looksLike: match[4] ?? '' };
  match = LOOKALIKE.exec(text);
  if (match) return { kind: 'lookalike', script: null, codePoint: null, shown: match[1] ?? '', looksLike: match[2] ?? '' };
  match = /^mixed scripts: (.+)$/.exec(text);
  if (match) return { kind: 'mixedScripts', scripts: (match[1] ?? '').split('+').filter(Boolean) };
  match = /^added word: (.+)$/.exec(text);
  if (match) return { kind: 'addedWord', word: match[1] ?? '' };
  match = /^edit distance: (\d+)$/.exec(text);
  if (match) return { kind: 'editDistance', count: Number(match[1]) };
  match = /^same name on another (instance|domain)$/.exec(text);
  if (match) return { kind: 'sameNameElsewhere', where: match[1] === 'domain' ? 'domain' : 'instance' };
  switch (text) {
    case 'accents added':
      return { kind: 'accentsAdded' };
    case 'accents dropped':
      return { kind: 'accentsDropped' };
    case 'separators differ':
      return { kind: 'separators' };
    case 'same letters, different case or spacing':
      return { kind: 'caseOrSpacing' };
    case 'same display name as the official account':
      return { kind: 'sameDisplayName' };
    default:
      return { kind: 'other', text };
  }
}

/** Where the look-alike characters of `reasons` stand in `name`, to mark them: [start, end) in UTF-16 units. */
export function lookalikeRanges(name: string, reasons: readonly EvidenceReason[]): { start: number; end: number; kind: string }[] {
  const ranges: { start: number; end: number; kind: string }[] = [];
  for (const reason of reasons) {
    if (reason.kind !== 'lookalike' || reason.shown === '') continue;
    for (let at = name.indexOf(reason.shown); at >= 0; at = name.indexOf(reason.shown, at + reason.shown.length)) {
      ranges.push({ start: at, end: at + reason.shown.length, kind: 'lookalike' });
    }
  }
  return ranges;
}
