import type { FieldError } from '../../../api/client.js';
import type { AlertMode, AlertRule, AlertRuleInput, AlertRulePatch } from './types.js';

/**
 * The alert rule dialog's working copy and how it becomes the API's body (alert-schemas.ts). Numbers
 * are kept as typed text; e-mail addresses are typed one per line (or separated by commas) and split here.
 */

/** The API's defaults (alert-rule-service.ts), offered when a rule is created. */
export const SPIKE_DEFAULTS = { factor: 3, minimumCount: 5, windowMinutes: 60 };
export const DIGEST_HOUR_DEFAULT = 8;
export const MIN_SECRET_LENGTH = 24;

export type AlertFormValues = {
  name: string;
  mode: AlertMode;
  factor: string;
  minimumCount: string;
  windowMinutes: string;
  digestHour: string;
  emails: string;
  webhookOn: boolean;
  webhookUrl: string;
  webhookSecret: string;
  /** Editing a rule that has a webhook: replace its secret by a new random one. */
  regenerateSecret: boolean;
  inApp: boolean;
  active: boolean;
};

export type AlertFieldName =
  | 'name'
  | 'mode'
  | 'factor'
  | 'minimumCount'
  | 'windowMinutes'
  | 'digestHour'
  | 'emails'
  | 'webhookUrl'
  | 'webhookSecret';

export function emptyAlertForm(): AlertFormValues {
  return {
    name: '',
    mode: 'every',
    factor: String(SPIKE_DEFAULTS.factor),
    minimumCount: String(SPIKE_DEFAULTS.minimumCount),
    windowMinutes: String(SPIKE_DEFAULTS.windowMinutes),
    digestHour: String(DIGEST_HOUR_DEFAULT),
    emails: '',
    webhookOn: false,
    webhookUrl: '',
    webhookSecret: '',
    regenerateSecret: false,
    inApp: true,
    active: true,
  };
}

export function alertFormFrom(rule: AlertRule): AlertFormValues {
  return {
    name: rule.name,
    mode: rule.mode,
    factor: String(rule.spike.factor),
    minimumCount: String(rule.spike.minimumCount),
    windowMinutes: String(rule.spike.windowMinutes),
    digestHour: String(rule.digestHour),
    emails: rule.emailRecipients.join('\n'),
    webhookOn: rule.webhook !== null,
    webhookUrl: rule.webhook?.url ?? '',
    webhookSecret: '',
    regenerateSecret: false,
    inApp: rule.inApp,
    active: rule.active,
  };
}

export const splitEmails = (value: string): string[] => value.split(/[\s,;]+/).filter(Boolean);

/** A decimal typed with a comma (Dutch, French) reads as one with a point. */
export const readNumber = (value: string): number => (value.trim() === '' ? Number.NaN : Number(value.trim().replace(',', '.')));

/** Problems the browser can see before asking: numbers out of range, an address that is no address, nowhere to send. */
export type LocalProblem =
  | { field: AlertFieldName; problem: 'required' | 'factor' | 'minimumCount' | 'windowMinutes' | 'secretShort' | 'noTarget' }
  | { field: 'emails'; problem: 'email'; item: string };

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function localProblems(values: AlertFormValues): LocalProblem[] {
  const problems: LocalProblem[] = [];
  const whole = (value: string, min: number, max: number) => /^\d+$/.test(value.trim()) && Number(value) >= min && Number(value) <= max;
  if (values.mode === 'spike') {
    const factor = readNumber(values.factor);
    if (!(factor >= 1.5 && factor <= 100)) problems.push({ field: 'factor', problem: 'factor' });
    if (!whole(values.minimumCount, 1, 100_000)) problems.push({ field: 'minimumCount', problem: 'minimumCount' });
    if (!whole(values.windowMinutes, 15, 1440)) problems.push({ field: 'windowMinutes', problem: 'windowMinutes' });
  }
  const emails = splitEmails(values.emails);
  const wrong = emails.find((email) => !EMAIL.test(email));
  if (wrong !== undefined) problems.push({ field: 'emails', problem: 'email', item: wrong });
  if (values.webhookOn && values.webhookUrl.trim() === '') problems.push({ field: 'webhookUrl', problem: 'required' });
  const secret = values.webhookSecret.trim();
  if (values.webhookOn && secret !== '' && secret.length < MIN_SECRET_LENGTH)
    problems.push({ field: 'webhookSecret', problem: 'secretShort' });
  if (emails.length === 0 && !values.webhookOn && !values.inApp) problems.push({ field: 'emails', problem: 'noTarget' });
  return problems;
}

/**
 * The API body. A blank name becomes `fallbackName` (the mode in the interface language, rather than
 * the API's English default); spike numbers and the digest hour are sent only for their mode.
 */
export function alertInputOf(values: AlertFormValues, fallbackName: string): AlertRuleInput {
  const secret = values.webhookSecret.trim();
  return {
    name: values.name.trim() || fallbackName,
    mode: values.mode,
    ...(values.mode === 'spike'
      ? {
          spike: {
            factor: readNumber(values.factor),
            minimumCount: Number(values.minimumCount),
            windowMinutes: Number(values.windowMinutes),
          },
        }
      : {}),
    ...(values.mode === 'digest_daily' ? { digestHour: Number(values.digestHour) } : {}),
    emailRecipients: splitEmails(values.emails),
    ...(values.webhookOn ? { webhook: { url: values.webhookUrl.trim(), ...(secret ? { secret } : {}) } } : {}),
    inApp: values.inApp,
    active: values.active,
  };
}

/** The change to a rule: the whole form, the webhook removed when switched off, a new secret when asked. */
export function alertPatchOf(values: AlertFormValues, fallbackName: string, rule: AlertRule): AlertRulePatch {
  const input = alertInputOf(values, fallbackName);
  return {
    ...input,
    ...(!values.webhookOn && rule.webhook ? { webhook: null } : {}),
    ...(values.webhookOn && values.regenerateSecret && !values.webhookSecret.trim() ? { regenerateWebhookSecret: true } : {}),
  };
}

const FIELD_OF_PATH: Record<string, AlertFieldName> = {
  name: 'name',
  mode: 'mode',
  'spike.factor': 'factor',
  'spike.minimumCount': 'minimumCount',
  'spike.windowMinutes': 'windowMinutes',
  digestHour: 'digestHour',
  emailRecipients: 'emails',
  webhook: 'webhookUrl',
  'webhook.url': 'webhookUrl',
  'webhook.secret': 'webhookSecret',
  regenerateWebhookSecret: 'webhookSecret',
};

/**
 * The API's 400 `fields` on the dialog's fields: `spike.factor` → factor, `emailRecipients.2` →
 * emails (naming the address that is wrong). What fits no field is returned apart, to show above.
 */
export function fieldErrorsOf(
  fields: readonly FieldError[],
  values: AlertFormValues,
): { byField: Partial<Record<AlertFieldName, string>>; other: string[] } {
  const byField: Partial<Record<AlertFieldName, string>> = {};
  const other: string[] = [];
  const emails = splitEmails(values.emails);
  for (const { path, message } of fields) {
    const parts = path.split('.');
    const field = FIELD_OF_PATH[path] ?? FIELD_OF_PATH[parts.slice(0, 2).join('.')] ?? FIELD_OF_PATH[parts[0] ?? ''];
    if (!field) {
      other.push(message);
      continue;
    }
    const index = parts[0] === 'emailRecipients' && parts[1] !== undefined ? Number(parts[1]) : Number.NaN;
    const item = Number.isInteger(index) ? emails[index] : undefined;
    const said = item !== undefined ? `“${item}”: ${message}` : message;
    byField[field] = byField[field] ? `${byField[field]} ${said}` : said;
  }
  return { byField, other };
}
