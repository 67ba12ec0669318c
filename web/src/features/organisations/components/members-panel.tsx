import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../../api/client.js';
import { type Member, ROLES, type Role } from '../../../api/types.js';
import { Badge } from '../../../ui/badge.js';
import { Button } from '../../../ui/button.js';
import { ConfirmDialog } from '../../../ui/dialog.js';
import { SelectField, TextField } from '../../../ui/field.js';
import { EmptyState, ErrorNotice, Skeleton } from '../../../ui/states.js';
import { useToast } from '../../../ui/toast.js';
import { useAddMember } from '../api/add-member.js';
import { useMembers } from '../api/get-members.js';
import { useRemoveMember } from '../api/remove-member.js';
import { TableWrap } from '../../../ui/table-wrap.js';

/** Who holds which role here (directly or from a parent organisation); admins add and remove people. */
export function MembersPanel({ organisationId, organisationName }: { organisationId: string; organisationName: string }) {
  const { t } = useTranslation();
  const toast = useToast();
  const members = useMembers(organisationId);
  const add = useAddMember();
  const remove = useRemoveMember();
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('communicator');
  const [removing, setRemoving] = useState<Member | null>(null);
  const failure = add.error;
  const fieldError = (field: string) => (isApiError(failure) ? failure.fieldProblem(field) : undefined);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    add.mutate(
      { organisationId, email: email.trim(), role, ...(name.trim() ? { name: name.trim() } : {}) },
      {
        onSuccess: () => {
          toast.show(t('members.added', { email: email.trim(), role: t(`roles.${role}`) }));
          setEmail('');
          setName('');
        },
      },
    );
  };

  return (
    <section className="card" aria-labelledby="members-title">
      <div className="card-header">
        <h2 id="members-title">{t('members.title')}</h2>
        <span className="muted small">{t('members.hint')}</span>
      </div>
      {members.isPending ? (
        <Skeleton lines={3} />
      ) : members.isError ? (
        <ErrorNotice error={members.error} onRetry={() => void members.refetch()} />
      ) : members.data.length === 0 ? (
        <EmptyState level={3} title={t('members.empty')} />
      ) : (
        <TableWrap label={t('members.caption', { name: organisationName })}>
          <table className="table">
            <caption className="visually-hidden">{t('members.caption', { name: organisationName })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('members.name')}</th>
                <th scope="col">{t('members.role')}</th>
                <th scope="col" className="actions">
                  <span className="visually-hidden">{t('common.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {members.data.map((member) => (
                <tr key={member.membershipId}>
                  <th scope="row">
                    <div>{member.name || member.email}</div>
                    <div className="muted small">{member.email}</div>
                  </th>
                  <td>
                    <div>{t(`roles.${member.role}`)}</div>
                    {member.inherited ? (
                      <Badge>{t('members.inheritedFrom', { name: member.fromOrganisationName ?? '—' })}</Badge>
                    ) : (
                      <Badge tone="info">{t('members.direct')}</Badge>
                    )}
                  </td>
                  <td className="actions">
                    {member.inherited ? null : (
                      <Button
                        variant="ghost"
                        size="small"
                        onPress={() => setRemoving(member)}
                        aria-label={t('members.removeNamed', { name: member.name || member.email })}
                      >
                        {t('members.remove')}
                      </Button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}

      <form className="form" onSubmit={submit} style={{ marginTop: 'var(--space-5)' }} aria-labelledby="add-member-title">
        <h3 id="add-member-title">{t('members.addTitle')}</h3>
        {failure && !(isApiError(failure) && failure.fields.length > 0) ? (
          <ErrorNotice error={failure} title={t('members.notAdded')} />
        ) : null}
        <div className="form-row">
          <TextField
            label={t('members.email')}
            type="email"
            value={email}
            onChange={setEmail}
            required
            error={fieldError('email')}
            autoComplete="off"
          />
          <TextField
            label={t('members.nameOptional')}
            value={name}
            onChange={setName}
            hint={t('members.nameHint')}
            error={fieldError('name')}
          />
          <SelectField
            label={t('members.role')}
            value={role}
            onChange={(value) => setRole(value as Role)}
            options={ROLES.map((value) => ({ value, label: t(`roles.${value}`) }))}
            hint={t(`roleHints.${role}`)}
            error={fieldError('role')}
          />
        </div>
        <div className="form-actions">
          <Button type="submit" isPending={add.isPending}>
            {t('members.add')}
          </Button>
        </div>
      </form>

      <ConfirmDialog
        isOpen={removing !== null}
        onOpenChange={(open) => {
          if (!open) {
            setRemoving(null);
            remove.reset();
          }
        }}
        title={t('members.removeTitle')}
        confirmLabel={t('members.removeConfirm')}
        isPending={remove.isPending}
        error={remove.error ? <ErrorNotice error={remove.error} /> : null}
        onConfirm={() =>
          removing &&
          remove.mutate(
            { organisationId, membershipId: removing.membershipId },
            {
              onSuccess: () => {
                toast.show(t('members.removed', { name: removing.name || removing.email }));
                setRemoving(null);
              },
            },
          )
        }
      >
        <p>
          {t('members.removeBody', {
            name: removing?.name || removing?.email || '',
            role: removing ? t(`roles.${removing.role}`) : '',
            organisation: organisationName,
          })}
        </p>
      </ConfirmDialog>
    </section>
  );
}
