import { type FormEvent, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../../api/client.js';
import { CHANNEL_STATUSES, CONTENT_LANGUAGES, type Channel, FOLLOWER_UNITS, NETWORKS, type Organisation } from '../../../api/types.js';
import { useFormatters } from '../../../i18n/format.js';
import { Button } from '../../../ui/button.js';
import { ModalDialog } from '../../../ui/dialog.js';
import { CheckboxGroupField, RadioGroupField, SelectField, TextAreaField, TextField } from '../../../ui/field.js';
import { FormRefusal, useFocusFirstInvalid } from '../../../ui/form-refusal.js';
import { useNetworkName } from '../../../ui/network-label.js';
import { useToast } from '../../../ui/toast.js';
import { useAudiences } from '../../organisations/api/get-audiences.js';
import { OrganisationSelect } from '../../organisations/components/organisation-select.js';
import { localName } from '../../organisations/tree.js';
import { useCreateChannel } from '../api/create-channel.js';
import { useUpdateChannel } from '../api/update-channel.js';
import { type ChannelFormState, DEFAULT_UNIT, initialFormState, toChannelInput } from './channel-form.js';

type ChannelFormDialogProps = {
  isOpen: boolean;
  onOpenChange: (isOpen: boolean) => void;
  /** Present when editing. */
  channel?: Channel;
  organisations: Organisation[];
  defaultOrganisationId: string;
  canWriteIn: (organisation: Organisation) => boolean;
};

export function ChannelFormDialog(props: ChannelFormDialogProps) {
  const { t } = useTranslation();
  return (
    <ModalDialog
      isOpen={props.isOpen}
      onOpenChange={props.onOpenChange}
      title={props.channel ? t('channelForm.editTitle') : t('channelForm.createTitle')}
      size="wide"
    >
      {(close) => <ChannelForm {...props} close={close} />}
    </ModalDialog>
  );
}

function ChannelForm({ channel, organisations, defaultOrganisationId, canWriteIn, close }: ChannelFormDialogProps & { close: () => void }) {
  const { t, i18n } = useTranslation();
  const format = useFormatters();
  const networkName = useNetworkName();
  const toast = useToast();
  const formRef = useRef<HTMLFormElement>(null);
  const [state, setState] = useState<ChannelFormState>(() =>
    initialFormState(channel, defaultOrganisationId, i18n.resolvedLanguage === 'fr' ? 'fr' : 'nl'),
  );
  const create = useCreateChannel();
  const update = useUpdateChannel();
  const mutation = channel ? update : create;
  const audiences = useAudiences(state.organisationId || undefined);
  const failure = mutation.error;
  const fieldError = (field: string) => (isApiError(failure) ? failure.fieldProblem(field) : undefined);

  useFocusFirstInvalid(formRef, failure);

  const set = <K extends keyof ChannelFormState>(key: K, value: ChannelFormState[K]) =>
    setState((current) => ({ ...current, [key]: value }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const input = toChannelInput(state);
    const onSuccess = () => {
      toast.show(channel ? t('channelForm.saved', { name: input.handle }) : t('channelForm.created', { name: input.handle }));
      close();
    };
    if (channel) update.mutate({ id: channel.id, ...input }, { onSuccess });
    else create.mutate(input, { onSuccess });
  };

  const audienceOptions = (audiences.data ?? []).map((audience) => ({
    value: audience.id,
    label: audience.inherited
      ? `${localName(audience, i18n.resolvedLanguage ?? 'nl')} (${t('audiences.inheritedShort')})`
      : localName(audience, i18n.resolvedLanguage ?? 'nl'),
  }));

  return (
    <form ref={formRef} className="form" onSubmit={submit}>
      <p className="field-hint">{t('channelForm.requiredHint')}</p>
      {failure ? (
        <FormRefusal
          title={t('channelForm.notSaved')}
          failure={failure}
          fieldsMarked={isApiError(failure) && failure.fields.length > 0 ? t('channelForm.fixFields') : undefined}
        />
      ) : null}

      <div className="form-row">
        <OrganisationSelect
          label={t('channelForm.organisation')}
          organisations={organisations}
          value={state.organisationId}
          onChange={(organisationId) => setState((current) => ({ ...current, organisationId, audienceIds: [] }))}
          isAllowed={canWriteIn}
          error={fieldError('organisationId')}
          required
        />
        <SelectField
          label={t('channelForm.network')}
          value={state.network}
          onChange={(value) => {
            const network = value as ChannelFormState['network'];
            setState((current) => ({ ...current, network, followerUnit: channel ? current.followerUnit : DEFAULT_UNIT[network] }));
          }}
          options={NETWORKS.map((network) => ({ value: network, label: networkName(network) }))}
          error={fieldError('network')}
          required
        />
      </div>
      <div className="form-row">
        <TextField
          label={t('channelForm.handle')}
          hint={t('channelForm.handleHint')}
          value={state.handle}
          onChange={(value) => set('handle', value)}
          error={fieldError('handle')}
          required
          autoComplete="off"
        />
        <TextField
          label={t('channelForm.displayName')}
          value={state.displayName}
          onChange={(value) => set('displayName', value)}
          error={fieldError('displayName')}
        />
      </div>
      <TextField
        label={t('channelForm.profileUrl')}
        type="url"
        placeholder="https://"
        value={state.profileUrl}
        onChange={(value) => set('profileUrl', value)}
        error={fieldError('profileUrl')}
      />
      <CheckboxGroupField
        label={t('channelForm.languages')}
        hint={t('channelForm.languagesHint')}
        options={CONTENT_LANGUAGES.map((language) => ({ value: language, label: format.languageName(language) }))}
        values={state.languages}
        onChange={(values) => set('languages', values as ChannelFormState['languages'])}
        error={fieldError('languages')}
      />
      {audiences.isLoading ? (
        <p className="muted">{t('common.loading')}</p>
      ) : audienceOptions.length > 0 ? (
        <CheckboxGroupField
          label={t('channelForm.audiences')}
          options={audienceOptions}
          values={state.audienceIds}
          onChange={(values) => set('audienceIds', values)}
          error={fieldError('audienceIds')}
        />
      ) : (
        <p className="field-hint">{t('channelForm.noAudiences')}</p>
      )}
      <TextAreaField
        label={t('channelForm.purpose')}
        hint={t('channelForm.purposeHint')}
        rows={3}
        value={state.purpose}
        onChange={(value) => set('purpose', value)}
        error={fieldError('purpose')}
      />
      <div className="form-row">
        <RadioGroupField
          label={t('channelForm.visibility')}
          options={[
            { value: 'public', label: t('visibility.public') },
            { value: 'internal', label: t('visibility.internal') },
          ]}
          value={state.visibility}
          onChange={(value) => set('visibility', value as ChannelFormState['visibility'])}
          error={fieldError('visibility')}
        />
        <SelectField
          label={t('channelForm.status')}
          value={state.status}
          onChange={(value) => set('status', value as ChannelFormState['status'])}
          options={CHANNEL_STATUSES.map((status) => ({ value: status, label: t(`channelStatus.${status}`) }))}
          error={fieldError('status')}
        />
        <TextField
          label={t('channelForm.ownerTeam')}
          value={state.ownerTeam}
          onChange={(value) => set('ownerTeam', value)}
          error={fieldError('ownerTeam')}
        />
      </div>
      <fieldset className="field">
        <legend>{t('channelForm.followersLegend')}</legend>
        <div className="form-row">
          <TextField
            label={t('channelForm.followerCount')}
            inputMode="numeric"
            value={state.followerCount}
            onChange={(value) => set('followerCount', value)}
            error={fieldError('followerCount')}
          />
          <SelectField
            label={t('channelForm.followerUnit')}
            value={state.followerUnit}
            onChange={(value) => set('followerUnit', value as ChannelFormState['followerUnit'])}
            options={FOLLOWER_UNITS.map((unit) => ({ value: unit, label: t(`followerUnits.${unit}`) }))}
            error={fieldError('followerUnit')}
          />
          <TextField
            label={t('channelForm.measuredOn')}
            type="date"
            value={state.followersMeasuredOn}
            onChange={(value) => set('followersMeasuredOn', value)}
            error={fieldError('followersMeasuredOn')}
          />
        </div>
      </fieldset>
      <div className="form-actions">
        <Button variant="secondary" onPress={close}>
          {t('common.cancel')}
        </Button>
        <Button type="submit" isPending={mutation.isPending}>
          {channel ? t('channelForm.save') : t('channelForm.create')}
        </Button>
      </div>
    </form>
  );
}
