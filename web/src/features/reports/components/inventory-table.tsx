import { useMemo, useState } from 'react';
import { Cell, Column, Row, type SortDescriptor, Table, TableBody, TableFooter, TableHeader } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import type { InventoryReport, InventoryRow } from '../../../api/types.js';
import { useFormatters } from '../../../i18n/format.js';
import { NetworkLabel } from '../../../ui/network-label.js';
import { TableWrap } from '../../../ui/table-wrap.js';

type ColumnKey = 'organisation' | 'networks' | 'audiences' | 'languages' | 'followers' | 'channels';

/**
 * The inventory as a react-aria Table: sortable column headers (keyboard and screen reader friendly),
 * organisations indented by depth in tree order, per-network follower figures, and a totals row.
 */
export function InventoryTable({ report }: { report: InventoryReport }) {
  const { t } = useTranslation();
  const format = useFormatters();
  const [sort, setSort] = useState<SortDescriptor | undefined>(undefined);

  const rows = useMemo(() => {
    if (!sort) return report.rows;
    const collator = new Intl.Collator(format.locale, { sensitivity: 'base', numeric: true });
    const value = (row: InventoryRow): string | number => {
      switch (sort.column as ColumnKey) {
        case 'networks':
          return row.networks.length;
        case 'audiences':
          return row.audiences.length;
        case 'languages':
          return row.languages.length;
        case 'followers':
          return row.followers.total;
        case 'channels':
          return row.channelCount;
        default:
          return row.organisationName;
      }
    };
    const factor = sort.direction === 'descending' ? -1 : 1;
    return [...report.rows].sort((a, b) => {
      const x = value(a);
      const y = value(b);
      const order = typeof x === 'number' && typeof y === 'number' ? x - y : collator.compare(String(x), String(y));
      return order * factor || collator.compare(a.organisationName, b.organisationName);
    });
  }, [report.rows, sort, format.locale]);

  // Indentation shows the tree; it only means something while rows are in tree order.
  const treeOrder = !sort;

  return (
    <TableWrap label={t('inventory.table.label', { name: report.organisation.name })}>
      <Table
        className="table"
        aria-label={t('inventory.table.label', { name: report.organisation.name })}
        sortDescriptor={sort}
        onSortChange={setSort}
      >
        <TableHeader>
          <Column id="organisation" isRowHeader allowsSorting>
            {({ sortDirection }) => <SortLabel label={t('inventory.table.organisation')} direction={sortDirection} />}
          </Column>
          <Column id="networks" allowsSorting>
            {({ sortDirection }) => <SortLabel label={t('inventory.table.networks')} direction={sortDirection} />}
          </Column>
          <Column id="audiences" allowsSorting>
            {({ sortDirection }) => <SortLabel label={t('inventory.table.audiences')} direction={sortDirection} />}
          </Column>
          <Column id="languages" allowsSorting>
            {({ sortDirection }) => <SortLabel label={t('inventory.table.languages')} direction={sortDirection} />}
          </Column>
          <Column id="followers" allowsSorting className="num">
            {({ sortDirection }) => <SortLabel label={t('inventory.table.followers')} direction={sortDirection} />}
          </Column>
          <Column id="channels" allowsSorting className="num">
            {({ sortDirection }) => <SortLabel label={t('inventory.table.channels')} direction={sortDirection} />}
          </Column>
        </TableHeader>
        <TableBody items={rows} dependencies={[treeOrder, format]}>
          {(row) => (
            <Row id={row.organisationId}>
              <Cell>
                <span className="indent" style={{ paddingLeft: treeOrder ? `${row.depth * 1.25}rem` : undefined }}>
                  {treeOrder && row.depth > 0 ? (
                    <span aria-hidden="true" className="muted">
                      └{' '}
                    </span>
                  ) : null}
                  {row.organisationName}
                </span>
              </Cell>
              <Cell>{row.networks.length === 0 ? <span className="muted">—</span> : <NetworkFigures row={row} />}</Cell>
              <Cell>{row.audiences.length ? format.list(row.audiences) : <span className="muted">—</span>}</Cell>
              <Cell>
                {row.languages.length ? (
                  row.languages.map((language) => language.toUpperCase()).join(', ')
                ) : (
                  <span className="muted">—</span>
                )}
              </Cell>
              <Cell className="num">
                <strong>{format.number(row.followers.total)}</strong>
              </Cell>
              <Cell className="num">{format.number(row.channelCount)}</Cell>
            </Row>
          )}
        </TableBody>
        <TableFooter>
          <Row id="totals">
            <Cell>{t('inventory.table.totals', { count: report.totals.organisations })}</Cell>
            <Cell>{t('inventory.table.networkCount', { count: report.networks.length })}</Cell>
            <Cell>{''}</Cell>
            <Cell>{''}</Cell>
            <Cell className="num">{format.number(report.totals.followers)}</Cell>
            <Cell className="num">{format.number(report.totals.channels)}</Cell>
          </Row>
        </TableFooter>
      </Table>
    </TableWrap>
  );
}

function SortLabel({ label, direction }: { label: string; direction: SortDescriptor['direction'] | undefined }) {
  return (
    <span className="sort-button">
      {label}
      <span className="sort-indicator" aria-hidden="true">
        {direction === 'ascending' ? '▲' : direction === 'descending' ? '▼' : '↕'}
      </span>
    </span>
  );
}

/** Each network of an organisation with its follower figure and when it was measured. */
function NetworkFigures({ row }: { row: InventoryRow }) {
  const { t } = useTranslation();
  const format = useFormatters();
  return (
    <ul className="plain-list">
      {row.networks.map((network) => {
        const figure = row.followers.byNetwork[network];
        return (
          <li key={network}>
            <NetworkLabel network={network} />
            {figure && figure.count !== null ? (
              <div className="muted small">
                {figure.measuredOn
                  ? t('inventory.table.networkFigure', {
                      amount: format.number(figure.count),
                      unit: t(`followerUnits.${figure.unit}`),
                      date: format.date(figure.measuredOn),
                    })
                  : t('inventory.table.networkFigureUndated', {
                      amount: format.number(figure.count),
                      unit: t(`followerUnits.${figure.unit}`),
                    })}
              </div>
            ) : (
              <div className="muted small">{t('inventory.table.noFigure')}</div>
            )}
          </li>
        );
      })}
    </ul>
  );
}
