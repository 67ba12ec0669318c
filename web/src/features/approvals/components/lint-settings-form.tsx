import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type ComposeSettings, type ElectionPeriod, LINT_RULES, type RuleSetting } from '../../../api/types.js';
import { Button } from '../../../ui/button.js';
import { CheckboxField, SelectField, TextAreaField, TextField } from '../../../ui/field.js';
import { ErrorNotice, Skeleton } from '../../../ui/states.js';
import { useToast } from '../../../ui/toast.js';
import { useComposeSettings, usePutComposeSettings } from '../../compose/api/compose-settings.js';

const toNumber = (value: string): number | undefined => (value.trim() === '' ? undefined : Number(value));
const lines = (value: string) =>
  value
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter(Boolean);

/** House-style lint (each rule off/warn/block, thresholds, election periods) and UTM tagging. */
export function LintSettingsForm({ organisationId }: { organisationId: string }) {
  const { t } = useTranslation();
  const toast = useToast();
  const settings = useComposeSettings(organisationId);
  const put = usePutComposeSettings();
  const [form, setForm] = useState<ComposeSettings | null>(null);
  const [periods, setPeriods] = useState<(ElectionPeriod & { namesText: string })[]>([]);
  const [hosts, setHosts] = useState('');

  useEffect(() => {
    if (!settings.data) return;
    setForm(settings.data);
    setPeriods((settings.data.lint.electionPeriods ?? []).map((p) => ({ ...p, namesText: p.names.join('\n') })));
    setHosts((settings.data.utm.onlyHosts ?? []).join('\n'));
  }, [settings.data]);

  if (settings.isPending || !form) return settings.isError ? <ErrorNotice error={settings.error} /> : <Skeleton lines={4} />;
  const lint = form.lint;
  const utm = form.utm;
  const setLint = (patch: Partial<ComposeSettings['lint']>) => setForm({ ...form, lint: { ...lint, ...patch } });
  const setUtm = (patch: Partial<ComposeSettings['utm']>) => setForm({ ...form, utm: { ...utm, ...patch } });
  const ruleOptions = (['off', 'warn', 'block'] as const).map((value) => ({ value, label: t(`approvals.lint.setting.${value}`) }));

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const electionPeriods = periods
      .filter((p) => p.from && p.to)
      .map((p) => ({ from: p.from, to: p.to, names: lines(p.namesText) }));
    const onlyHosts = lines(hosts);
    put.mutate(
      {
        organisationId,
        settings: { lint: { ...lint, electionPeriods }, utm: { ...utm, onlyHosts: onlyHosts.length > 0 ? onlyHosts : undefined } },
      },
      { onSuccess: () => toast.show(t('approvals.lint.saved')) },
    );
  };

  return (
    <form className="card stack" onSubmit={onSubmit} noValidate aria-labelledby="lint-title">
      <h2 id="lint-title">{t('approvals.lint.title')}</h2>
      <div className="grid grid-2">
        {LINT_RULES.map((rule) => (
          <SelectField
            key={rule}
            label={t(`lintRules.${rule}`)}
            value={lint.rules[rule] ?? ''}
            emptyOption={t('approvals.lint.default')}
            options={ruleOptions}
            onChange={(value) => setLint({ rules: { ...lint.rules, [rule]: (value || undefined) as RuleSetting | undefined } })}
          />
        ))}
      </div>
      <div className="filters">
        <TextField type="number" min={0} max={100} label={t('approvals.lint.maxHashtags')} value={String(lint.maxHashtags ?? '')} onChange={(v) => setLint({ maxHashtags: toNumber(v) })} />
        <TextField type="number" min={0} max={100} label={t('approvals.lint.maxLinks')} value={String(lint.maxLinks ?? '')} onChange={(v) => setLint({ maxLinks: toNumber(v) })} />
        <TextField
          type="number"
          min={5}
          max={200}
          label={t('approvals.lint.maxSentenceWords')}
          value={String(lint.maxSentenceWords ?? '')}
          onChange={(v) => setLint({ maxSentenceWords: toNumber(v) })}
        />
      </div>
      <h3>{t('approvals.lint.elections')}</h3>
      <p className="muted small">{t('approvals.lint.electionsHint')}</p>
      {periods.map((period, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: periods are edited in place, by position
        <fieldset key={index} className="field">
          <legend>{t('approvals.lint.period', { position: index + 1 })}</legend>
          <div className="filters">
            <TextField type="date" label={t('approvals.lint.from')} value={period.from} onChange={(from) => setPeriods((all) => all.map((p, i) => (i === index ? { ...p, from } : p)))} />
            <TextField type="date" label={t('approvals.lint.to')} value={period.to} onChange={(to) => setPeriods((all) => all.map((p, i) => (i === index ? { ...p, to } : p)))} />
          </div>
          <TextAreaField
            label={t('approvals.lint.names')}
            hint={t('approvals.lint.namesHint')}
            value={period.namesText}
            rows={3}
            onChange={(namesText) => setPeriods((all) => all.map((p, i) => (i === index ? { ...p, namesText } : p)))}
          />
          <Button variant="ghost" size="small" onPress={() => setPeriods((all) => all.filter((_, i) => i !== index))}>
            {t('approvals.lint.removePeriod', { position: index + 1 })}
          </Button>
        </fieldset>
      ))}
      <div>
        <Button variant="secondary" size="small" onPress={() => setPeriods((all) => [...all, { from: '', to: '', names: [], namesText: '' }])}>
          {t('approvals.lint.addPeriod')}
        </Button>
      </div>
      <h3>{t('approvals.utm.title')}</h3>
      <CheckboxField label={t('approvals.utm.enabled')} checked={utm.enabled !== false} onChange={(enabled) => setUtm({ enabled })} />
      <div className="filters">
        <TextField label={t('approvals.utm.medium')} value={utm.medium ?? ''} onChange={(medium) => setUtm({ medium: medium || undefined })} maxLength={100} />
        <TextField label={t('approvals.utm.campaign')} value={utm.campaign ?? ''} onChange={(campaign) => setUtm({ campaign: campaign || undefined })} maxLength={200} />
      </div>
      <TextAreaField label={t('approvals.utm.onlyHosts')} hint={t('approvals.utm.onlyHostsHint')} value={hosts} onChange={setHosts} rows={2} />
      {put.error ? <ErrorNotice error={put.error} /> : null}
      <div className="form-actions">
        <Button type="submit" isPending={put.isPending}>
          {t('approvals.lint.save')}
        </Button>
      </div>
    </form>
  );
}
