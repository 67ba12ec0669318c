import { type FormEvent, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ROLES, type Role } from '../../../api/types.js';
import type { WorkflowStepInput } from '../types.js';
import { Button } from '../../../ui/button.js';
import { CheckboxGroupField, SelectField, TextField } from '../../../ui/field.js';
import { ErrorNotice, Notice, Skeleton } from '../../../ui/states.js';
import { useToast } from '../../../ui/toast.js';
import { useMembers } from '../../organisations/api/get-members.js';
import { usePutWorkflow, useWorkflow } from '../api/workflow.js';

type StepDraft = WorkflowStepInput & { key: number };
let nextKey = 1;

/** Ordered approval steps: a name, a role or named people, and whether one or all must approve. */
export function WorkflowEditor({ organisationId }: { organisationId: string }) {
  const { t } = useTranslation();
  const toast = useToast();
  const workflow = useWorkflow(organisationId);
  const members = useMembers(organisationId);
  const put = usePutWorkflow();
  const [steps, setSteps] = useState<StepDraft[]>([]);
  const [errors, setErrors] = useState<Record<number, string>>({});
  const inherited = workflow.data && workflow.data.definedBy !== null && workflow.data.definedBy !== organisationId;

  useEffect(() => {
    if (!workflow.data) return;
    setSteps(workflow.data.steps.map((s) => ({ key: nextKey++, name: s.name, role: s.role, userIds: s.userIds, rule: s.rule })));
  }, [workflow.data]);

  const people = useMemo(() => {
    const unique = new Map((members.data ?? []).map((m) => [m.userId, m.name || m.email]));
    return [...unique].map(([value, label]) => ({ value, label }));
  }, [members.data]);
  const roleOptions = ROLES.map((role) => ({ value: role, label: t(`roles.${role}`) }));

  const change = (key: number, patch: Partial<StepDraft>) => setSteps((all) => all.map((s) => (s.key === key ? { ...s, ...patch } : s)));
  const move = (index: number, by: -1 | 1) =>
    setSteps((all) => {
      const next = [...all];
      const [step] = next.splice(index, 1);
      if (step) next.splice(index + by, 0, step);
      return next;
    });

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const found: Record<number, string> = {};
    for (const step of steps) {
      if (step.name.trim() === '') found[step.key] = t('approvals.workflow.nameRequired');
      else if (!step.role && step.userIds.length === 0) found[step.key] = t('approvals.workflow.whoRequired');
    }
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    put.mutate(
      { organisationId, steps: steps.map(({ key: _key, ...s }) => ({ ...s, name: s.name.trim(), role: s.role || null })) },
      { onSuccess: () => toast.show(t('approvals.workflow.saved')) },
    );
  };

  if (workflow.isPending) return <Skeleton lines={4} />;
  if (workflow.isError) return <ErrorNotice error={workflow.error} onRetry={() => void workflow.refetch()} />;
  return (
    <form className="card stack" onSubmit={onSubmit} noValidate aria-labelledby="workflow-title">
      <h2 id="workflow-title">{t('approvals.workflow.title')}</h2>
      <p className="muted">{t('approvals.workflow.intro')}</p>
      {inherited ? <Notice>{t('approvals.workflow.inherited')}</Notice> : null}
      {steps.length === 0 ? <p className="muted">{t('approvals.workflow.none')}</p> : null}
      <ol className="plain-list stack">
        {steps.map((step, index) => (
          <li key={step.key} className="workflow-step">
            <fieldset className="field">
              <legend>{t('approvals.workflow.step', { position: index + 1 })}</legend>
              <TextField
                label={t('approvals.workflow.name')}
                value={step.name}
                onChange={(name) => change(step.key, { name })}
                error={errors[step.key]}
                required
                maxLength={200}
              />
              <SelectField
                label={t('approvals.workflow.role')}
                value={step.role ?? ''}
                emptyOption={t('approvals.workflow.noRole')}
                options={roleOptions}
                onChange={(role) => change(step.key, { role: (role || null) as Role | null })}
              />
              <CheckboxGroupField
                label={t('approvals.workflow.people')}
                options={people}
                values={step.userIds}
                onChange={(userIds) => change(step.key, { userIds })}
              />
              <SelectField
                label={t('approvals.workflow.rule')}
                value={step.rule}
                options={[
                  { value: 'any', label: t('approvals.rule.any') },
                  { value: 'all', label: t('approvals.rule.all') },
                ]}
                onChange={(rule) => change(step.key, { rule: rule === 'all' ? 'all' : 'any' })}
              />
              <div className="form-actions">
                <Button variant="ghost" size="small" isDisabled={index === 0} onPress={() => move(index, -1)}>
                  {t('approvals.workflow.up', { position: index + 1 })}
                </Button>
                <Button variant="ghost" size="small" isDisabled={index === steps.length - 1} onPress={() => move(index, 1)}>
                  {t('approvals.workflow.down', { position: index + 1 })}
                </Button>
                <Button variant="ghost" size="small" onPress={() => setSteps((all) => all.filter((s) => s.key !== step.key))}>
                  {t('approvals.workflow.remove', { position: index + 1 })}
                </Button>
              </div>
            </fieldset>
          </li>
        ))}
      </ol>
      {put.error ? <ErrorNotice error={put.error} /> : null}
      <div className="form-actions">
        <Button
          variant="secondary"
          isDisabled={steps.length >= 10}
          onPress={() => setSteps((all) => [...all, { key: nextKey++, name: '', role: 'editor_in_chief', userIds: [], rule: 'any' }])}
        >
          {t('approvals.workflow.add')}
        </Button>
        <Button type="submit" isPending={put.isPending}>
          {t('approvals.workflow.save')}
        </Button>
      </div>
    </form>
  );
}
