// Field atoms of a mention: lang:, site:, author:, source:. Values repeat a lot across posts (a few
// languages and source kinds, the same hosts and authors), so each raw value's atoms are remembered.
import type { CompiledTables, FieldTable } from './compile.js';
import { authorityOf, domainsOf, hostOfAuthority, normaliseHandle, normaliseLang, normaliseSource } from './normalise.js';
import type { PostState } from './post-state.js';

export type MentionFields = { lang?: string; author?: string; url?: string; source?: string };

/** Distinct values remembered per field; beyond this a memo starts afresh (bounded memory). */
const MEMO_LIMIT = 1 << 14;
const NONE: readonly number[] = [];

export class FieldMatcher {
  private readonly lang = new Map<string, readonly number[]>();
  private readonly authority = new Map<string, readonly number[]>();
  private readonly author = new Map<string, readonly number[]>();
  private readonly source = new Map<string, readonly number[]>();

  constructor(private readonly t: CompiledTables) {}

  fire(s: PostState, m: MentionFields): void {
    const t = this.t;
    if (m.lang && t.lang.size)
      fireAll(
        s,
        remember(this.lang, m.lang, (raw) => this.langAtoms(raw)),
      );
    if (m.url && t.site.size) {
      fireAll(
        s,
        remember(this.authority, authorityOf(m.url), (authority) => this.siteAtoms(authority)),
      );
    }
    if (m.author) this.fireValue(s, t.author, this.author, m.author, normaliseHandle);
    if (m.source) this.fireValue(s, t.source, this.source, m.source, normaliseSource);
  }

  /**
   * Exact values need one lookup of the normalised value (authors are mostly new, a memo would not
   * help); with globs, each distinct value's atoms are remembered, as testing every glob costs more.
   */
  private fireValue(
    s: PostState,
    table: FieldTable,
    memo: Map<string, readonly number[]>,
    raw: string,
    normalise: (v: string) => string,
  ): void {
    if (table.globs.length)
      fireAll(
        s,
        remember(memo, raw, () => tableAtoms(table, normalise(raw))),
      );
    else if (table.exact.size) {
      const atom = table.exact.get(normalise(raw));
      if (atom !== undefined) s.hit(atom, -1);
    }
  }

  /** lang:nl matches nl, nl-be, nl-be-x…: the tag and each of its shorter prefixes. */
  private langAtoms(raw: string): number[] {
    const lang = normaliseLang(raw);
    const atoms: number[] = [];
    for (let end = lang.length; end > 0; end = lang.lastIndexOf('-', end - 1)) {
      const atom = this.t.lang.get(lang.slice(0, end));
      if (atom !== undefined) atoms.push(atom);
    }
    return atoms;
  }

  /** site:example.be matches the host example.be and every subdomain of it. */
  private siteAtoms(authority: string): number[] {
    const host = hostOfAuthority(authority);
    const atoms: number[] = [];
    if (!host) return atoms;
    for (const domain of domainsOf(host)) {
      const atom = this.t.site.get(domain);
      if (atom !== undefined) atoms.push(atom);
    }
    return atoms;
  }
}

function fireAll(s: PostState, atoms: readonly number[]): void {
  for (let k = 0; k < atoms.length; k++) s.hit(atoms[k] as number, -1);
}

function remember(memo: Map<string, readonly number[]>, key: string, compute: (key: string) => number[]): readonly number[] {
  let atoms = memo.get(key);
  if (atoms === undefined) {
    const computed = compute(key);
    atoms = computed.length ? computed : NONE;
    if (memo.size >= MEMO_LIMIT) memo.clear();
    memo.set(key, atoms);
  }
  return atoms;
}

function tableAtoms(table: FieldTable, value: string): number[] {
  const atoms: number[] = [];
  const atom = table.exact.get(value);
  if (atom !== undefined) atoms.push(atom);
  for (const glob of table.globs) if (glob.re.test(value)) atoms.push(glob.atom);
  return atoms;
}
