import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../../api/client.js';
import type { ApiToken } from '../../../api/types.js';
import { useFormatters } from '../../../i18n/format.js';
import { Button } from '../../../ui/button.js';
import { ConfirmDialog } from '../../../ui/dialog.js';
import { SelectField, TextField } from '../../../ui/field.js';
import { EmptyState, ErrorNotice, Notice, Skeleton } from '../../../ui/states.js';
import { useToast } from '../../../ui/toast.js';
import { useCreateToken } from '../api/create-token.js';
import { useTokens } from '../api/get-tokens.js';
import { useRevokeToken } from '../api/revoke-token.js';
import { CopyButton } from './copy-button.js';
import { TableWrap } from '../../../ui/table-wrap.js';

const EXPIRY_DAYS = ['30', '90', '365', ''] as const;

/** Personal API tokens for scripts: list, create (the secret is shown once), revoke. */
export function ApiTokensPanel() {
  const { t } = useTranslation();
  const format = useFormatters();
  const toast = useToast();
  const tokens = useTokens();
  const create = useCreateToken();
  const revoke = useRevokeToken();
  const [name, setName] = useState('');
  const [expiry, setExpiry] = useState<string>('90');
  const [created, setCreated] = useState<(ApiToken & { token: string }) | null>(null);
  const [revoking, setRevoking] = useState<ApiToken | null>(null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(
      { name: name.trim(), ...(expiry ? { expiresInDays: Number(expiry) } : {}) },
      {
        onSuccess: (token) => {
          setCreated(token);
          setName('');
        },
      },
    );
  };

  return (
    <section className="card" aria-labelledby="tokens-title">
      <h2 id="tokens-title">{t('settings.tokens.title')}</h2>
      <p className="muted">{t('settings.tokens.intro')}</p>

      {created ? (
        <Notice tone="success" title={t('settings.tokens.createdTitle', { name: created.name })}>
          <p>{t('settings.tokens.createdHint')}</p>
          <div className="secret-box">
            <span className="visually-hidden">{t('settings.tokens.token')}: </span>
            <code>{created.token}</code>
            <CopyButton value={created.token} label={t('settings.tokens.copy')} />
          </div>
          <Button variant="ghost" size="small" onPress={() => setCreated(null)}>
            {t('settings.tokens.done')}
          </Button>
        </Notice>
      ) : null}

      {tokens.isPending ? (
        <Skeleton lines={2} />
      ) : tokens.isError ? (
        <ErrorNotice error={tokens.error} onRetry={() => void tokens.refetch()} />
      ) : tokens.data.length === 0 ? (
        <EmptyState level={3} title={t('settings.tokens.empty')} />
      ) : (
        <TableWrap label={t('settings.tokens.caption')}>
          <table className="table">
            <caption className="visually-hidden">{t('settings.tokens.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('settings.tokens.name')}</th>
                <th scope="col">{t('settings.tokens.prefix')}</th>
                <th scope="col">{t('settings.tokens.createdAt')}</th>
                <th scope="col">{t('settings.tokens.lastUsedAt')}</th>
                <th scope="col">{t('settings.tokens.expiresAt')}</th>
                <th scope="col" className="actions">
                  <span className="visually-hidden">{t('common.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {tokens.data.map((token) => (
                <tr key={token.id}>
                  <th scope="row">{token.name}</th>
                  <td className="mono">{token.prefix}…</td>
                  <td>{format.dateTime(token.createdAt)}</td>
                  <td>{token.lastUsedAt ? format.dateTime(token.lastUsedAt) : t('settings.tokens.neverUsed')}</td>
                  <td>{token.expiresAt ? format.dateTime(token.expiresAt) : t('settings.tokens.noExpiry')}</td>
                  <td className="actions">
                    <Button
                      variant="ghost"
                      size="small"
                      onPress={() => setRevoking(token)}
                      aria-label={t('settings.tokens.revokeNamed', { name: token.name })}
                    >
                      {t('settings.tokens.revoke')}
                    </Button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}

      <form className="form" onSubmit={submit} style={{ marginTop: 'var(--space-5)' }} aria-labelledby="new-token-title">
        <h3 id="new-token-title">{t('settings.tokens.newTitle')}</h3>
        {create.error && !(isApiError(create.error) && create.error.fields.length > 0) ? <ErrorNotice error={create.error} /> : null}
        <div className="form-row">
          <TextField
            label={t('settings.tokens.nameLabel')}
            hint={t('settings.tokens.nameHint')}
            value={name}
            onChange={setName}
            required
            maxLength={100}
            error={isApiError(create.error) ? create.error.fieldProblem('name') : undefined}
          />
          <SelectField
            label={t('settings.tokens.expiry')}
            value={expiry}
            onChange={setExpiry}
            options={EXPIRY_DAYS.map((days) => ({
              value: days,
              label: days ? t('settings.tokens.days', { count: Number(days) }) : t('settings.tokens.noExpiry'),
            }))}
          />
        </div>
        <div className="form-actions">
          <Button type="submit" isPending={create.isPending}>
            {t('settings.tokens.create')}
          </Button>
        </div>
      </form>

      <ConfirmDialog
        isOpen={revoking !== null}
        onOpenChange={(open) => {
          if (!open) {
            setRevoking(null);
            revoke.reset();
          }
        }}
        title={t('settings.tokens.revokeTitle')}
        confirmLabel={t('settings.tokens.revokeConfirm')}
        isPending={revoke.isPending}
        error={revoke.error ? <ErrorNotice error={revoke.error} /> : null}
        onConfirm={() =>
          revoking &&
          revoke.mutate(revoking.id, {
            onSuccess: () => {
              toast.show(t('settings.tokens.revoked', { name: revoking.name }));
              setRevoking(null);
            },
          })
        }
      >
        <p>{t('settings.tokens.revokeBody', { name: revoking?.name ?? '' })}</p>
      </ConfirmDialog>
    </section>
  );
}
