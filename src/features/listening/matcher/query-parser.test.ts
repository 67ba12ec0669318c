import { describe, expect, it } from 'vitest';
import { MAX_NESTING, parseQuery, type QueryError, type QueryNode } from './query-parser.js';

/** A compact rendering of the AST, to state precedence and grouping plainly. */
function show(node: QueryNode): string {
  switch (node.kind) {
    case 'term':
      return node.word.text + (node.word.prefix ? '*' : '');
    case 'phrase':
      return `"${node.words.map((w) => w.text + (w.prefix ? '*' : '')).join(' ')}"`;
    case 'field':
      return `${node.field}:${node.value}`;
    case 'not':
      return `NOT(${show(node.child)})`;
    case 'and':
    case 'or':
      return `${node.kind.toUpperCase()}(${node.children.map(show).join(', ')})`;
    case 'near': {
      const side = (nodes: QueryNode[]) => (nodes.length === 1 && nodes[0] ? show(nodes[0]) : `[${nodes.map(show).join('|')}]`);
      return `${node.ordered ? 'ONEAR' : 'NEAR'}${node.distance}(${side(node.left)}, ${side(node.right)})`;
    }
  }
}

function parsed(query: string): string {
  const result = parseQuery(query);
  if (!result.ast) throw new Error(`${query}: ${JSON.stringify(result.errors)}`);
  return show(result.ast);
}

function errorsOf(query: string): QueryError[] {
  const result = parseQuery(query);
  if (!result.errors) throw new Error(`${query} parsed: ${show(result.ast)}`);
  return result.errors;
}

/** The part of the query an error points at. */
const pointedAt = (query: string) => errorsOf(query).map((e) => query.slice(e.offset, e.offset + e.length));

describe('query syntax', () => {
  it('binds NOT tighter than NEAR, NEAR tighter than AND, AND tighter than OR', () => {
    expect(parsed('a OR b AND c')).toBe('OR(a, AND(b, c))');
    expect(parsed('a AND b OR c')).toBe('OR(AND(a, b), c)');
    expect(parsed('a AND b NEAR/2 c')).toBe('AND(a, NEAR2(b, c))');
    expect(parsed('NOT a AND b')).toBe('AND(NOT(a), b)');
    expect(parsed('(a OR b) AND c')).toBe('AND(OR(a, b), c)');
  });

  it('reads two operands side by side as AND, and A NOT B as A AND NOT B', () => {
    expect(parsed('brand gent')).toBe('AND(brand, gent)');
    expect(parsed('brand NOT oefening')).toBe('AND(brand, NOT(oefening))');
    expect(parsed('a NOT b c OR d')).toBe('OR(AND(a, NOT(b), c), d)');
  });

  it('knows operators only in upper case; lower-case and, or, not, near are words', () => {
    expect(parsed('rock and roll')).toBe('AND(rock, and, roll)');
    expect(parsed('to be or not')).toBe('AND(to, be, or, not)');
    expect(parsed('"AND"')).toBe('and');
  });

  it('reads phrases, wildcards and words that fold to several words', () => {
    expect(parsed('"Gratis Opleiding"')).toBe('"gratis opleiding"');
    expect(parsed('opleid*')).toBe('opleid*');
    expect(parsed('"gratis opleid*"')).toBe('"gratis opleid*"');
    expect(parsed("l'opleiding")).toBe('"l opleiding"');
    expect(parsed('#OFO')).toBe('ofo');
    expect(parsed('“slimme quotes”')).toBe('"slimme quotes"');
  });

  it('reads NEAR/n and ONEAR/n with terms, wildcards, phrases and ( … OR … ) on each side', () => {
    expect(parsed('crisis* NEAR/5 (brand OR overstroming)')).toBe('NEAR5(crisis*, [brand|overstroming])');
    expect(parsed('"noodplan provincie" ONEAR/0 afgekondigd')).toBe('ONEAR0("noodplan provincie", afgekondigd)');
    expect(parsed('(a OR (b OR "c d")) NEAR/3 e')).toBe('NEAR3([a|b|"c d"], e)');
    expect(parsed('x NEAR/1000000 y')).toBe('NEAR1000000(x, y)');
  });

  it('reads fields, case-insensitively by name, with normalised values', () => {
    expect(parsed('author:@Selor')).toBe('author:selor');
    expect(parsed('AUTHOR:"@Jan@Mastodon.social"')).toBe('author:jan@mastodon.social');
    expect(parsed('site:https://www.Belgium.be/nl')).toBe('site:www.belgium.be');
    expect(parsed('lang:nl_BE')).toBe('lang:nl-be');
    expect(parsed('source:RSS')).toBe('source:rss');
    const glob = parseQuery('author:fod*');
    expect(glob.ast?.kind === 'field' && glob.ast.glob).toBe(true);
  });

  it('keeps offsets of every node in the query text', () => {
    const query = 'brand AND "l\'opleiding" site:gent.be';
    const { ast } = parseQuery(query);
    if (ast?.kind !== 'and') throw new Error('expected AND');
    expect(ast.children.map((c) => query.slice(c.start, c.end))).toEqual(['brand', '"l\'opleiding"', 'site:gent.be']);
  });
});

describe('query errors point at their position', () => {
  it('reports an empty query', () => {
    expect(errorsOf('   ')).toEqual([{ offset: 0, length: 3, message: 'The query is empty.' }]);
  });

  it('reports operators without operands at the operator', () => {
    expect(errorsOf('brand AND')).toEqual([{ offset: 6, length: 3, message: 'AND needs something to search for after it.' }]);
    expect(pointedAt('OR brand')).toEqual(['OR']);
    expect(pointedAt('brand OR OR gent')).toEqual(['OR']);
    expect(errorsOf('brand OR OR gent')[0]?.offset).toBe(9);
    expect(pointedAt('NOT')).toEqual(['NOT']);
    expect(pointedAt('a NEAR/3')).toEqual(['NEAR/3']);
  });

  it('reports unbalanced parentheses and quotes', () => {
    expect(errorsOf('(brand OR gent')).toEqual([{ offset: 0, length: 1, message: 'This ( is never closed: add a ).' }]);
    expect(pointedAt('brand)')).toEqual([')']);
    expect(errorsOf('brand "gent')).toEqual([{ offset: 6, length: 5, message: 'This phrase has no closing quote.' }]);
    expect(pointedAt('a () b')).toEqual(['()']);
  });

  it('reports malformed NEAR and misuse of NEAR operands', () => {
    expect(pointedAt('a NEAR b')).toEqual(['NEAR']);
    expect(pointedAt('a ONEAR/x b')).toEqual(['ONEAR/x']);
    expect(pointedAt('a NEAR/3 (b AND c)')).toEqual(['(b AND c)']);
    expect(pointedAt('NOT a NEAR/3 b')).toEqual(['NOT a']);
    expect(pointedAt('a NEAR/3 lang:nl')).toEqual(['lang:nl']);
    expect(errorsOf('a NEAR/2 b NEAR/2 c')[0]?.message).toMatch(/Combine two NEAR conditions with AND/);
  });

  it('reports misplaced wildcards at the *', () => {
    expect(errorsOf('op*ding')).toEqual([{ offset: 2, length: 2, message: 'A * can only end a word, as in opleid*.' }]);
    expect(pointedAt('brand *')).toEqual(['*']);
    expect(pointedAt('"gratis *"')).toEqual(['*']);
    expect(pointedAt('a**')).toEqual(['*']);
  });

  it('reports text without letters or digits, and unknown or empty fields', () => {
    expect(pointedAt('brand 🔥')).toEqual(['🔥']);
    expect(pointedAt('autor:jan')).toEqual(['autor:']);
    expect(errorsOf('autor:jan')[0]?.message).toMatch(/Fields are author:, site:, lang: and source:/);
    expect(pointedAt('author:')).toEqual(['author:']);
    expect(pointedAt('lang:n?l')).toEqual(['lang:n?l']);
    expect(pointedAt('site:a..b brand')).toEqual(['site:a..b']);
    expect(pointedAt('site:!!')).toEqual(['site:!!']);
  });

  it('reports every lexical error at once', () => {
    expect(pointedAt('op*ding autor:x 🔥')).toEqual(['*d', 'autor:', '🔥']);
  });

  it('accepts URLs and times as text rather than fields', () => {
    expect(parsed('https://belgium.be')).toBe('"https belgium be"');
    expect(parsed('10:30')).toBe('"10 30"');
  });

  it('accepts deep nesting up to a limit that keeps evaluation off the stack limit', () => {
    const deep = (n: number) => `${'('.repeat(n)}brand${')'.repeat(n)}`;
    expect(parsed(deep(MAX_NESTING - 1))).toBe('brand');
    expect(errorsOf(deep(MAX_NESTING + 1))[0]?.message).toMatch(/nests more than/);
    expect(parsed(`${'NOT '.repeat(100)}brand`)).toMatch(/^NOT\(NOT\(/);
  });
});
