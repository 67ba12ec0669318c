import type { Organisation } from '../../api/types.js';

export type OrganisationNode = Organisation & { children: OrganisationNode[]; depth: number };

/**
 * Builds the tree from the flat list. Organisations whose parent the caller cannot read become roots,
 * so someone with a role on a sub-organisation still sees a tree starting there.
 */
export function buildTree(organisations: Organisation[], locale = 'nl'): OrganisationNode[] {
  const byId = new Map<string, OrganisationNode>();
  for (const organisation of organisations) byId.set(organisation.id, { ...organisation, children: [], depth: 0 });
  const roots: OrganisationNode[] = [];
  for (const node of byId.values()) {
    const parent = node.parentId ? byId.get(node.parentId) : undefined;
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  const collator = new Intl.Collator(locale, { sensitivity: 'base', numeric: true });
  const sortAndDepth = (nodes: OrganisationNode[], depth: number) => {
    nodes.sort((a, b) => collator.compare(a.name, b.name));
    for (const node of nodes) {
      node.depth = depth;
      sortAndDepth(node.children, depth + 1);
    }
  };
  sortAndDepth(roots, 0);
  return roots;
}

/** The tree in reading order, each organisation with its depth (for indented pickers). */
export function flattenTree(roots: OrganisationNode[]): OrganisationNode[] {
  const out: OrganisationNode[] = [];
  const walk = (nodes: OrganisationNode[]) => {
    for (const node of nodes) {
      out.push(node);
      walk(node.children);
    }
  };
  walk(roots);
  return out;
}

/** The organisation itself and everything below it. */
export function subtreeIds(organisations: Organisation[], rootId: string): Set<string> {
  const children = new Map<string, string[]>();
  for (const organisation of organisations) {
    if (!organisation.parentId) continue;
    const list = children.get(organisation.parentId) ?? [];
    list.push(organisation.id);
    children.set(organisation.parentId, list);
  }
  const ids = new Set<string>([rootId]);
  const stack = [rootId];
  while (stack.length) {
    const id = stack.pop() as string;
    for (const child of children.get(id) ?? []) {
      if (!ids.has(child)) {
        ids.add(child);
        stack.push(child);
      }
    }
  }
  return ids;
}

/** The name in the interface language when the organisation has one. */
export function localName(organisation: Pick<Organisation, 'name' | 'names'>, language: string): string {
  return organisation.names?.[language as keyof Organisation['names']] || organisation.name;
}
