// Look-alike accounts: is a handle or display name confusable with an official one? Pure, no I/O.
export { editDistance } from './distance.js';
export { ADDED_WORDS, allowedEdits, findLookalikes, judge, LOOKALIKE_THRESHOLD, type Lookalike } from './score.js';
export { type EvidenceReason, type LookalikeCharacter, reasonInWords } from './reasons.js';
export { analyse, type Analysis } from './skeleton.js';
