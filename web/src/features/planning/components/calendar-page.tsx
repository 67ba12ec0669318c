import { getRouteApi } from '@tanstack/react-router';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CONTENT_LANGUAGES, type ContentLanguage, NETWORKS, type Network, POST_STATES, type PostState } from '../../../api/types.js';
import type { CalendarEntry, CalendarView } from '../types.js';
import { useOrganisationContext } from '../../../app/organisation-context.js';
import { useFormatters } from '../../../i18n/format.js';
import { Button } from '../../../ui/button.js';
import { SelectField, TextField } from '../../../ui/field.js';
import { useNetworkName } from '../../../ui/network-label.js';
import { PageHeader } from '../../../ui/page-header.js';
import { ErrorNotice, Skeleton } from '../../../ui/states.js';
import { useToast } from '../../../ui/toast.js';
import { OrganisationSelect } from '../../organisations/components/organisation-select.js';
import { useCalendar } from '../api/get-calendar.js';
import { useReschedulePost } from '../api/reschedule-post.js';
import { addDays, addMonths, fetchRange, parseDate, todayIn, visibleDays } from '../calendar-dates.js';
import { ListView, MonthView, WeekView } from './calendar-views.js';
import { ImportDialog } from './import-dialog.js';
import { MoveDialog } from './move-dialog.js';
import type { DraggedPost } from './post-chip.js';
import { QueueSlotsDialog } from './queue-slots-dialog.js';
import { RescheduleError } from './reschedule-error.js';
import './calendar.css';

const route = getRouteApi('/app/calendar');
const VIEWS: CalendarView[] = ['month', 'week', 'list'];

/**
 * The editorial calendar across every organisation the person can see: month, week and list views,
 * filters in the URL, drag a post to another day or hour (or use "Move…") to reschedule it. Each
 * post sits at its own organisation's wall-clock time. "Queue slots…" edits channels' weekly slots.
 */
export function CalendarPage() {
  const { t } = useTranslation();
  const { locale } = useFormatters();
  const networkName = useNetworkName();
  const toast = useToast();
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const { organisations, organisationId: contextOrganisationId } = useOrganisationContext();
  const [importing, setImporting] = useState(false);
  const [editingSlots, setEditingSlots] = useState(false);
  const view = search.view ?? 'month';
  const anchor = search.date ?? todayIn();
  const days = useMemo(() => visibleDays(view, anchor), [view, anchor]);
  const range = useMemo(() => fetchRange(days), [days]);
  const calendar = useCalendar({
    ...range,
    organisationId: search.organisationId,
    network: search.network,
    language: search.language,
    state: search.state,
    topic: search.topic,
  });
  const reschedule = useReschedulePost();
  const [moving, setMoving] = useState<CalendarEntry | null>(null);
  const entries = calendar.data?.entries ?? [];
  const zones = new Set((calendar.data?.organisations ?? []).map((o) => o.timeZone));
  const showOrganisation = (calendar.data?.organisations.length ?? 0) > 1;

  type Search = typeof search;
  const setSearch = (patch: Partial<Search>) => void navigate({ search: (previous: Search) => ({ ...previous, ...patch }), replace: true });
  const step = (direction: 1 | -1) =>
    setSearch({ date: view === 'month' ? addMonths(anchor, direction) : addDays(anchor, direction * (view === 'week' ? 7 : 31)) });

  const monthName = new Intl.DateTimeFormat(locale, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(parseDate(anchor));
  const dayName = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
  const title =
    view === 'month'
      ? monthName
      : t('planning.rangeTitle', { from: dayName.format(parseDate(days[0] ?? anchor)), to: dayName.format(parseDate(days[days.length - 1] ?? anchor)) });

  const onDrop = (dragged: DraggedPost, date: string, time?: string) => {
    const plannedAt = `${date}T${time ?? dragged.time}`;
    reschedule.mutate(
      { postId: dragged.postId, plannedAt },
      { onSuccess: (result) => toast.show(t('planning.moved', { when: result.plannedLocal.replace('T', ' '), zone: result.timeZone })) },
    );
  };

  const viewProps = { days, entries, month: anchor.slice(0, 7), caption: t('planning.caption', { range: title }), showOrganisation, onMove: setMoving, onDrop };

  return (
    <>
      <PageHeader
        title={t('planning.title')}
        description={t('planning.description')}
        actions={
          <>
            <Button variant="secondary" onPress={() => setEditingSlots(true)}>
              {t('planning.queue.open')}
            </Button>
            <Button variant="secondary" onPress={() => setImporting(true)}>
              {t('planning.import.open')}
            </Button>
          </>
        }
      />
      <div className="filters">
        <OrganisationSelect
          label={t('planning.filters.organisation')}
          organisations={organisations}
          value={search.organisationId ?? ''}
          emptyOption={t('planning.filters.allOrganisations')}
          onChange={(id) => setSearch({ organisationId: id || undefined })}
        />
        <SelectField
          label={t('planning.filters.network')}
          value={search.network ?? ''}
          emptyOption={t('planning.filters.allNetworks')}
          options={NETWORKS.map((n) => ({ value: n, label: networkName(n) }))}
          onChange={(v) => setSearch({ network: (v || undefined) as Network | undefined })}
        />
        <SelectField
          label={t('planning.filters.language')}
          value={search.language ?? ''}
          emptyOption={t('planning.filters.allLanguages')}
          options={CONTENT_LANGUAGES.map((l) => ({ value: l, label: l.toUpperCase() }))}
          onChange={(v) => setSearch({ language: (v || undefined) as ContentLanguage | undefined })}
        />
        <SelectField
          label={t('planning.filters.state')}
          value={search.state ?? ''}
          emptyOption={t('planning.filters.allStates')}
          options={POST_STATES.map((s) => ({ value: s, label: t(`postStates.${s}`) }))}
          onChange={(v) => setSearch({ state: (v || undefined) as PostState | undefined })}
        />
        <TextField label={t('planning.filters.topic')} value={search.topic ?? ''} onChange={(v) => setSearch({ topic: v || undefined })} />
      </div>

      <div className="calendar-toolbar">
        <fieldset className="calendar-views">
          <legend className="visually-hidden">{t('planning.views.label')}</legend>
          {VIEWS.map((v) => (
            <Button key={v} variant={v === view ? 'primary' : 'secondary'} size="small" aria-pressed={v === view} onPress={() => setSearch({ view: v })}>
              {t(`planning.views.${v}`)}
            </Button>
          ))}
        </fieldset>
        <div className="calendar-nav">
          <Button variant="secondary" size="small" onPress={() => step(-1)}>
            {t('planning.previous')}
          </Button>
          <Button variant="secondary" size="small" onPress={() => setSearch({ date: undefined })}>
            {t('planning.today')}
          </Button>
          <Button variant="secondary" size="small" onPress={() => step(1)}>
            {t('planning.next')}
          </Button>
        </div>
        <p className="calendar-range" aria-live="polite">
          <strong>{title}</strong>
          {zones.size > 0 ? <span className="muted small"> · {t('planning.zones', { zones: [...zones].join(', ') })}</span> : null}
        </p>
      </div>

      {reschedule.error ? <RescheduleError error={reschedule.error} /> : null}
      {calendar.isPending ? (
        <div className="card">
          <Skeleton lines={6} label={t('planning.loading')} />
        </div>
      ) : calendar.isError ? (
        <ErrorNotice error={calendar.error} title={t('planning.loadFailed')} onRetry={() => void calendar.refetch()} />
      ) : view === 'month' ? (
        <MonthView {...viewProps} />
      ) : view === 'week' ? (
        <WeekView {...viewProps} />
      ) : (
        <ListView {...viewProps} />
      )}
      {importing ? (
        <ImportDialog organisations={organisations} defaultOrganisationId={search.organisationId ?? contextOrganisationId ?? ''} onClose={() => setImporting(false)} />
      ) : null}
      {editingSlots ? (
        <QueueSlotsDialog
          organisations={organisations}
          defaultOrganisationId={search.organisationId ?? contextOrganisationId ?? ''}
          onClose={() => setEditingSlots(false)}
        />
      ) : null}
      {moving ? <MoveDialog entry={moving} onClose={() => setMoving(null)} /> : null}
    </>
  );
}
