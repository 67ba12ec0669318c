// The semantics written as plainly as possible, for property tests against the compiled matcher:
// one query at a time, straight recursion over the AST, every occurrence found by scanning all words.
// Shares only the parser and the folding functions with the matcher (they define what a word is).
import { domainsOf, hostOf, normaliseHandle, normaliseLang, normaliseSource, tokenize } from './normalise.js';
import type { FieldNode, PositionalNode, QueryNode, WordPattern } from './query-parser.js';

export type ReferenceMention = { text: string; lang?: string; author?: string; url?: string; source?: string };

type Doc = { words: string[]; mention: ReferenceMention };

/** An occurrence of a term or phrase: the first and last word index it covers. */
export type Occurrence = [number, number];

/** True when the query AST matches the mention. */
export function referenceMatches(ast: QueryNode, mention: ReferenceMention): boolean {
  return evaluate(ast, { words: tokenize(mention.text), mention });
}

/**
 * The non-negated terms, phrases and fields present in the mention, as the matcher reports them: the
 * element's [start, end) in the query and the first word index of each occurrence (none for fields).
 */
export function referenceFired(ast: QueryNode, mention: ReferenceMention): { start: number; end: number; positions: number[] }[] {
  const doc = { words: tokenize(mention.text), mention };
  const out: { start: number; end: number; positions: number[] }[] = [];
  const visit = (node: QueryNode, negated: boolean): void => {
    if (node.kind === 'not') visit(node.child, !negated);
    else if (node.kind === 'and' || node.kind === 'or') for (const c of node.children) visit(c, negated);
    else if (negated) return;
    else if (node.kind === 'near') for (const c of [...node.left, ...node.right]) visit(c, negated);
    else if (node.kind === 'field') {
      if (fieldMatches(node, mention)) out.push({ start: node.start, end: node.end, positions: [] });
    } else {
      const found = occurrences(node, doc);
      if (found.length) out.push({ start: node.start, end: node.end, positions: found.map(([first]) => first) });
    }
  };
  visit(ast, false);
  return out;
}

function evaluate(node: QueryNode, doc: Doc): boolean {
  switch (node.kind) {
    case 'and':
      return node.children.every((c) => evaluate(c, doc));
    case 'or':
      return node.children.some((c) => evaluate(c, doc));
    case 'not':
      return !evaluate(node.child, doc);
    case 'term':
    case 'phrase':
      return occurrences(node, doc).length > 0;
    case 'field':
      return fieldMatches(node, doc.mention);
    case 'near': {
      const lefts = node.left.flatMap((n) => occurrences(n, doc));
      const rights = node.right.flatMap((n) => occurrences(n, doc));
      return lefts.some(([ls, le]) =>
        rights.some(([rs, re]) => {
          const leftFirst = le < rs && rs - le - 1 <= node.distance;
          const rightFirst = re < ls && ls - re - 1 <= node.distance;
          return leftFirst || (!node.ordered && rightFirst);
        }),
      );
    }
  }
}

function wordMatches(pattern: WordPattern, word: string | undefined): boolean {
  if (word === undefined) return false;
  return pattern.prefix ? word.startsWith(pattern.text) : word === pattern.text;
}

export function occurrences(node: PositionalNode, doc: { words: string[] }): Occurrence[] {
  const patterns = node.kind === 'term' ? [node.word] : node.words;
  const found: Occurrence[] = [];
  for (let i = 0; i + patterns.length <= doc.words.length; i++) {
    if (patterns.every((p, k) => wordMatches(p, doc.words[i + k]))) found.push([i, i + patterns.length - 1]);
  }
  return found;
}

function fieldMatches(node: FieldNode, mention: ReferenceMention): boolean {
  switch (node.field) {
    case 'author':
      return mention.author !== undefined && globMatch(node.value, normaliseHandle(mention.author));
    case 'source':
      return mention.source !== undefined && globMatch(node.value, normaliseSource(mention.source));
    case 'lang': {
      if (mention.lang === undefined) return false;
      const lang = normaliseLang(mention.lang);
      return lang === node.value || lang.startsWith(`${node.value}-`);
    }
    case 'site': {
      const host = mention.url === undefined ? undefined : hostOf(mention.url);
      return host !== undefined && domainsOf(host).includes(node.value);
    }
  }
}

/** `*` matches any run of characters; everything else literally; the whole value must match. */
function globMatch(pattern: string, value: string): boolean {
  const star = pattern.indexOf('*');
  if (star < 0) return pattern === value;
  const head = pattern.slice(0, star);
  if (!value.startsWith(head)) return false;
  const rest = pattern.slice(star + 1);
  for (let i = head.length; i <= value.length; i++) if (globMatch(rest, value.slice(i))) return true;
  return false;
}
