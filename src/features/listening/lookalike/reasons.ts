// Why a name is confusable with an official one, as data: stored with the evidence and put in words by
// the interface in its own language. The English phrases of `kanaal lookalike` (DESIGN.md §5) are made
// from this data by reasonInWords, and nowhere else.

/** A character (or a pair of letters) that passes for another. */
export type LookalikeCharacter = {
  /** As written in the candidate's name: `0`, `а` (Cyrillic), `rn`. */
  shown: string;
  /** The Latin letter it passes for. */
  looksLike: string;
  /** The script of a letter from outside the Latin alphabet (`Cyrillic`, `Greek` …); null for digits, symbols, Latin letters and letter pairs. */
  script: string | null;
  /** `U+0430`, with `script` only. */
  codePoint: string | null;
};

/**
 * One reason, in the order the engine finds them. The last two are not the engine's: they compare
 * accounts, not names, and are given by impersonation-score.ts.
 */
export type EvidenceReason =
  | ({ kind: 'lookalike' } & LookalikeCharacter)
  /** The candidate's letters come from more than one script (`Latin`, `Cyrillic` …; `other` for the rest). */
  | { kind: 'mixedScripts'; scripts: string[] }
  /** A word impersonators add ("official", "nl" …), as listed in ADDED_WORDS. */
  | { kind: 'addedWord'; word: string }
  /** Characters added, left out, swapped or replaced, beyond the look-alikes. */
  | { kind: 'editDistance'; count: number }
  | { kind: 'accentsAdded' }
  | { kind: 'accentsDropped' }
  /** Spaces, full stops, hyphens or underscores differ. */
  | { kind: 'separators' }
  /** Nothing else differs: only capitals or spacing. */
  | { kind: 'caseOrSpacing' }
  /** The official user name on another Mastodon instance or Bluesky domain. */
  | { kind: 'sameNameElsewhere'; where: 'instance' | 'domain' }
  /** The official display name on another account. */
  | { kind: 'sameDisplayName' };

/** The reason as `kanaal lookalike` prints it, e.g. `look-alike character: Cyrillic "а" (U+0430) for "a"`. */
export function reasonInWords(reason: EvidenceReason): string {
  switch (reason.kind) {
    case 'lookalike':
      return reason.script && reason.codePoint
        ? `look-alike character: ${reason.script} "${reason.shown}" (${reason.codePoint}) for "${reason.looksLike}"`
        : `look-alike character: "${reason.shown}" for "${reason.looksLike}"`;
    case 'mixedScripts':
      return `mixed scripts: ${reason.scripts.join('+')}`;
    case 'addedWord':
      return `added word: ${reason.word}`;
    case 'editDistance':
      return `edit distance: ${reason.count}`;
    case 'accentsAdded':
      return 'accents added';
    case 'accentsDropped':
      return 'accents dropped';
    case 'separators':
      return 'separators differ';
    case 'caseOrSpacing':
      return 'same letters, different case or spacing';
    case 'sameNameElsewhere':
      return `same name on another ${reason.where}`;
    case 'sameDisplayName':
      return 'same display name as the official account';
  }
}
