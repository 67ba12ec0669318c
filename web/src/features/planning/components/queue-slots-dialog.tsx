import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Organisation } from '../../../api/types.js';
import { can, useMe } from '../../../app/me-context.js';
import { useFormatters } from '../../../i18n/format.js';
import { Button } from '../../../ui/button.js';
import { ModalDialog } from '../../../ui/dialog.js';
import { SelectField } from '../../../ui/field.js';
import { useNetworkName } from '../../../ui/network-label.js';
import { ErrorNotice, Skeleton } from '../../../ui/states.js';
import { useChannels } from '../../channels/api/get-channels.js';
import { OrganisationSelect } from '../../organisations/components/organisation-select.js';
import { useQueueSlots } from '../api/get-queue-slots.js';
import { sortSlotsMondayFirst, weekdayName } from '../calendar-dates.js';
import { QueueSlotsForm } from './queue-slots-form.js';
import './queue-slots.css';

type QueueSlotsDialogProps = { organisations: Organisation[]; defaultOrganisationId: string; onClose: () => void };

/**
 * Queue slots per channel: pick an organisation and one of its channels, then edit the weekly
 * wall-clock times (in the organisation's zone) at which it usually posts. People who may not edit
 * the channel register see the slots without the controls.
 */
export function QueueSlotsDialog({ organisations, defaultOrganisationId, onClose }: QueueSlotsDialogProps) {
  const { t } = useTranslation();
  const me = useMe();
  const { locale } = useFormatters();
  const networkName = useNetworkName();
  const [organisationId, setOrganisationId] = useState(defaultOrganisationId);
  const [channelId, setChannelId] = useState('');
  const channels = useChannels({ organisationId: organisationId || undefined, subtree: false });
  const slots = useQueueSlots(channelId || null);
  const organisation = organisations.find((o) => o.id === organisationId);
  // While another organisation's channels load, the previous list (placeholder data) is not offered.
  const current = organisationId && !channels.isPlaceholderData ? (channels.data ?? []) : [];
  const options = current.map((c) => ({ value: c.id, label: `${c.handle} (${networkName(c.network)})` }));
  const channel = current.find((c) => c.id === channelId);
  const channelLabel = channel ? `${channel.handle} (${networkName(channel.network)})` : '';
  const canEdit = can.writeRegistry(me, organisation);

  const chooseOrganisation = (id: string) => {
    setOrganisationId(id);
    setChannelId('');
  };

  return (
    <ModalDialog isOpen onOpenChange={(open) => !open && onClose()} title={t('planning.queue.title')}>
      {(close) => (
        <div className="stack">
          <p>{t('planning.queue.intro')}</p>
          <div className="queue-slots-pickers">
            <OrganisationSelect label={t('planning.filters.organisation')} organisations={organisations} value={organisationId} onChange={chooseOrganisation} required />
            <SelectField
              label={t('planning.queue.channel')}
              value={channelId}
              onChange={setChannelId}
              options={options}
              emptyOption={t('planning.queue.chooseChannel')}
              hint={organisationId && channels.isSuccess && !channels.isPlaceholderData && options.length === 0 ? t('planning.queue.noChannels') : undefined}
              disabled={!organisationId}
              required
            />
          </div>
          {channels.isError ? <ErrorNotice error={channels.error} onRetry={() => void channels.refetch()} /> : null}
          {!channelId ? (
            <div className="form-actions">
              <Button variant="secondary" onPress={close}>
                {t('common.cancel')}
              </Button>
            </div>
          ) : slots.isPending ? (
            <Skeleton lines={3} label={t('planning.queue.loading')} />
          ) : slots.isError ? (
            <ErrorNotice error={slots.error} title={t('planning.queue.loadFailed')} onRetry={() => void slots.refetch()} />
          ) : canEdit ? (
            <QueueSlotsForm key={channelId} channelId={channelId} channelLabel={channelLabel} saved={slots.data} onDone={close} />
          ) : (
            <div className="stack">
              <p className="muted small">{t('planning.queue.zone', { zone: slots.data.timeZone })}</p>
              {slots.data.slots.length === 0 ? (
                <p>{t('planning.queue.empty')}</p>
              ) : (
                <ul className="plain-list" aria-label={t('planning.queue.list', { channel: channelLabel })}>
                  {sortSlotsMondayFirst(slots.data.slots).map((s) => (
                    <li key={`${s.weekday} ${s.time}`}>
                      {weekdayName(s.weekday, locale)} {s.time}
                    </li>
                  ))}
                </ul>
              )}
              <p className="muted small">{t('planning.queue.readOnly')}</p>
              <div className="form-actions">
                <Button variant="secondary" onPress={close}>
                  {t('common.close')}
                </Button>
              </div>
            </div>
          )}
        </div>
      )}
    </ModalDialog>
  );
}
