import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormatters } from '../../../i18n/format.js';
import { formatInZone, toZonedInputValue } from '../../../i18n/zoned-time.js';
import { Button } from '../../../ui/button.js';
import { SelectField } from '../../../ui/field.js';
import { useNetworkName } from '../../../ui/network-label.js';
import { ErrorNotice } from '../../../ui/states.js';
import { useChannels } from '../../channels/api/get-channels.js';
import { useNextFreeSlot } from '../api/get-next-free-slot.js';
import './queue-slots.css';

type NextFreeSlotProps = {
  /** The post being scheduled: its own planned time does not count as taken. */
  postId: string;
  /** The post's channels, in the post's order; the first is the default. */
  channelIds: string[];
  organisationId: string;
  /** The zone the date-time field is read in (the post's organisation's). */
  timeZone: string;
  /** What the date-time field holds now. */
  current: string;
  /** Fills the field with a wall-clock 'YYYY-MM-DDTHH:MM' in `timeZone`. */
  onFound: (local: string) => void;
};

/**
 * "Next free slot" for the schedule panel: asks the API for the channel's first free queue slot and
 * fills the date-time field with it. Asked again while the field still holds that slot, it looks
 * for the one after it, so the person can step through the free slots.
 */
export function NextFreeSlot({ postId, channelIds, organisationId, timeZone, current, onFound }: NextFreeSlotProps) {
  const { t } = useTranslation();
  const { locale } = useFormatters();
  const networkName = useNetworkName();
  const channels = useChannels({ organisationId, subtree: true });
  const lookup = useNextFreeSlot();
  const [chosen, setChosen] = useState('');
  const [filled, setFilled] = useState<{ local: string; at: string } | null>(null);
  const [message, setMessage] = useState('');
  const channelId = channelIds.includes(chosen) ? chosen : (channelIds[0] ?? '');
  const labelOf = (id: string) => {
    const channel = channels.data?.find((c) => c.id === id);
    return channel ? `${channel.handle} (${networkName(channel.network)})` : id;
  };

  const ask = () => {
    setMessage('');
    const after = filled && filled.local === current ? filled.at : undefined;
    lookup.mutate(
      { channelId, after, excludePostId: postId },
      {
        onSuccess: (answer) => {
          if (!answer.slot) {
            setMessage(t('planning.nextSlot.none', { channel: labelOf(channelId) }));
            return;
          }
          // The field is read in the post's organisation's zone; the slot's instant decides.
          const local = toZonedInputValue(new Date(answer.slot.at), timeZone);
          setFilled({ local, at: answer.slot.at });
          onFound(local);
          setMessage(t('planning.nextSlot.found', { channel: labelOf(channelId), when: formatInZone(answer.slot.at, timeZone, locale) }));
        },
      },
    );
  };

  if (channelIds.length === 0) return null;
  return (
    <div className="next-free-slot-block">
      <div className="next-free-slot">
        {channelIds.length > 1 ? (
          <SelectField
            label={t('planning.nextSlot.channel')}
            value={channelId}
            onChange={(id) => {
              setChosen(id);
              setFilled(null);
            }}
            options={channelIds.map((id) => ({ value: id, label: labelOf(id) }))}
          />
        ) : null}
        <Button variant="secondary" onPress={ask} isPending={lookup.isPending}>
          {t('planning.nextSlot.action')}
        </Button>
      </div>
      {/* Always rendered, so screen readers announce the outcome when it appears. */}
      <p className="small next-free-slot-status" role="status" aria-live="polite">
        {message}
      </p>
      {lookup.isError ? <ErrorNotice error={lookup.error} title={t('planning.nextSlot.failed')} /> : null}
    </div>
  );
}
