import { type ReactNode, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';

export type SortDirection = 'ascending' | 'descending';
export type SortState<K extends string> = { column: K; direction: SortDirection } | null;
export type SortValue = string | number | null | undefined;

/** Sorts rows by the chosen column; empty values always go last; text compares by locale. */
export function useSortedRows<T, K extends string>(
  rows: T[],
  accessors: Record<K, (row: T) => SortValue>,
  sort: SortState<K>,
  locale: string,
): T[] {
  return useMemo(() => {
    if (!sort) return rows;
    const read = accessors[sort.column];
    const collator = new Intl.Collator(locale, { numeric: true, sensitivity: 'base' });
    const factor = sort.direction === 'ascending' ? 1 : -1;
    return [...rows].sort((a, b) => {
      const x = read(a);
      const y = read(b);
      const xEmpty = x === null || x === undefined || x === '';
      const yEmpty = y === null || y === undefined || y === '';
      if (xEmpty || yEmpty) return xEmpty === yEmpty ? 0 : xEmpty ? 1 : -1;
      if (typeof x === 'number' && typeof y === 'number') return (x - y) * factor;
      return collator.compare(String(x), String(y)) * factor;
    });
  }, [rows, accessors, sort, locale]);
}

export function useSortState<K extends string>(initial: SortState<K> = null) {
  const [sort, setSort] = useState<SortState<K>>(initial);
  const toggle = (column: K) =>
    setSort((current) =>
      current?.column === column
        ? { column, direction: current.direction === 'ascending' ? 'descending' : 'ascending' }
        : { column, direction: 'ascending' },
    );
  return { sort, toggle, setSort };
}

/** A column header that sorts: a real button inside a th with aria-sort, as screen readers expect. */
export function SortableHeader<K extends string>({
  column,
  sort,
  onSort,
  children,
  className,
}: {
  column: K;
  sort: SortState<K>;
  onSort: (column: K) => void;
  children: ReactNode;
  className?: string;
}) {
  const { t } = useTranslation();
  const direction = sort?.column === column ? sort.direction : undefined;
  return (
    <th scope="col" aria-sort={direction ?? 'none'} className={className}>
      <button type="button" className="sort-button" onClick={() => onSort(column)}>
        {children}
        <span className="sort-indicator" aria-hidden="true">
          {direction === 'ascending' ? '▲' : direction === 'descending' ? '▼' : '↕'}
        </span>
        {direction ? (
          <span className="visually-hidden">{t(direction === 'ascending' ? 'common.sortedAscending' : 'common.sortedDescending')}</span>
        ) : null}
      </button>
    </th>
  );
}
