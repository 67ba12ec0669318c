import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Organisation } from '../../../api/types.js';
import type { ListeningSource, Watchlist } from '../types.js';
import { useFormatters } from '../../../i18n/format.js';
import { SelectField, TextField } from '../../../ui/field.js';
import { OrganisationSelect } from '../../organisations/components/organisation-select.js';

export type MentionFilterValues = {
  organisationId?: string;
  watchlistId?: string;
  sourceId?: string;
  language?: string;
  from?: string;
  to?: string;
  q?: string;
};

/** Languages offered in the filter; a code from the URL that is not here is offered too. */
const LANGUAGES = ['nl', 'fr', 'de', 'en'];

type MentionFiltersProps = {
  filters: MentionFilterValues;
  organisationId: string;
  organisations: Organisation[];
  watchlists: Watchlist[];
  sources: ListeningSource[];
  onChange: (changes: Partial<MentionFilterValues>) => void;
};

/** Filters of the mention stream; the search box waits for a pause in typing before it asks. */
export function MentionFilters({ filters, organisationId, organisations, watchlists, sources, onChange }: MentionFiltersProps) {
  const { t } = useTranslation();
  const format = useFormatters();
  const [query, setQuery] = useState(filters.q ?? '');

  useEffect(() => setQuery(filters.q ?? ''), [filters.q]);
  useEffect(() => {
    if (query === (filters.q ?? '')) return;
    const timer = window.setTimeout(() => onChange({ q: query.trim() || undefined }), 400);
    return () => window.clearTimeout(timer);
  }, [query, filters.q, onChange]);

  const languages = useMemo(() => {
    const codes =
      filters.language && filters.language !== 'none' && !LANGUAGES.includes(filters.language)
        ? [...LANGUAGES, filters.language]
        : LANGUAGES;
    return [
      ...codes.map((code) => ({ value: code, label: format.languageName(code) })),
      { value: 'none', label: t('listening.filters.noLanguage') },
    ];
  }, [filters.language, format, t]);

  return (
    <search className="filters" aria-label={t('listening.filters.label')}>
      <OrganisationSelect
        label={t('listening.filters.organisation')}
        organisations={organisations}
        value={organisationId}
        onChange={(id) => onChange({ organisationId: id || undefined, watchlistId: undefined, sourceId: undefined })}
      />
      <TextField
        type="search"
        label={t('listening.filters.search')}
        hint={t('listening.filters.searchHint')}
        value={query}
        onChange={setQuery}
      />
      <SelectField
        label={t('listening.filters.watchlist')}
        value={filters.watchlistId ?? ''}
        emptyOption={t('listening.filters.allMentions')}
        options={watchlists.map((watchlist) => ({ value: watchlist.id, label: watchlist.name }))}
        onChange={(watchlistId) => onChange({ watchlistId: watchlistId || undefined })}
      />
      <SelectField
        label={t('listening.filters.source')}
        value={filters.sourceId ?? ''}
        emptyOption={t('listening.filters.allSources')}
        options={sources.map((source) => ({ value: source.id, label: source.name }))}
        onChange={(sourceId) => onChange({ sourceId: sourceId || undefined })}
      />
      <SelectField
        label={t('listening.filters.language')}
        value={filters.language ?? ''}
        emptyOption={t('listening.filters.allLanguages')}
        options={languages}
        onChange={(language) => onChange({ language: language || undefined })}
      />
      <TextField
        type="date"
        label={t('listening.filters.from')}
        value={filters.from ?? ''}
        max={filters.to}
        onChange={(from) => onChange({ from: from || undefined })}
      />
      <TextField
        type="date"
        label={t('listening.filters.to')}
        value={filters.to ?? ''}
        min={filters.from}
        onChange={(to) => onChange({ to: to || undefined })}
      />
    </search>
  );
}
