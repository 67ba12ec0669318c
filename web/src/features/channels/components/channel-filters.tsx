import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CHANNEL_STATUSES, CONTENT_LANGUAGES, NETWORKS, type Organisation } from '../../../api/types.js';
import { useFormatters } from '../../../i18n/format.js';
import { CheckboxField, SelectField, TextField } from '../../../ui/field.js';
import { useNetworkName } from '../../../ui/network-label.js';
import { OrganisationSelect } from '../../organisations/components/organisation-select.js';
import type { ChannelFilters } from '../api/get-channels.js';

type ChannelFiltersBarProps = {
  filters: ChannelFilters;
  organisations: Organisation[];
  onChange: (changes: Partial<ChannelFilters>) => void;
};

/** Filters for the channel list; the search box waits for a pause in typing before it asks the server. */
export function ChannelFiltersBar({ filters, organisations, onChange }: ChannelFiltersBarProps) {
  const { t } = useTranslation();
  const format = useFormatters();
  const networkName = useNetworkName();
  const [query, setQuery] = useState(filters.q ?? '');

  useEffect(() => setQuery(filters.q ?? ''), [filters.q]);
  useEffect(() => {
    if (query === (filters.q ?? '')) return;
    const timer = window.setTimeout(() => onChange({ q: query || undefined }), 300);
    return () => window.clearTimeout(timer);
  }, [query, filters.q, onChange]);

  return (
    <search className="filters" aria-label={t('channels.filters.label')}>
      <TextField
        type="search"
        label={t('channels.filters.search')}
        value={query}
        onChange={setQuery}
        placeholder={t('channels.filters.searchPlaceholder')}
      />
      <OrganisationSelect
        label={t('channels.filters.organisation')}
        organisations={organisations}
        value={filters.organisationId ?? ''}
        onChange={(organisationId) => onChange({ organisationId: organisationId || undefined })}
        emptyOption={t('channels.filters.allOrganisations')}
      />
      <CheckboxField
        label={t('channels.filters.subtree')}
        checked={filters.subtree !== false}
        onChange={(checked) => onChange({ subtree: checked ? undefined : false })}
      />
      <SelectField
        label={t('channels.filters.network')}
        value={filters.network ?? ''}
        onChange={(network) => onChange({ network: (network || undefined) as ChannelFilters['network'] })}
        emptyOption={t('channels.filters.allNetworks')}
        options={NETWORKS.map((network) => ({ value: network, label: networkName(network) }))}
      />
      <SelectField
        label={t('channels.filters.status')}
        value={filters.status ?? ''}
        onChange={(status) => onChange({ status: (status || undefined) as ChannelFilters['status'] })}
        emptyOption={t('channels.filters.allStatuses')}
        options={CHANNEL_STATUSES.map((status) => ({ value: status, label: t(`channelStatus.${status}`) }))}
      />
      <SelectField
        label={t('channels.filters.language')}
        value={filters.language ?? ''}
        onChange={(language) => onChange({ language: (language || undefined) as ChannelFilters['language'] })}
        emptyOption={t('channels.filters.allLanguages')}
        options={CONTENT_LANGUAGES.map((language) => ({ value: language, label: format.languageName(language) }))}
      />
    </search>
  );
}
