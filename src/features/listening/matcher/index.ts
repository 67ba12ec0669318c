// Watch-query matcher: a pure module (no I/O) so it can run anywhere and be benchmarked alone.
export { compileMatcher, Matcher, type FiredTerm, type Mention, type QueryMatch } from './evaluate.js';
export type { CompileErrors, QueryInput } from './compile.js';
export { parseQuery, type ParseResult, type QueryError, type QueryNode } from './query-parser.js';
export { foldText, tokenize, wordRanges } from './normalise.js';
