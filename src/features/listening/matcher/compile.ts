// Compiles every active watch query together into one matcher: a single automaton over folded words plus
// small per-query programs.
//
//  - atoms: each distinct leaf across all queries gets one id: exact word, word prefix (wildcard), phrase,
//    field value. The word automaton (automaton.ts) fires word and prefix atoms while the text is folded;
//    a phrase is checked when the atom of its last word fires, looking back over the previous words' atoms.
//  - an index atom → queries, from necessary conditions per query (groups of atoms of which one must fire
//    for the query to match): a post only looks at queries whose cheapest group fired, checks their other
//    groups with integer compares, and runs the query's evaluator only then. Queries without any positive
//    condition (e.g. `NOT lang:nl`) are evaluated for every post.
//  - per query, a small program (program.ts) that evaluates the boolean structure against the fired atoms.
import { AutomatonBuilder, type WordAutomaton } from './automaton.js';
import { globToRegExp } from './normalise.js';
import { ALL, AND, ANY, emitNode, NEAR, NONE, NOT, OR } from './program.js';
import { type FieldNode, parseQuery, type PositionalNode, type QueryError, type QueryNode, type WordPattern } from './query-parser.js';

export type QueryInput = { id: string; query: string };

export type AtomKind = 'word' | 'prefix' | 'phrase' | 'field';

/** A non-negated leaf of a query: reported in "why did this match" when its atom fired. */
export type Leaf = { atom: number; kind: 'term' | 'wildcard' | 'phrase' | 'field'; text: string; start: number; end: number };
type LeafNode = PositionalNode | FieldNode;

export const LEAF_KINDS = ['term', 'wildcard', 'phrase', 'field'] as const;

export type FieldTable = { exact: Map<string, number>; globs: { re: RegExp; atom: number }[] };

export type CompiledTables = {
  atomCount: number;
  atomKind: AtomKind[];
  atomLength: Int32Array;
  automaton: WordAutomaton;
  /** CSR: phrases whose last word is atom a are phraseList[phraseStart[a] .. phraseStart[a + 1]). */
  phraseStart: Int32Array;
  phraseList: Int32Array;
  /** The word atoms of each phrase atom, in order (empty for other atoms). */
  phraseWords: Int32Array[];
  lang: Map<string, number>;
  site: Map<string, number>;
  author: FieldTable;
  source: FieldTable;
  /** Query ids by query number (the order queries were given in). */
  ids: string[];
  /** Text of each non-negated leaf of every query, by leaf id (see records). */
  leafTexts: string[];
  /**
   * One record per query, all in one array so that looking at a candidate query touches one place:
   * [query number, stamp, checks length C, leaves length 5L, checks (C ints: groups as a count then atoms;
   * each group needs a fired atom), the L non-negated leaves for the explanation as (atom, leaf id, kind
   * in LEAF_KINDS, start, end in the query), program (program.ts)].
   * The stamp marks the query as seen for the current post. Records are in query order.
   */
  records: Int32Array;
  /** Offset of each query's record. */
  recordStart: Int32Array;
  /**
   * CSR index: entries e in indexStart[a] .. indexStart[a + 1]) list the queries indexed under atom a, as
   * indexEntries[ENTRY × e] = record offset, then the 4 words of the Bloom mask of its first check group.
   */
  indexStart: Int32Array;
  indexEntries: Int32Array;
  /** Records of the queries with no necessary atom: evaluated for every post. */
  always: Int32Array;
};

export type CompileErrors = { id: string; errors: QueryError[] }[];

/** Parses and compiles all queries; invalid ones are left out and reported with their errors. */
export function compileTables(inputs: QueryInput[]): { tables: CompiledTables; errors: CompileErrors } {
  const b = new TablesBuilder();
  const errors: CompileErrors = [];
  const needs: number[][][] = [];
  const programs: number[][] = [];
  const queryLeaves: Leaf[][] = [];
  const ids: string[] = [];
  for (const input of inputs) {
    const parsed = parseQuery(input.query);
    if (parsed.errors) {
      errors.push({ id: input.id, errors: parsed.errors });
      continue;
    }
    const leaves: Leaf[] = [];
    b.queryText = input.query;
    const program: number[] = [];
    b.emit(parsed.ast, leaves, false, program);
    programs.push(program);
    queryLeaves.push(leaves);
    ids.push(input.id);
    needs.push(b.needs(parsed.ast));
  }
  return { tables: b.finish(needs, programs, queryLeaves, ids), errors };
}

class TablesBuilder {
  /** Text of the query being compiled (leaves keep their slice of it). */
  queryText = '';
  private readonly atomKind: AtomKind[] = [];
  private readonly atomLength: number[] = [];
  private readonly atomCost: number[] = [];
  private readonly atomKeys = new Map<string, number>();
  private readonly automaton = new AutomatonBuilder();
  private readonly phraseWords: Int32Array[] = [];
  private readonly phrasesByLast: number[][] = [];
  private readonly lang = new Map<string, number>();
  private readonly site = new Map<string, number>();
  private readonly author: FieldTable = { exact: new Map(), globs: [] };
  private readonly source: FieldTable = { exact: new Map(), globs: [] };

  private newAtom(key: string, kind: AtomKind, length: number, cost: number): { atom: number; created: boolean } {
    const known = this.atomKeys.get(key);
    if (known !== undefined) return { atom: known, created: false };
    const atom = this.atomKind.length;
    this.atomKeys.set(key, atom);
    this.atomKind.push(kind);
    this.atomLength.push(length);
    this.atomCost.push(cost);
    this.phraseWords.push(NO_WORDS);
    this.phrasesByLast.push([]);
    return { atom, created: true };
  }

  /** The atom of one word pattern, added to the automaton on first use. */
  private wordAtom({ text, prefix }: WordPattern): number {
    // Short prefixes match many words, so they make a poorer index than a full word.
    const cost = prefix ? 1 + 3 / text.length : 1;
    const { atom, created } = this.newAtom(`${prefix ? 'p' : 'w'}:${text}`, prefix ? 'prefix' : 'word', 1, cost);
    if (created) this.automaton.add(text, atom, prefix);
    return atom;
  }

  /** The atom of a term, phrase or field leaf, registering it in the automaton or field tables on first use. */
  atomOf(node: PositionalNode | FieldNode): number {
    if (node.kind === 'term') return this.wordAtom(node.word);
    if (node.kind === 'phrase') {
      const words = Int32Array.from(node.words.map((w) => this.wordAtom(w)));
      const { atom, created } = this.newAtom(`s:${words.join(' ')}`, 'phrase', words.length, 0.3);
      if (created) {
        this.phraseWords[atom] = words;
        this.phrasesByLast[words[words.length - 1] as number]?.push(atom);
      }
      return atom;
    }
    // A language or source kind covers a large share of all posts, a site many; one author's posts are few.
    const cost = node.field === 'lang' || node.field === 'source' ? 20 : node.field === 'site' || node.glob ? 5 : 0.5;
    const { atom, created } = this.newAtom(`f:${node.field}:${node.glob ? '*' : ''}${node.value}`, 'field', 0, cost);
    if (!created) return atom;
    if (node.field === 'lang') this.lang.set(node.value, atom);
    else if (node.field === 'site') this.site.set(node.value, atom);
    else {
      const table = node.field === 'author' ? this.author : this.source;
      if (node.glob) table.globs.push({ re: globToRegExp(node.value), atom });
      else table.exact.set(node.value, atom);
    }
    return atom;
  }

  private leafAtom(node: LeafNode, leaves: Leaf[], negated: boolean): number {
    const atom = this.atomOf(node);
    if (!negated) {
      const kind = node.kind === 'term' ? (node.word.prefix ? 'wildcard' : 'term') : node.kind;
      leaves.push({ atom, kind, text: this.queryText.slice(node.start, node.end), start: node.start, end: node.end });
    }
    return atom;
  }

  /** Emits the program of a node; collects non-negated leaves for the match explanation. */
  emit(node: QueryNode, leaves: Leaf[], negated: boolean, out: number[]): void {
    switch (node.kind) {
      case 'term':
      case 'phrase':
      case 'field': {
        const atom = this.leafAtom(node, leaves, negated);
        emitNode(out, ALL, () => out.push(atom));
        return;
      }
      case 'not': {
        if (node.child.kind === 'or' && node.child.children.every(isLeaf)) {
          const atoms = node.child.children.map((leaf) => this.leafAtom(leaf as LeafNode, leaves, !negated));
          emitNode(out, NONE, () => append(out, atoms));
        } else emitNode(out, NOT, () => this.emit(node.child, leaves, !negated, out));
        return;
      }
      case 'and':
      case 'or': {
        // Leaves become one atom list (ANY for OR, ALL for AND); for AND, negated leaves and NOT (a OR b)
        // become one NONE list; only what remains (NEAR, nested groups) are child nodes.
        const isAnd = node.kind === 'and';
        const present: number[] = [];
        const absent: number[] = [];
        const others: QueryNode[] = [];
        for (const child of node.children) {
          if (isLeaf(child)) present.push(this.leafAtom(child, leaves, negated));
          else if (isAnd && child.kind === 'not' && isLeaf(child.child)) absent.push(this.leafAtom(child.child, leaves, !negated));
          else if (isAnd && child.kind === 'not' && child.child.kind === 'or' && child.child.children.every(isLeaf)) {
            for (const leaf of child.child.children) absent.push(this.leafAtom(leaf as LeafNode, leaves, !negated));
          } else others.push(child);
        }
        if (absent.length === 0 && others.length === 0) {
          emitNode(out, isAnd ? ALL : ANY, () => append(out, present));
          return;
        }
        emitNode(out, isAnd ? AND : OR, () => {
          if (present.length) emitNode(out, isAnd ? ALL : ANY, () => append(out, present));
          if (absent.length) emitNode(out, NONE, () => append(out, absent));
          for (const child of others) this.emit(child, leaves, negated, out);
        });
        return;
      }
      case 'near': {
        for (const n of [...node.left, ...node.right]) this.leafAtom(n, leaves, negated);
        const left = [...new Set(node.left.map((n) => this.atomOf(n)))];
        const right = [...new Set(node.right.map((n) => this.atomOf(n)))];
        emitNode(out, NEAR, () => {
          out.push(node.ordered ? 1 : 0, node.distance, left.length);
          append(out, left);
          append(out, right);
        });
        return;
      }
    }
  }

  /**
   * Necessary conditions: groups of atoms such that, whenever the node matches, at least one atom of every
   * group fired (an AND of ORs). Empty when there is none (e.g. under NOT). The matcher indexes a query
   * under its cheapest group and checks the others before running the query's evaluator.
   */
  needs(node: QueryNode): number[][] {
    switch (node.kind) {
      case 'term':
      case 'phrase':
      case 'field':
        return [[this.atomOf(node)]];
      case 'not':
        return [];
      case 'and':
        return node.children.flatMap((child) => this.needs(child));
      case 'or': {
        const union: number[] = [];
        for (const child of node.children) {
          const groups = this.needs(child);
          if (groups.length === 0) return [];
          append(union, this.cheapest(groups));
        }
        return [[...new Set(union)]];
      }
      case 'near':
        return [node.left, node.right].map((side) => [...new Set(side.map((n) => this.atomOf(n)))]);
    }
  }

  cost(group: number[]): number {
    return group.reduce((sum, a) => sum + (this.atomCost[a] ?? 1), 0);
  }

  private cheapest(groups: number[][]): number[] {
    return groups.reduce((best, g) => (this.cost(g) < this.cost(best) ? g : best));
  }

  finish(needs: number[][][], programs: number[][], queryLeaves: Leaf[][], ids: string[]): CompiledTables {
    // Explanations list a query's elements in the order they appear in the query.
    for (const leaves of queryLeaves) leaves.sort((a, b) => a.start - b.start);
    const leafTexts = queryLeaves.flat().map((l) => l.text);
    let nextLeaf = 0;
    const atomCount = this.atomKind.length;
    const always: number[] = [];
    const records: number[] = [];
    const recordOf: number[] = [];
    const keys: number[][] = [];
    const firstChecks: (number[] | null)[] = [];
    needs.forEach((groups, q) => {
      // Distinct groups, cheapest first: the first is the index key, the others are checks.
      const distinct = new Map(groups.map((g) => [[...new Set(g)].sort((x, y) => x - y).join(), [...new Set(g)]]));
      const [key, ...rest] = [...distinct.values()].sort((x, y) => this.cost(x) - this.cost(y));
      recordOf.push(records.length);
      if (!key) always.push(records.length);
      keys.push(key ?? []);
      firstChecks.push(rest[0] ?? null);
      const leaves = queryLeaves[q] ?? [];
      records.push(
        q,
        0,
        rest.reduce((sum, group) => sum + 1 + group.length, 0),
        5 * leaves.length,
      );
      for (const group of rest) {
        records.push(group.length);
        append(records, group);
      }
      for (const leaf of leaves) records.push(leaf.atom, nextLeaf++, LEAF_KINDS.indexOf(leaf.kind), leaf.start, leaf.end);
      append(records, programs[q] ?? []);
    });
    const index = csr(
      atomCount,
      keys,
      keys.map((key, q) => key.map(() => q)),
    );
    // Index entries are [record, Bloom mask of the query's first check group], so most queries whose
    // check fails are skipped without reading their record.
    const entries = new Int32Array(index.list.length * ENTRY);
    index.list.forEach((q, k) => {
      entries.set([recordOf[q] as number, ...bloomMask(firstChecks[q] ?? null)], k * ENTRY);
    });
    const phrases = csr(
      atomCount,
      this.phrasesByLast.map((list, a) => list.map(() => a)),
      this.phrasesByLast,
    );
    return {
      atomCount,
      atomKind: this.atomKind,
      atomLength: Int32Array.from(this.atomLength),
      automaton: this.automaton.build(),
      phraseStart: phrases.start,
      phraseList: phrases.list,
      phraseWords: this.phraseWords,
      lang: this.lang,
      site: this.site,
      author: this.author,
      source: this.source,
      ids,
      leafTexts,
      indexStart: index.start,
      indexEntries: entries,
      always: Int32Array.from(always),
      records: Int32Array.from(records),
      recordStart: Int32Array.from(recordOf),
    };
  }
}

const NO_WORDS = new Int32Array(0);

/** out.push(...items) without the argument-count limit of spreading (queries can be long). */
function append(out: number[], items: ArrayLike<number>): void {
  for (let k = 0; k < items.length; k++) out.push(items[k] as number);
}

/** Ints per index entry: the record offset, then a 128-bit Bloom mask in four words. */
export const ENTRY = 5;

/** The bit (0–127) standing for an atom in Bloom masks. */
export const atomBit = (atom: number): number => Math.imul(atom, 0x9e3779b1) >>> 25;

/** The four words of the Bloom mask of a group of atoms; all ones when there is no group. */
function bloomMask(group: number[] | null): number[] {
  if (!group) return [-1, -1, -1, -1];
  const mask = [0, 0, 0, 0];
  for (const atom of group) {
    const bit = atomBit(atom);
    mask[bit >>> 5] = (mask[bit >>> 5] as number) | (1 << (bit & 31));
  }
  return mask;
}

/**
 * Compressed lists keyed by atom: for each entry e, item `values[e][k]` is listed under atom `keys[e][k]`;
 * `values` defaults to the entry number itself (e.g. query number → its index atoms).
 */
function csr(atomCount: number, keys: number[][], values?: number[][]): { start: Int32Array; list: Int32Array } {
  const start = new Int32Array(atomCount + 1);
  for (const group of keys) for (const a of group) start[a + 1] = (start[a + 1] ?? 0) + 1;
  for (let a = 0; a < atomCount; a++) start[a + 1] = (start[a + 1] ?? 0) + (start[a] ?? 0);
  const fill = start.slice(0, atomCount);
  const list = new Int32Array(start[atomCount] ?? 0);
  keys.forEach((group, e) => {
    group.forEach((a, k) => {
      list[(fill[a] as number)++] = values ? (values[e]?.[k] as number) : e;
    });
  });
  return { start, list };
}

const isLeaf = (node: QueryNode): node is LeafNode => node.kind === 'term' || node.kind === 'phrase' || node.kind === 'field';
