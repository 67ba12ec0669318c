// Watch-query language → AST, with errors that point at the offending part of the query (offset and
// length in UTF-16 code units, as editors count). Grammar, loosest binding first:
//
//   query   := or
//   or      := and ('OR' and)*
//   and     := near (['AND'] near)*          two operands side by side mean AND; `A NOT B` is A AND NOT B
//   near    := unary (('NEAR/n' | 'ONEAR/n') unary)?   operands: term, wildcard, phrase, ( … OR … ) of those
//   unary   := 'NOT' unary | primary
//   primary := '(' or ')' | "phrase" | word | word* | field:value
//
// Operators are upper case only; `and`, `or`, `not`, `near` in lower case are ordinary words.
import { hostOf, normaliseHandle, normaliseLang, normaliseSource, tokenize } from './normalise.js';

export type Span = { start: number; end: number };
/** One word of a term or phrase, folded; `prefix` for a trailing `*` (matches words starting with text). */
export type WordPattern = { text: string; prefix: boolean };
export type TermNode = Span & { kind: 'term'; word: WordPattern };
export type PhraseNode = Span & { kind: 'phrase'; words: WordPattern[] };
export type FieldName = 'author' | 'site' | 'lang' | 'source';
/** `value` is normalised for its field; `glob` when it contains `*` (author:, source:). */
export type FieldNode = Span & { kind: 'field'; field: FieldName; value: string; glob: boolean };
export type AndNode = Span & { kind: 'and'; children: QueryNode[] };
export type OrNode = Span & { kind: 'or'; children: QueryNode[] };
export type NotNode = Span & { kind: 'not'; child: QueryNode };
/** Each side is a list of alternatives (a parenthesised OR); `ordered` for ONEAR (left side first). */
export type NearNode = Span & { kind: 'near'; left: PositionalNode[]; right: PositionalNode[]; distance: number; ordered: boolean };
export type PositionalNode = TermNode | PhraseNode;
export type QueryNode = TermNode | PhraseNode | FieldNode | AndNode | OrNode | NotNode | NearNode;

export type QueryError = { offset: number; length: number; message: string };
export type ParseResult = { ast: QueryNode; errors?: undefined } | { ast?: undefined; errors: QueryError[] };

export const FIELD_NAMES: readonly FieldName[] = ['author', 'site', 'lang', 'source'];

/**
 * Deepest nesting of parentheses and NOT accepted. Parsing and evaluation recurse once per level, so a
 * pathological query could otherwise overflow the stack; real watchlists nest a handful of levels.
 */
export const MAX_NESTING = 500;

type Token = Span &
  (
    | { type: '(' | ')' | 'AND' | 'OR' | 'NOT' }
    | { type: 'NEAR'; distance: number; ordered: boolean; name: string }
    | { type: 'text'; raw: string; rawStart: number; quoted: boolean }
    | { type: 'field'; field: FieldName; raw: string; rawStart: number }
  );

const OPEN_QUOTES = '"“„”';
const CLOSE_QUOTES = '"”“';

class QuerySyntaxError extends Error {
  constructor(readonly error: QueryError) {
    super(error.message);
  }
}

const fail = (span: Span, message: string): never => {
  throw new QuerySyntaxError({ offset: span.start, length: Math.max(0, span.end - span.start), message });
};

/** Parses one watch query. Returns the AST, or every lexical error found plus the first syntax error. */
export function parseQuery(query: string): ParseResult {
  const errors: QueryError[] = [];
  const tokens = lex(query, errors);
  if (errors.length) return { errors };
  if (tokens.length === 0) return { errors: [{ offset: 0, length: query.length, message: 'The query is empty.' }] };
  try {
    const parser = new Parser(tokens, query.length);
    const ast = parser.or();
    const extra = parser.peek();
    if (extra) fail(extra, extra.type === ')' ? 'This ) has no matching (.' : `Unexpected ${describe(extra)}.`);
    return { ast };
  } catch (error) {
    if (error instanceof QuerySyntaxError) return { errors: [error.error] };
    throw error;
  }
}

function lex(query: string, errors: QueryError[]): Token[] {
  const tokens: Token[] = [];
  const n = query.length;
  let i = 0;
  while (i < n) {
    const ch = query[i] ?? '';
    if (/\s/.test(ch)) {
      i++;
    } else if (ch === '(' || ch === ')') {
      tokens.push({ type: ch, start: i, end: i + 1 });
      i++;
    } else if (OPEN_QUOTES.includes(ch)) {
      const close = findClosingQuote(query, i + 1);
      if (close < 0) {
        errors.push({ offset: i, length: n - i, message: 'This phrase has no closing quote.' });
        break;
      }
      const token: Token = { type: 'text', raw: query.slice(i + 1, close), rawStart: i + 1, quoted: true, start: i, end: close + 1 };
      tokens.push(checked(token, errors));
      i = close + 1;
    } else {
      let j = i;
      while (j < n && !/\s/.test(query[j] ?? '') && query[j] !== '(' && query[j] !== ')' && !OPEN_QUOTES.includes(query[j] ?? '')) j++;
      const raw = query.slice(i, j);
      const span = { start: i, end: j };
      const near = /^(O?)NEAR(?:\/(.*))?$/.exec(raw);
      const field = /^([A-Za-z]+):(.*)$/s.exec(raw);
      if (raw === 'AND' || raw === 'OR' || raw === 'NOT') {
        tokens.push({ type: raw, ...span });
      } else if (near) {
        const distance = Number(near[2]);
        const name = `${near[1]}NEAR`;
        if (near[2] === undefined || !/^\d+$/.test(near[2]) || !Number.isSafeInteger(distance)) {
          errors.push({ offset: i, length: j - i, message: `Write ${name}/n with the number of words allowed between, e.g. ${name}/5.` });
        } else tokens.push({ type: 'NEAR', distance, ordered: near[1] === 'O', name: `${name}/${distance}`, ...span });
      } else if (field && FIELD_NAMES.includes(field[1]?.toLowerCase() as FieldName)) {
        const name = field[1]?.toLowerCase() as FieldName;
        let value = field[2] ?? '';
        let rawStart = i + name.length + 1;
        if (value === '' && j < n && OPEN_QUOTES.includes(query[j] ?? '')) {
          const close = findClosingQuote(query, j + 1);
          if (close < 0) {
            errors.push({ offset: j, length: n - j, message: 'This value has no closing quote.' });
            break;
          }
          value = query.slice(j + 1, close);
          rawStart = j + 1;
          j = close + 1;
        }
        tokens.push(checked({ type: 'field', field: name, raw: value, rawStart, start: i, end: j }, errors));
      } else if (field && !(field[2] ?? '').startsWith('/')) {
        errors.push({
          offset: i,
          length: (field[1]?.length ?? 0) + 1,
          message: `Unknown field "${field[1]}:". Fields are author:, site:, lang: and source:; put text in quotes to search for it.`,
        });
      } else {
        tokens.push(checked({ type: 'text', raw, rawStart: i, quoted: false, ...span }, errors));
      }
      i = j;
    }
  }
  return tokens;
}

function findClosingQuote(query: string, from: number): number {
  for (let k = from; k < query.length; k++) if (CLOSE_QUOTES.includes(query[k] ?? '')) return k;
  return -1;
}

/** Validates a text or field token's content up front, so all such errors are reported together. */
function checked(token: Token, errors: QueryError[]): Token {
  try {
    if (token.type === 'text') patternWords(token.raw, token.rawStart, token);
    if (token.type === 'field') fieldValue(token.field, token.raw, token);
  } catch (error) {
    if (error instanceof QuerySyntaxError) errors.push(error.error);
    else throw error;
  }
  return token;
}

/** Splits term or phrase text into folded words; a `*` right after a word makes that word a prefix. */
function patternWords(raw: string, rawStart: number, span: Span): WordPattern[] {
  const parts = raw.split('*');
  const words: WordPattern[] = [];
  let at = rawStart;
  parts.forEach((part, k) => {
    const offsets: number[] = [];
    const folded = tokenize(part, offsets);
    if (k > 0 && offsets[0] === 0) fail({ start: at - 1, end: at + 1 }, 'A * can only end a word, as in opleid*.');
    const star = { start: at + part.length, end: at + part.length + 1 };
    if (k < parts.length - 1 && offsets[offsets.length - 1] !== part.length)
      fail(star, 'A * must follow a letter or digit, as in opleid*.');
    folded.forEach((text, w) => {
      words.push({ text, prefix: k < parts.length - 1 && w === folded.length - 1 });
    });
    at += part.length + 1;
  });
  if (words.length === 0) fail(span, 'This has no letters or digits to search for.');
  return words;
}

function fieldValue(field: FieldName, raw: string, span: Span): { value: string; glob: boolean } {
  if (raw.trim() === '') return fail(span, `${field}: needs a value, e.g. ${EXAMPLES[field]}.`);
  if (field === 'author' || field === 'source') {
    const value = field === 'author' ? normaliseHandle(raw) : normaliseSource(raw);
    if (value === '' || value.replace(/\*/g, '') === '' || /\s/.test(value)) {
      return fail(span, `${field}: needs a value without spaces, e.g. ${EXAMPLES[field]}.`);
    }
    return { value, glob: value.includes('*') };
  }
  if (field === 'lang') {
    const value = normaliseLang(raw);
    if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(value)) fail(span, 'lang: needs a language code such as nl, fr, en or nl-BE.');
    return { value, glob: false };
  }
  const host = raw.includes('*') && !/^\*\.[^*]+$/.test(raw.trim()) ? undefined : hostOf(raw);
  if (!host || !/^[a-z0-9_-]+(\.[a-z0-9_-]+)*$/.test(host)) {
    return fail(span, 'site: needs a domain, e.g. site:belgium.be (it also matches its subdomains).');
  }
  return { value: host, glob: false };
}

const EXAMPLES: Record<FieldName, string> = { author: 'author:@selor', site: 'site:belgium.be', lang: 'lang:nl', source: 'source:rss' };

function describe(token: Token): string {
  if (token.type === 'text') return token.quoted ? `"${token.raw}"` : token.raw;
  if (token.type === 'field') return `${token.field}:`;
  return token.type === 'NEAR' ? token.name : token.type;
}

class Parser {
  private at = 0;
  private depth = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly length: number,
  ) {}

  peek(): Token | undefined {
    return this.tokens[this.at];
  }

  private startsOperand(token: Token | undefined): boolean {
    return token !== undefined && (token.type === 'text' || token.type === 'field' || token.type === '(' || token.type === 'NOT');
  }

  /** Fails unless an operand follows `op`, naming the operator in the message. */
  private needOperand(op: Token): void {
    const next = this.peek();
    if (this.startsOperand(next)) return;
    if (next) fail(next, `${describe(op)} needs something to search for after it, not ${describe(next)}.`);
    fail(op, `${describe(op)} needs something to search for after it.`);
  }

  or(): QueryNode {
    const children = [this.and()];
    for (let t = this.peek(); t?.type === 'OR'; t = this.peek()) {
      this.at++;
      this.needOperand(t);
      children.push(this.and());
    }
    return combine('or', children);
  }

  private and(): QueryNode {
    const children = [this.near()];
    for (let t = this.peek(); t; t = this.peek()) {
      if (t.type === 'AND') {
        this.at++;
        this.needOperand(t);
      } else if (!this.startsOperand(t)) break;
      children.push(this.near());
    }
    return combine('and', children);
  }

  private near(): QueryNode {
    const left = this.unary();
    const op = this.peek();
    if (op?.type !== 'NEAR') return left;
    this.at++;
    this.needOperand(op);
    const right = this.unary();
    const next = this.peek();
    if (next?.type === 'NEAR')
      fail(next, `Combine two ${next.name.replace(/\/.*/, '')} conditions with AND, e.g. (a NEAR/3 b) AND (b NEAR/3 c).`);
    return {
      kind: 'near',
      left: positional(left, op),
      right: positional(right, op),
      distance: op.distance,
      ordered: op.ordered,
      start: left.start,
      end: right.end,
    };
  }

  private unary(): QueryNode {
    const t = this.peek();
    if (t?.type !== 'NOT') return this.primary();
    this.at++;
    this.needOperand(t);
    this.enter(t);
    const child = this.unary();
    this.depth--;
    return { kind: 'not', child, start: t.start, end: child.end };
  }

  private primary(): QueryNode {
    const t = this.tokens[this.at++];
    if (!t) return fail({ start: this.length, end: this.length }, 'The query ends where something to search for was expected.');
    switch (t.type) {
      case 'text': {
        const words = patternWords(t.raw, t.rawStart, t);
        const [only] = words;
        return only && words.length === 1
          ? { kind: 'term', word: only, start: t.start, end: t.end }
          : { kind: 'phrase', words, start: t.start, end: t.end };
      }
      case 'field':
        return { kind: 'field', field: t.field, ...fieldValue(t.field, t.raw, t), start: t.start, end: t.end };
      case '(': {
        if (this.peek()?.type === ')')
          fail({ start: t.start, end: t.end + 1 }, 'Empty parentheses: put something to search for between them.');
        this.enter(t);
        const inner = this.or();
        this.depth--;
        const close = this.tokens[this.at++];
        if (close?.type !== ')') fail(t, 'This ( is never closed: add a ).');
        return { ...inner, start: t.start, end: close?.end ?? t.end };
      }
      case ')':
        return fail(t, 'This ) has no matching (.');
      default:
        return fail(t, `${describe(t)} needs something to search for before it.`);
    }
  }

  private enter(t: Token): void {
    if (++this.depth > MAX_NESTING) fail(t, `The query nests more than ${MAX_NESTING} levels deep.`);
  }
}

function combine(kind: 'and' | 'or', children: QueryNode[]): QueryNode {
  const [first] = children;
  if (first && children.length === 1) return first;
  const flat = children.flatMap((c) => (c.kind === kind ? c.children : [c]));
  return { kind, children: flat, start: first?.start ?? 0, end: children[children.length - 1]?.end ?? 0 };
}

/** A NEAR operand as its list of alternatives; anything else than terms, phrases and ORs of them is an error. */
function positional(node: QueryNode, op: Token): PositionalNode[] {
  if (node.kind === 'term' || node.kind === 'phrase') return [node];
  if (node.kind === 'or') return node.children.flatMap((child) => positional(child, op));
  return fail(node, `${describe(op)} works on words, wildcards, "phrases" or ( … OR … ) of those; use AND for other conditions.`);
}
