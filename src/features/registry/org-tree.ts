import type { DbOrTx } from '../../db/client.js';
import { type LocalisedNames, organisations } from './schema.js';

/** What the channel registry, reports and directory need to know about an organisation. */
export type OrgNode = {
  id: string;
  parentId: string | null;
  slug: string;
  name: string;
  names: LocalisedNames;
  shortName: string | null;
  website: string | null;
  timeZone: string;
  isDemo: boolean;
};

/** An organisation placed in the tree: depth below the walk's root and the names from that root down. */
export type PlacedOrg = OrgNode & { depth: number; path: string[] };

/**
 * All organisations, indexed for tree walks. The registry holds hundreds of organisations at most, so
 * loading them whole is cheaper and simpler than a recursive query per question.
 */
export class OrgTree {
  readonly byId: Map<string, OrgNode>;
  private readonly children = new Map<string | null, OrgNode[]>();

  constructor(nodes: OrgNode[]) {
    this.byId = new Map(nodes.map((n) => [n.id, n]));
    for (const node of nodes) {
      const parentKey = node.parentId && this.byId.has(node.parentId) ? node.parentId : null;
      const list = this.children.get(parentKey) ?? [];
      list.push(node);
      this.children.set(parentKey, list);
    }
    for (const list of this.children.values()) list.sort((a, b) => a.name.localeCompare(b.name, 'nl', { sensitivity: 'base' }));
  }

  /** Depth-first, children by name: the order every report and the directory use. */
  walk(rootId: string | null = null): PlacedOrg[] {
    const out: PlacedOrg[] = [];
    const visit = (node: OrgNode, depth: number, path: string[]) => {
      const here = [...path, node.name];
      out.push({ ...node, depth, path: here });
      for (const child of this.children.get(node.id) ?? []) visit(child, depth + 1, here);
    };
    if (rootId) {
      const root = this.byId.get(rootId);
      if (root) visit(root, 0, []);
    } else {
      for (const root of this.children.get(null) ?? []) visit(root, 0, []);
    }
    return out;
  }

  /** The organisation and its descendants. */
  subtreeIds(rootId: string): Set<string> {
    return new Set(this.walk(rootId).map((n) => n.id));
  }

  /** The organisation followed by its parent, grandparent … up to the root. */
  selfAndAncestorIds(id: string): string[] {
    const out: string[] = [];
    let current = this.byId.get(id);
    while (current && !out.includes(current.id)) {
      out.push(current.id);
      current = current.parentId ? this.byId.get(current.parentId) : undefined;
    }
    return out;
  }

  /** An organisation by slug, or by name (case-insensitive) when no slug matches. */
  findBySlugOrName(value: string): OrgNode | undefined {
    const wanted = value.trim().toLowerCase();
    if (!wanted) return undefined;
    for (const node of this.byId.values()) if (node.slug === wanted) return node;
    for (const node of this.byId.values()) {
      if (node.name.toLowerCase() === wanted || node.shortName?.toLowerCase() === wanted) return node;
      if (Object.values(node.names).some((n) => n?.toLowerCase() === wanted)) return node;
    }
    return undefined;
  }
}

export async function loadOrgTree(db: DbOrTx): Promise<OrgTree> {
  const nodes = await db
    .select({
      id: organisations.id,
      parentId: organisations.parentId,
      slug: organisations.slug,
      name: organisations.name,
      names: organisations.names,
      shortName: organisations.shortName,
      website: organisations.website,
      timeZone: organisations.timeZone,
      isDemo: organisations.isDemo,
    })
    .from(organisations);
  return new OrgTree(nodes);
}

/** Today's date (YYYY-MM-DD) in a time zone: "not in the future" is judged where the organisation is. */
export function todayIn(timeZone: string, now = new Date()): string {
  try {
    return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
  } catch {
    return now.toISOString().slice(0, 10);
  }
}
