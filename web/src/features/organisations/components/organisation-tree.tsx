import { useNavigate } from '@tanstack/react-router';
import { useEffect, useMemo, useState } from 'react';
import { Button, Collection, type Key, Tree, TreeItem, TreeItemContent } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import type { Organisation } from '../../../api/types.js';
import { Icon } from '../../../ui/icons.js';
import { buildTree, localName, type OrganisationNode } from '../tree.js';

type OrganisationTreeProps = { organisations: Organisation[]; currentId: string | undefined };

function ancestorIds(organisations: Organisation[], id: string | undefined): string[] {
  const byId = new Map(organisations.map((organisation) => [organisation.id, organisation]));
  const out: string[] = [];
  let cursor = id ? byId.get(id)?.parentId : undefined;
  while (cursor && !out.includes(cursor)) {
    out.push(cursor);
    cursor = byId.get(cursor)?.parentId ?? undefined;
  }
  return out;
}

/**
 * The organisation tree (react-aria Tree: arrow keys move, Right/Left expand and collapse, Enter or Space opens).
 * Top levels and the path to the current organisation start expanded.
 */
export function OrganisationTree({ organisations, currentId }: OrganisationTreeProps) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const language = i18n.resolvedLanguage ?? 'nl';
  const roots = useMemo(() => buildTree(organisations, language), [organisations, language]);
  const [expanded, setExpanded] = useState<Set<Key>>(
    () => new Set([...roots.map((root) => root.id), ...ancestorIds(organisations, currentId)]),
  );

  // Opening an organisation from elsewhere (a link, the URL) reveals it in the tree.
  useEffect(() => {
    const path = ancestorIds(organisations, currentId);
    setExpanded((current) => (path.every((id) => current.has(id)) ? current : new Set([...current, ...path])));
  }, [organisations, currentId]);

  const open = (organisationId: string) => {
    if (organisationId !== currentId) void navigate({ to: '/organisations/$organisationId', params: { organisationId } });
  };

  const renderItem = (node: OrganisationNode) => {
    const name = localName(node, language);
    return (
      <TreeItem id={node.id} textValue={name} className="tree-item" onAction={() => open(node.id)}>
        <TreeItemContent>
          {({ hasChildItems }) => (
            <>
              {hasChildItems ? (
                <Button slot="chevron" className="tree-chevron" aria-label={t('organisations.tree.toggle', { name })}>
                  <Icon name="chevron" className="nav-icon" />
                </Button>
              ) : (
                <span className="tree-spacer" />
              )}
              <span>{name}</span>
              <span className="tree-count">
                <span className="visually-hidden">{t('organisations.tree.channels')}: </span>
                {node.channelCount}
              </span>
            </>
          )}
        </TreeItemContent>
        <Collection items={node.children} dependencies={[currentId, language]}>
          {renderItem}
        </Collection>
      </TreeItem>
    );
  };

  return (
    <Tree
      className="tree"
      aria-label={t('organisations.tree.label')}
      items={roots}
      expandedKeys={expanded}
      onExpandedChange={setExpanded}
      // The open organisation is the tree's (single) selection: aria-selected tells screen readers which
      // one is shown, and selecting another (click, Space or Enter) opens it.
      selectionMode="single"
      disallowEmptySelection
      selectedKeys={currentId ? [currentId] : []}
      onSelectionChange={(keys) => {
        if (keys === 'all') return;
        const [key] = [...keys];
        if (typeof key === 'string') open(key);
      }}
      // Rendered rows are cached per item; these are the outside values they depend on.
      dependencies={[currentId, language]}
    >
      {renderItem}
    </Tree>
  );
}
