import { useTranslation } from 'react-i18next';
import type { CalendarEntry } from '../types.js';
import { useFormatters } from '../../../i18n/format.js';
import { parseDate } from '../calendar-dates.js';
import { type DraggedPost, dropTargetProps, PostChip } from './post-chip.js';

type ViewProps = {
  days: string[];
  entries: CalendarEntry[];
  /** The anchor month ('YYYY-MM') for the month view; days outside it are dimmed. */
  month: string;
  caption: string;
  showOrganisation: boolean;
  onMove: (entry: CalendarEntry) => void;
  onDrop: (dragged: DraggedPost, date: string, time?: string) => void;
};

const byDay = (entries: CalendarEntry[], date: string) => entries.filter((e) => e.plannedLocal.slice(0, 10) === date);

function useDayNames() {
  const { locale } = useFormatters();
  const long = new Intl.DateTimeFormat(locale, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
  const short = new Intl.DateTimeFormat(locale, { weekday: 'short', timeZone: 'UTC' });
  return { long: (date: string) => long.format(parseDate(date)), short: (date: string) => short.format(parseDate(date)) };
}

/** Six weeks, Monday first, as a table (caption, column headers), posts as chips in their local day. */
export function MonthView({ days, entries, month, caption, showOrganisation, onMove, onDrop }: ViewProps) {
  const names = useDayNames();
  const weeks = Array.from({ length: days.length / 7 }, (_, i) => days.slice(i * 7, i * 7 + 7));
  return (
    <div className="table-wrap">
      <table className="calendar-month">
        <caption>{caption}</caption>
        <thead>
          <tr>
            {weeks[0]?.map((date) => (
              <th key={date} scope="col">
                {names.short(date)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {weeks.map((week) => (
            <tr key={week[0]}>
              {week.map((date) => (
                <td key={date} className={date.startsWith(month) ? 'calendar-day' : 'calendar-day calendar-day--outside'} data-date={date} {...dropTargetProps((d) => onDrop(d, date))}>
                  <span className="calendar-day-number">
                    <span aria-hidden="true">{Number(date.slice(8, 10))}</span>
                    <span className="visually-hidden">{names.long(date)}</span>
                  </span>
                  {byDay(entries, date).map((entry) => (
                    <PostChip key={entry.postId} entry={entry} showOrganisation={showOrganisation} onMove={onMove} />
                  ))}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

const HOURS = Array.from({ length: 24 }, (_, h) => `${String(h).padStart(2, '0')}:00`);

/** Seven days × 24 hours; dropping on an hour keeps the post's minutes. */
export function WeekView({ days, entries, caption, showOrganisation, onMove, onDrop }: ViewProps) {
  const names = useDayNames();
  return (
    <div className="table-wrap">
      <table className="calendar-week">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <td />
            {days.map((date) => (
              <th key={date} scope="col">
                {names.long(date)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {HOURS.map((hour) => (
            <tr key={hour}>
              <th scope="row">{hour}</th>
              {days.map((date) => (
                <td
                  key={date}
                  className="calendar-hour"
                  data-date={date}
                  data-hour={hour}
                  {...dropTargetProps((d) => onDrop(d, date, `${hour.slice(0, 2)}:${d.time.slice(3, 5)}`))}
                >
                  {byDay(entries, date)
                    .filter((entry) => entry.plannedLocal.slice(11, 13) === hour.slice(0, 2))
                    .map((entry) => (
                      <PostChip key={entry.postId} entry={entry} showOrganisation={showOrganisation} onMove={onMove} />
                    ))}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Days that have posts, each a heading with its posts in time order. */
export function ListView({ days, entries, showOrganisation, onMove }: ViewProps) {
  const { t } = useTranslation();
  const names = useDayNames();
  const withPosts = days.filter((date) => byDay(entries, date).length > 0);
  if (withPosts.length === 0) return <p className="muted">{t('planning.emptyList')}</p>;
  return (
    <div className="stack calendar-list">
      {withPosts.map((date) => (
        <section key={date} aria-labelledby={`day-${date}`} data-date={date}>
          <h2 id={`day-${date}`} className="calendar-list-day">
            {names.long(date)}
          </h2>
          <ul className="calendar-list-items">
            {byDay(entries, date).map((entry) => (
              <li key={entry.postId}>
                <PostChip entry={entry} showOrganisation={showOrganisation} onMove={onMove} />
              </li>
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}
