import { useTranslation } from 'react-i18next';
import type { Channel } from '../../../api/types.js';
import { CheckboxGroupField, RadioGroupField, SelectField, TextAreaField, TextField } from '../../../ui/field.js';
import { effectiveKeep, PUBLIC_TIMELINES, type SourceFieldName, TIMELINE_KEY, type SourceFormValues } from '../source-form.js';

type SourceFieldsProps = {
  values: SourceFormValues;
  set: (changes: Partial<SourceFormValues>) => void;
  errors: Partial<Record<SourceFieldName, string>>;
  /** The organisation's own Mastodon and Bluesky channels. */
  channels: Channel[];
};

const channelLabel = (channel: Channel) => (channel.displayName ? `${channel.displayName} (${channel.handle})` : channel.handle);

/** The fields of one kind of source; ids are stable (`source-<field>`) so errors and tests find them. */
export function SourceFields({ values, set, errors, channels }: SourceFieldsProps) {
  const { t } = useTranslation();
  const keep = (
    <RadioGroupField
      label={t('listening.sourceForm.keep')}
      hint={t('listening.sourceForm.keepHint')}
      options={[
        { value: 'matching', label: t('listening.sourceForm.keepMatching') },
        { value: 'all', label: t('listening.sourceForm.keepAll') },
      ]}
      value={effectiveKeep(values)}
      onChange={(value) => set({ keep: value === 'all' ? 'all' : 'matching' })}
      error={errors.keep}
    />
  );
  const languages = (
    <TextField
      id="source-languages"
      label={t('listening.sourceForm.languagesOptional')}
      hint={t('listening.sourceForm.languagesHint')}
      value={values.languages}
      onChange={(languages) => set({ languages })}
      error={errors.languages}
      spellCheck={false}
      autoComplete="off"
    />
  );

  switch (values.kind) {
    case 'feed':
      return (
        <TextField
          id="source-url"
          type="url"
          label={t('listening.sourceForm.feedUrl')}
          hint={t('listening.sourceForm.feedUrlHint')}
          value={values.url}
          onChange={(url) => set({ url })}
          error={errors.url}
          required
          spellCheck={false}
          autoComplete="url"
        />
      );
    case 'page':
      return (
        <>
          <TextField
            id="source-url"
            type="url"
            label={t('listening.sourceForm.pageUrl')}
            hint={t('listening.sourceForm.pageUrlHint')}
            value={values.url}
            onChange={(url) => set({ url })}
            error={errors.url}
            required
            spellCheck={false}
            autoComplete="url"
          />
          <TextField
            id="source-selector"
            label={t('listening.sourceForm.selector')}
            hint={t('listening.sourceForm.selectorHint')}
            value={values.selector}
            onChange={(selector) => set({ selector })}
            error={errors.selector}
            className="mono"
            spellCheck={false}
            autoComplete="off"
          />
        </>
      );
    case 'mastodon': {
      const mastodonChannels = channels.filter((channel) => channel.network === 'mastodon');
      return (
        <>
          <TextField
            id="source-instanceUrl"
            type="url"
            label={t('listening.sourceForm.instanceUrl')}
            hint={t('listening.sourceForm.instanceUrlHint')}
            value={values.instanceUrl}
            onChange={(instanceUrl) => set({ instanceUrl })}
            error={errors.instanceUrl}
            required
            spellCheck={false}
          />
          <TextField
            id="source-hashtags"
            label={t('listening.sourceForm.hashtags')}
            hint={t('listening.sourceForm.hashtagsHint')}
            value={values.hashtags}
            onChange={(hashtags) => set({ hashtags })}
            error={errors.hashtags}
            spellCheck={false}
            autoComplete="off"
          />
          <RadioGroupField
            label={t('listening.sourceForm.publicTimeline')}
            options={PUBLIC_TIMELINES.map((value) => ({ value, label: t(`listening.sourceForm.timelines.${TIMELINE_KEY[value]}`) }))}
            value={values.publicTimeline}
            onChange={(value) => set({ publicTimeline: PUBLIC_TIMELINES.find((candidate) => candidate === value) ?? 'none' })}
            error={errors.publicTimeline}
          />
          <SelectField
            id="source-channelId"
            label={t('listening.sourceForm.channel')}
            hint={mastodonChannels.length ? t('listening.sourceForm.channelHint') : t('listening.sourceForm.noMastodonChannels')}
            value={values.channelId}
            emptyOption={t('listening.sourceForm.noChannel')}
            options={mastodonChannels.map((channel) => ({ value: channel.id, label: channelLabel(channel) }))}
            onChange={(channelId) => set({ channelId })}
            error={errors.channelId}
          />
          {languages}
          {keep}
        </>
      );
    }
    case 'bluesky':
      return (
        <>
          {languages}
          <TextAreaField
            id="source-keywords"
            label={t('listening.sourceForm.keywords')}
            hint={t('listening.sourceForm.keywordsHint')}
            value={values.keywords}
            onChange={(keywords) => set({ keywords })}
            error={errors.keywords}
            rows={4}
            spellCheck={false}
          />
          {keep}
        </>
      );
    case 'own_mentions':
      return channels.length ? (
        <CheckboxGroupField
          label={t('listening.sourceForm.ownChannels')}
          hint={t('listening.sourceForm.ownChannelsHint')}
          options={channels.map((channel) => ({
            value: channel.id,
            label: `${channelLabel(channel)} · ${channel.network === 'mastodon' ? 'Mastodon' : 'Bluesky'}`,
          }))}
          values={values.channelIds}
          onChange={(channelIds) => set({ channelIds })}
          error={errors.channelIds}
        />
      ) : (
        <p className="notice notice--warning">{t('listening.sourceForm.noOwnChannels')}</p>
      );
  }
}
