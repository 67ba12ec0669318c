// Is a candidate account name confusable with an official one?
//
// Both names are reduced to skeletons (skeleton.ts). Then:
//  - equal after normalisation (case, NFKC, leading @, spaces): the same account, never reported;
//  - words commonly added by impersonators ("official", "officieel", "info", "news", "_nl", "be" …) may
//    be removed from either end of the candidate's skeleton;
//  - the Damerau–Levenshtein distance d between the (possibly shortened) candidate skeleton and the
//    official skeleton must stay within what the official name's length allows: 0 up to 4 characters
//    (short names collide by accident), 1 up to 8, 2 up to 14, 3 beyond.
// Score (0..1): 0.97 × s without added words, 0.90 × s with, where s = 1 − d / longer length; plus 0.02
// when the candidate mixes scripts (Latin with Cyrillic or Greek letters), which honest names rarely do.
// Pairs scoring at least LOOKALIKE_THRESHOLD (0.6) are confusable. Their details list what makes them so
// (reasons.ts), as data; reasonInWords puts each in English.
import { editDistance } from './distance.js';
import type { EvidenceReason, LookalikeCharacter } from './reasons.js';
import { type Analysis, analyse, pairSkeleton, pairSubstitutions } from './skeleton.js';

export const LOOKALIKE_THRESHOLD = 0.6;

/** Words impersonators add to an official name (Dutch, French, English, German; country and language codes). */
export const ADDED_WORDS = [
  'official',
  'officieel',
  'officiel',
  'officielle',
  'offiziell',
  'real',
  'the',
  'echt',
  'vrai',
  'team',
  'info',
  'infos',
  'news',
  'nieuws',
  'actu',
  'updates',
  'support',
  'help',
  'helpdesk',
  'service',
  'pers',
  'press',
  'presse',
  'jobs',
  'vacatures',
  'hq',
  'be',
  'bel',
  'belgium',
  'belgie',
  'belgique',
  'nl',
  'fr',
  'en',
  'de',
];

/** Added words in skeleton form (lower case as typed, and upper case, where I becomes l). */
const ADDED_SKELETONS = [...new Set(ADDED_WORDS.flatMap((w) => [analyse(w).skeleton, analyse(w.toUpperCase()).skeleton]))]
  .map((skeleton) => ({
    skeleton,
    word: ADDED_WORDS.find((w) => analyse(w).skeleton === skeleton || analyse(w.toUpperCase()).skeleton === skeleton) ?? skeleton,
  }))
  .sort((a, b) => b.skeleton.length - a.skeleton.length);

export type Lookalike = { candidate: string; official: string; score: number; details: EvidenceReason[] };

/** Edits allowed between skeletons, by the official skeleton's length. */
export function allowedEdits(length: number): number {
  if (length <= 4) return 0;
  if (length <= 8) return 1;
  if (length <= 14) return 2;
  return 3;
}

/** The candidate's skeleton with added words taken off either end, in every way that leaves something. */
function shortenings(skeleton: string): { start: number; end: number; removed: string[] }[] {
  const key = (start: number, end: number) => `${start}:${end}`;
  const seen = new Map<string, { start: number; end: number; removed: string[] }>([
    [key(0, skeleton.length), { start: 0, end: skeleton.length, removed: [] }],
  ]);
  const queue = [...seen.values()];
  for (let item = queue.shift(); item; item = queue.shift()) {
    const core = skeleton.slice(item.start, item.end);
    for (const { skeleton: added, word } of ADDED_SKELETONS) {
      const options: [number, number][] = [];
      if (core.startsWith(added)) options.push([item.start + added.length, item.end]);
      if (core.endsWith(added)) options.push([item.start, item.end - added.length]);
      for (const [start, end] of options) {
        if (end - start < 2 || seen.has(key(start, end))) continue;
        const next = { start, end, removed: [...item.removed, word] };
        seen.set(key(start, end), next);
        queue.push(next);
      }
    }
  }
  return [...seen.values()];
}

/** Judges one pair; null when not confusable (or the same account). */
export function judge(candidate: string, official: string, analysed?: { c: Analysis; o: Analysis }): Lookalike | null {
  const c = analysed?.c ?? analyse(candidate);
  const o = analysed?.o ?? analyse(official);
  if (c.normal === o.normal || o.skeleton === '' || c.skeleton === '') return null;
  const allowed = allowedEdits(o.skeleton.length);
  const officialPairs = pairSkeleton(o.skeleton);
  type Best = { start: number; end: number; removed: string[]; distance: number; length: number; pairs: boolean };
  let best: Best | null = null;
  for (const { start, end, removed } of shortenings(c.skeleton)) {
    const core = c.skeleton.slice(start, end);
    // Compare as written, and with letter pairs read as one letter (rn → m) on both sides.
    const readings: [string, string, boolean][] = [[core, o.skeleton, false]];
    const corePairs = pairSkeleton(core);
    if (corePairs !== core || officialPairs !== o.skeleton) readings.push([corePairs, officialPairs, true]);
    for (const [a, b, pairs] of readings) {
      const distance = editDistance(a, b, allowed);
      if (distance > allowed) continue;
      const better = !best || distance < best.distance || (distance === best.distance && removed.length < best.removed.length);
      if (better) best = { start, end, removed, distance, length: Math.max(a.length, b.length), pairs };
    }
  }
  if (!best) return null;
  const similarity = 1 - best.distance / best.length;
  const mixed = c.scripts.filter((s) => s !== 'other').length > 1;
  let score = (best.removed.length ? 0.9 : 0.97) * similarity + (mixed ? 0.02 : 0);
  score = Math.round(Math.min(score, 0.99) * 100) / 100;
  if (score < LOOKALIKE_THRESHOLD) return null;

  const details: EvidenceReason[] = [];
  // Each look-alike once, where it first appears (a Map keeps a key's first place), unless the official name has it too.
  const officialSubstitutions = new Set(o.substitutions.filter((s) => s !== undefined).map(substitutionKey));
  const used = new Map<string, LookalikeCharacter>();
  for (const s of c.substitutions.slice(best.start, best.end)) if (s) used.set(substitutionKey(s), s);
  if (best.pairs) for (const s of pairSubstitutions(c.skeleton.slice(best.start, best.end))) used.set(substitutionKey(s), s);
  for (const [key, s] of used) if (!officialSubstitutions.has(key)) details.push({ kind: 'lookalike', ...s });
  if (mixed) details.push({ kind: 'mixedScripts', scripts: [...c.scripts] });
  for (const word of best.removed) details.push({ kind: 'addedWord', word });
  if (best.distance > 0) details.push({ kind: 'editDistance', count: best.distance });
  if (c.accents !== o.accents) details.push({ kind: c.accents ? 'accentsAdded' : 'accentsDropped' });
  if (sorted(c.separators) !== sorted(o.separators)) details.push({ kind: 'separators' });
  if (details.length === 0) details.push({ kind: 'caseOrSpacing' });
  return { candidate, official, score, details };
}

const sorted = (s: string) => [...s.replace(/\s+/g, ' ')].sort().join('');
const substitutionKey = (s: LookalikeCharacter) => `${s.shown}\u0000${s.looksLike}`;

/**
 * Every confusable (candidate, official) pair, best first (then by candidate and official name).
 * A candidate equal to any official name after normalisation is that account itself and is skipped.
 */
export function findLookalikes(officials: string[], candidates: string[]): Lookalike[] {
  const analysedOfficials = officials.map((name) => ({ name, a: analyse(name) }));
  const officialNormals = new Set(analysedOfficials.map((o) => o.a.normal));
  const out: Lookalike[] = [];
  for (const candidate of candidates) {
    const c = analyse(candidate);
    if (officialNormals.has(c.normal)) continue;
    for (const o of analysedOfficials) {
      const verdict = judge(candidate, o.name, { c, o: o.a });
      if (verdict) out.push(verdict);
    }
  }
  return out.sort((x, y) => y.score - x.score || x.candidate.localeCompare(y.candidate) || x.official.localeCompare(y.official));
}
