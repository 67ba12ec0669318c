import { type FormEvent, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../../api/client.js';
import type { UiLocale } from '../../../api/types.js';
import type { ConnectField, ConnectionStatus } from '../types.js';
import { Button } from '../../../ui/button.js';
import { ModalDialog } from '../../../ui/dialog.js';
import { TextField } from '../../../ui/field.js';
import { FormRefusal, useFocusFirstInvalid } from '../../../ui/form-refusal.js';
import { useNetworkName } from '../../../ui/network-label.js';
import { Notice } from '../../../ui/states.js';
import { useToast } from '../../../ui/toast.js';
import { useConnectWithForm } from '../api/connect-with-form.js';
import { useStartOAuthConnection } from '../api/start-oauth-connection.js';
import { channelName } from './channel-name.js';

/** Field names the API's connect methods use today; others are shown by their own name. */
const KNOWN_FIELDS = ['instanceUrl', 'groupId', 'identifier', 'appPassword', 'service', 'url', 'secret'] as const;
type KnownField = (typeof KNOWN_FIELDS)[number];
const isKnown = (name: string): name is KnownField => (KNOWN_FIELDS as readonly string[]).includes(name);

/** The API's own field messages, in the interface language. */
const FIELD_MESSAGES = { required: 'required', 'not a web address': 'notUrl', 'must start with https://': 'httpsOnly' } as const;

/** 32 random bytes as base64url: 43 characters, above the receivers' minimum of 32. */
export function generateSecret(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

/** What can be filled in for the person: the address already in use, or what the channel's handle tells. */
function initialValue(field: ConnectField, status: ConnectionStatus): string {
  if ((field.name === 'instanceUrl' || field.name === 'url') && status.connection) return status.connection.apiBaseUrl;
  if (field.name === 'instanceUrl') return /^@?[^@]+@([^@/\s]+)$/.exec(status.handle)?.[1] ?? '';
  if (field.name === 'identifier') return status.handle.replace(/^@/, '');
  return '';
}

type ConnectDialogProps = { status: ConnectionStatus; onClose: () => void };

/**
 * Connecting (or reconnecting) one channel: the method's fields, rendered from what the API
 * describes, then either the network's sign-in page (OAuth) or a check with the network (form).
 */
export function ConnectDialog({ status, onClose }: ConnectDialogProps) {
  const { t } = useTranslation();
  const name = channelName(status);
  return (
    <ModalDialog
      isOpen
      onOpenChange={(open) => !open && onClose()}
      title={status.connection ? t('connections.dialog.reconnectTitle', { name }) : t('connections.dialog.connectTitle', { name })}
    >
      {(close) => <ConnectForm status={status} close={close} />}
    </ModalDialog>
  );
}

function ConnectForm({ status, close }: { status: ConnectionStatus; close: () => void }) {
  const { t, i18n } = useTranslation();
  const network = useNetworkName()(status.network);
  const toast = useToast();
  const formRef = useRef<HTMLFormElement>(null);
  const method = status.method;
  const fields = method?.fields ?? [];
  const [values, setValues] = useState<Record<string, string>>(() =>
    Object.fromEntries(fields.map((field) => [field.name, initialValue(field, status)])),
  );
  const [shown, setShown] = useState<Record<string, boolean>>({});
  const [generated, setGenerated] = useState(false);
  const start = useStartOAuthConnection();
  const connect = useConnectWithForm();
  const failure: unknown = method?.kind === 'oauth' ? start.error : connect.error;

  useFocusFirstInvalid(formRef, failure);

  if (!method || (method.kind === 'oauth' && !method.configured)) {
    return (
      <div className="stack">
        <Notice tone="warning" title={method ? t('connections.dialog.notConfiguredTitle') : t('connections.dialog.unsupportedTitle')}>
          <p>{method ? t('connections.explain.notConfigured', { network }) : t('connections.explain.unsupported', { network })}</p>
        </Notice>
        <div className="form-actions">
          <Button variant="secondary" onPress={close}>
            {t('common.close')}
          </Button>
        </div>
      </div>
    );
  }

  const fieldError = (name: string): string | undefined => {
    if (!isApiError(failure)) return undefined;
    const message = failure.fields.find((field) => field.path === `values.${name}`)?.message;
    if (!message) return undefined;
    if (!Object.hasOwn(FIELD_MESSAGES, message)) return message;
    return t(`connections.dialog.fieldErrors.${FIELD_MESSAGES[message as keyof typeof FIELD_MESSAGES]}`);
  };
  const hasFieldErrors = fields.some((field) => fieldError(field.name));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (method.kind === 'oauth') {
      const lang = i18n.resolvedLanguage as UiLocale | undefined;
      // Leaving for the network: the button stays busy until the browser is gone.
      start.mutate(
        { channelId: status.channelId, values, lang },
        { onSuccess: ({ authorizeUrl }) => window.location.assign(authorizeUrl) },
      );
    } else {
      connect.mutate(
        { channelId: status.channelId, values },
        {
          onSuccess: () => {
            toast.show(t('connections.toasts.connected', { name: channelName(status) }));
            close();
          },
        },
      );
    }
  };

  const makeSecret = (name: string) => {
    setValues((current) => ({ ...current, [name]: generateSecret() }));
    setShown((current) => ({ ...current, [name]: true }));
    setGenerated(true);
  };
  const copy = (value: string) =>
    navigator.clipboard.writeText(value).then(
      () => toast.show(t('common.copied')),
      () => toast.show(t('common.copyFailed'), 'danger'),
    );

  const pending = start.isPending || start.isSuccess || connect.isPending;
  return (
    <form ref={formRef} className="form" onSubmit={submit} noValidate>
      <p>
        {method.kind === 'oauth'
          ? t('connections.dialog.oauthIntro', { network, handle: status.handle })
          : t('connections.dialog.formIntro', { network })}
      </p>
      {status.connection ? <p className="field-hint">{t('connections.dialog.reconnectNote')}</p> : null}
      {failure ? (
        <FormRefusal
          title={t('connections.dialog.notConnected')}
          failure={failure}
          fieldsMarked={hasFieldErrors ? t('connections.dialog.fixFields') : undefined}
        />
      ) : null}
      {fields.map((field) => {
        const base = isKnown(field.name) ? t(`connections.dialog.fields.${field.name}.label`) : field.name;
        const label = field.required ? base : t('connections.dialog.optional', { label: base });
        const hint = isKnown(field.name) ? t(`connections.dialog.fields.${field.name}.hint`) : undefined;
        const value = values[field.name] ?? '';
        const isShown = shown[field.name] ?? false;
        return (
          <div key={field.name}>
            <TextField
              id={`connect-${field.name}`}
              label={label}
              hint={hint}
              type={field.secret && !isShown ? 'password' : field.type === 'url' ? 'url' : 'text'}
              value={value}
              onChange={(next) => setValues((current) => ({ ...current, [field.name]: next }))}
              error={fieldError(field.name)}
              required={field.required}
              autoComplete={field.secret ? 'new-password' : 'off'}
              spellCheck={false}
              className={field.secret ? 'mono' : undefined}
            />
            {field.secret ? (
              <div className="row">
                <Button
                  variant="ghost"
                  size="small"
                  aria-pressed={isShown}
                  aria-label={t('connections.dialog.showNamed', { label: base })}
                  onPress={() => setShown((current) => ({ ...current, [field.name]: !isShown }))}
                >
                  {t('connections.dialog.show')}
                </Button>
                {field.name === 'secret' ? (
                  <Button variant="secondary" size="small" onPress={() => makeSecret(field.name)}>
                    {t('connections.dialog.generate')}
                  </Button>
                ) : null}
                {field.name === 'secret' && generated && value ? (
                  <Button variant="secondary" size="small" onPress={() => void copy(value)}>
                    {t('connections.dialog.copy')}
                  </Button>
                ) : null}
              </div>
            ) : null}
            {field.name === 'secret' ? (
              <p className="field-hint" role="status">
                {generated ? t('connections.dialog.generated') : ''}
              </p>
            ) : null}
          </div>
        );
      })}
      <div className="form-actions">
        <Button variant="secondary" onPress={close}>
          {t('common.cancel')}
        </Button>
        <Button type="submit" isPending={pending}>
          {method.kind === 'oauth' ? t('connections.dialog.continueTo', { network }) : t('connections.dialog.submit')}
        </Button>
      </div>
    </form>
  );
}
