import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useCallback, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Organisation, PauseScope } from '../../../api/types.js';
import { can, useMe } from '../../../app/me-context.js';
import { Button } from '../../../ui/button.js';
import { ConfirmDialog } from '../../../ui/dialog.js';
import { CheckboxGroupField, RadioGroupField, TextAreaField } from '../../../ui/field.js';
import { ErrorNotice } from '../../../ui/states.js';
import { useToast } from '../../../ui/toast.js';
import { channelsQueryOptions } from '../../channels/api/get-channels.js';
import { OrganisationSelect } from '../../organisations/components/organisation-select.js';
import { usePausePublishing } from '../api/pause-publishing.js';
import { usePauseScopeText } from '../pause-scope.js';

type Errors = { organisationId?: string; channelIds?: string; reason?: string };

/**
 * "Pause publishing": what to pause, why, then a confirmation that says plainly what happens.
 * Only rendered for people who may pause somewhere; organisations where they may not are disabled.
 */
export function PauseForm({ organisations, defaultOrganisationId }: { organisations: Organisation[]; defaultOrganisationId: string }) {
  const { t } = useTranslation();
  const me = useMe();
  const toast = useToast();
  const scopeText = usePauseScopeText();
  const pause = usePausePublishing();
  const canPauseIn = useCallback((organisation: Organisation) => can.pausePublishing(me, organisation), [me]);
  const allowed = organisations.filter(canPauseIn);
  const initialOrganisation = allowed.some((o) => o.id === defaultOrganisationId) ? defaultOrganisationId : (allowed[0]?.id ?? '');

  const [scope, setScope] = useState<PauseScope>('organisation');
  const [organisationId, setOrganisationId] = useState(initialOrganisation);
  const [channelIds, setChannelIds] = useState<string[]>([]);
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const [confirming, setConfirming] = useState(false);
  const reasonRef = useRef<HTMLTextAreaElement>(null);

  const channels = useQuery({
    ...channelsQueryOptions({ organisationId, subtree: true }),
    enabled: scope === 'channels' && Boolean(organisationId),
  });
  const channelOptions = useMemo(
    () =>
      (channels.data ?? [])
        .filter((channel) => channel.status !== 'archived')
        .map((channel) => ({ value: channel.id, label: `${t(`networks.${channel.network}`)} · ${channel.handle}` })),
    [channels.data, t],
  );
  const organisationName = organisations.find((o) => o.id === organisationId)?.name ?? null;

  const scopeOptions = [
    ...(can.pauseEverything(me) ? [{ value: 'all', label: t('crisis.pause.scopeAll') }] : []),
    { value: 'organisation', label: t('crisis.pause.scopeOrganisation') },
    { value: 'channels', label: t('crisis.pause.scopeChannels') },
  ];

  const validate = (): Errors => {
    const found: Errors = {};
    if (scope !== 'all' && !organisationId) found.organisationId = t('crisis.pause.organisationRequired');
    if (scope === 'channels' && channelIds.length === 0) found.channelIds = t('crisis.pause.channelsRequired');
    if (reason.trim() === '') found.reason = t('crisis.pause.reasonRequired');
    return found;
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const found = validate();
    setErrors(found);
    if (Object.keys(found).length > 0) {
      if (found.reason && !found.organisationId && !found.channelIds) reasonRef.current?.focus();
      return;
    }
    pause.reset();
    setConfirming(true);
  };

  const onConfirm = () =>
    pause.mutate(
      {
        scope,
        organisationId: scope === 'all' ? undefined : organisationId,
        channelIds: scope === 'channels' ? channelIds : undefined,
        reason: reason.trim(),
      },
      {
        onSuccess: (created) => {
          toast.show(t('crisis.pause.paused', { count: created.heldCount }));
          setConfirming(false);
          setReason('');
          setChannelIds([]);
        },
      },
    );

  const pendingScope = scopeText({ scope, organisationName, channelIds });

  return (
    <form className="card stack" onSubmit={onSubmit} noValidate aria-labelledby="pause-form-title">
      <h2 id="pause-form-title">{t('crisis.pause.title')}</h2>
      <p className="muted">{t('crisis.pause.intro')}</p>
      <RadioGroupField
        label={t('crisis.pause.scope')}
        name="pause-scope"
        options={scopeOptions}
        value={scope}
        onChange={(value) => {
          setScope(value as PauseScope);
          setErrors({});
        }}
      />
      {scope !== 'all' ? (
        <OrganisationSelect
          id="pause-organisation"
          label={scope === 'channels' ? t('crisis.pause.channelsFrom') : t('crisis.pause.organisation')}
          organisations={organisations}
          value={organisationId}
          onChange={(id) => {
            setOrganisationId(id);
            setChannelIds([]);
          }}
          isAllowed={canPauseIn}
          error={errors.organisationId}
          required
        />
      ) : null}
      {scope === 'channels' ? (
        channels.isSuccess && channelOptions.length === 0 ? (
          <p className="muted">{t('crisis.pause.noChannels')}</p>
        ) : (
          <CheckboxGroupField
            label={t('crisis.pause.channels')}
            hint={t('crisis.pause.channelsHint')}
            options={channelOptions}
            values={channelIds}
            onChange={setChannelIds}
            error={errors.channelIds}
          />
        )
      ) : null}
      <TextAreaField
        id="pause-reason"
        ref={reasonRef}
        label={t('crisis.pause.reason')}
        hint={t('crisis.pause.reasonHint')}
        value={reason}
        onChange={setReason}
        error={errors.reason}
        required
        rows={3}
        maxLength={2000}
      />
      <div className="form-actions">
        <Button type="submit" variant="danger">
          {t('crisis.pause.submit')}
        </Button>
      </div>

      <ConfirmDialog
        isOpen={confirming}
        onOpenChange={setConfirming}
        title={t('crisis.pause.confirmTitle')}
        confirmLabel={t('crisis.pause.confirm')}
        onConfirm={onConfirm}
        isPending={pause.isPending}
        error={pause.error ? <ErrorNotice error={pause.error} /> : null}
      >
        <p>
          <strong>{t('crisis.pause.confirmScope', { scope: pendingScope })}</strong>
        </p>
        <p>{t('crisis.pause.confirmBody')}</p>
      </ConfirmDialog>
    </form>
  );
}
