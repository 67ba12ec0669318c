import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AuditEntry } from '../../../api/types.js';
import { useFormatters } from '../../../i18n/format.js';
import { Badge, type BadgeTone } from '../../../ui/badge.js';
import { TableWrap } from '../../../ui/table-wrap.js';

type Change = { field: string; before: unknown; after: unknown };

/** Fields whose value differs between before and after (all fields for a creation or deletion). */
export function diffEntry(before: Record<string, unknown> | null, after: Record<string, unknown> | null): Change[] {
  const fields = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  const changes: Change[] = [];
  for (const field of [...fields].sort()) {
    const was = before?.[field];
    const is = after?.[field];
    if (JSON.stringify(was) !== JSON.stringify(is)) changes.push({ field, before: was, after: is });
  }
  return changes;
}

function show(value: unknown): string {
  if (value === undefined) return '—';
  if (value === null) return 'null';
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

function actionTone(action: string): BadgeTone {
  if (/delete|remove|revoke/i.test(action)) return 'danger';
  if (/create|add/i.test(action)) return 'success';
  if (/update|change|rename|move/i.test(action)) return 'info';
  return 'neutral';
}

/** One audit entry: who did what to which thing, when; the before/after difference on request. */
export function AuditEntryItem({ entry }: { entry: AuditEntry }) {
  const { t } = useTranslation();
  const format = useFormatters();
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const changes = open ? diffEntry(entry.before, entry.after) : [];
  const hasDiff = entry.before !== null || entry.after !== null;

  return (
    <li className="audit-entry">
      <div className="audit-summary">
        <time dateTime={entry.at} className="mono small">
          {format.dateTime(entry.at)}
        </time>
        <strong>{entry.actorLabel}</strong>
        <Badge tone={actionTone(entry.action)}>{entry.action}</Badge>
        <span>
          {entry.entity}
          {entry.entityId ? <span className="muted small mono"> {String(entry.entityId).slice(0, 8)}</span> : null}
        </span>
        {entry.organisationName ? <span className="muted">{entry.organisationName}</span> : null}
        {hasDiff ? (
          <button
            type="button"
            className="button button--ghost button--small"
            aria-expanded={open}
            aria-controls={panelId}
            onClick={() => setOpen((value) => !value)}
          >
            {open ? t('audit.hideChanges') : t('audit.showChanges')}
          </button>
        ) : null}
      </div>
      <div id={panelId} hidden={!open}>
        {open ? (
          changes.length === 0 ? (
            <p className="muted small">{t('audit.noDifferences')}</p>
          ) : (
            <TableWrap label={t('audit.diffCaption', { action: entry.action, entity: entry.entity })} className="diff">
              <table className="table">
                <caption className="visually-hidden">{t('audit.diffCaption', { action: entry.action, entity: entry.entity })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('audit.field')}</th>
                    <th scope="col">{t('audit.before')}</th>
                    <th scope="col">{t('audit.after')}</th>
                  </tr>
                </thead>
                <tbody>
                  {changes.map((change) => (
                    <tr key={change.field}>
                      <th scope="row">{change.field}</th>
                      <td>{show(change.before)}</td>
                      <td>{show(change.after)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableWrap>
          )
        ) : null}
      </div>
    </li>
  );
}
