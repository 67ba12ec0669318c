import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Channel, ContentLanguage } from '../../../api/types.js';
import { Button } from '../../../ui/button.js';
import { TextAreaField } from '../../../ui/field.js';
import { NetworkLabel } from '../../../ui/network-label.js';
import { type Draft, resolveChannelText } from '../draft.js';
import { TextCounter } from './text-counter.js';

type ChannelPickerProps = {
  channels: Channel[];
  draft: Draft;
  onChange: (draft: Draft) => void;
  defaultLanguage: ContentLanguage;
  readOnly: boolean;
};

/**
 * The organisation's active channels as checkboxes (network, handle, languages). A chosen channel
 * says which text it gets, counts it at once, and can take a text of its own.
 */
export function ChannelPicker({ channels, draft, onChange, defaultLanguage, readOnly }: ChannelPickerProps) {
  const { t } = useTranslation();
  const [openOverrides, setOpenOverrides] = useState<Set<string>>(
    () => new Set(draft.channels.filter((c) => c.textOverride).map((c) => c.channelId)),
  );
  const selected = new Set(draft.channels.map((c) => c.channelId));

  const toggle = (channelId: string, checked: boolean) =>
    onChange({
      ...draft,
      channels: checked
        ? [...draft.channels, { channelId, textOverride: null, mediaIds: draft.mediaIds }]
        : draft.channels.filter((c) => c.channelId !== channelId),
    });
  const setOverride = (channelId: string, text: string) =>
    onChange({ ...draft, channels: draft.channels.map((c) => (c.channelId === channelId ? { ...c, textOverride: text } : c)) });
  const toggleOverride = (channelId: string) =>
    setOpenOverrides((open) => {
      const next = new Set(open);
      if (next.has(channelId)) next.delete(channelId);
      else next.add(channelId);
      return next;
    });

  if (channels.length === 0) return <p className="muted">{t('compose.channels.none')}</p>;
  return (
    <fieldset className="field">
      <legend>{t('compose.channels.label')}</legend>
      <ul className="channel-pick-list">
        {channels.map((channel) => {
          const checked = selected.has(channel.id);
          const resolved = checked ? resolveChannelText(draft, channel, defaultLanguage) : null;
          const link = draft.channels.find((c) => c.channelId === channel.id);
          const overrideOpen = openOverrides.has(channel.id);
          const counterId = `counter-${channel.id}`;
          return (
            <li key={channel.id} className="channel-pick">
              <label className="choice">
                <input
                  type="checkbox"
                  checked={checked}
                  disabled={readOnly}
                  onChange={(event) => toggle(channel.id, event.target.checked)}
                  aria-describedby={resolved ? counterId : undefined}
                />
                <NetworkLabel network={channel.network} />
                <span>{channel.handle}</span>
                <span className="muted small">({channel.languages.map((l) => l.toUpperCase()).join(', ')})</span>
              </label>
              {resolved ? (
                <div className="channel-pick-detail small">
                  <span>{t(`compose.source.${resolved.source}`, { language: resolved.language.toUpperCase() })}</span>{' '}
                  <TextCounter id={counterId} count={resolved.count.count} max={resolved.count.max} over={resolved.count.over} />{' '}
                  {!readOnly ? (
                    <Button
                      variant="ghost"
                      size="small"
                      aria-expanded={overrideOpen}
                      aria-controls={`override-${channel.id}`}
                      onPress={() => toggleOverride(channel.id)}
                    >
                      {overrideOpen ? t('compose.channels.hideOverride') : t('compose.channels.showOverride')}
                    </Button>
                  ) : null}
                  {overrideOpen ? (
                    <div id={`override-${channel.id}`}>
                      <TextAreaField
                        label={t('compose.channels.override', { handle: channel.handle })}
                        hint={t('compose.channels.overrideHint')}
                        value={link?.textOverride ?? ''}
                        onChange={(text) => setOverride(channel.id, text)}
                        rows={3}
                        readOnly={readOnly}
                      />
                    </div>
                  ) : null}
                </div>
              ) : null}
            </li>
          );
        })}
      </ul>
    </fieldset>
  );
}
