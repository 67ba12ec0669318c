import type { FieldError } from '../../api/client.js';
import type { ListeningSource, SourceInput, SourceKind } from './types.js';

/**
 * The source dialog's working copy and how it becomes the API's body (listening/source-settings.ts
 * describes `settings` per kind). Lists are typed as text (comma- or line-separated) and split here.
 */

export const PUBLIC_TIMELINES = ['none', 'public', 'public:local', 'public:remote'] as const;
export type PublicTimeline = (typeof PUBLIC_TIMELINES)[number];
/** Message keys of the timelines (a colon would read as a namespace in a message key). */
export const TIMELINE_KEY = { none: 'none', public: 'public', 'public:local': 'local', 'public:remote': 'remote' } as const;
export type Keep = 'all' | 'matching';

/** Kinds read on a schedule (and by "Check now"); the others are streams, read continuously. */
export const POLLED_KINDS: readonly SourceKind[] = ['feed', 'page', 'own_mentions'];

/** The API's defaults (source-settings.ts DEFAULT_SILENT_AFTER_HOURS), offered when a source is created. */
const DEFAULT_SILENT_AFTER_HOURS: Record<SourceKind, number | null> = {
  feed: 168,
  page: null,
  mastodon: 24,
  bluesky: 24,
  own_mentions: null,
};

export type SourceFormValues = {
  kind: SourceKind;
  name: string;
  active: boolean;
  url: string;
  selector: string;
  instanceUrl: string;
  hashtags: string;
  publicTimeline: PublicTimeline;
  /** Mastodon: the connected channel whose token opens the stream ('' for none). */
  channelId: string;
  languages: string;
  keywords: string;
  /** '' leaves the API's default (Mastodon: only matching posts when following a public timeline). */
  keep: Keep | '';
  /** Own mentions: which channels ([] for all). */
  channelIds: string[];
  pollMinutes: string;
  silentAfterHours: string;
};

export type SourceFieldName = Exclude<keyof SourceFormValues, 'kind' | 'active'>;

const text = (value: unknown): string => (typeof value === 'string' ? value : '');
const list = (value: unknown): string[] => (Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : []);
const splitWords = (value: string): string[] => value.split(/[\s,;]+/).filter(Boolean);
const splitLines = (value: string): string[] =>
  value
    .split(/\n/)
    .map((line) => line.trim())
    .filter(Boolean);

export function emptySourceForm(kind: SourceKind = 'feed'): SourceFormValues {
  return {
    kind,
    name: '',
    active: true,
    url: '',
    selector: '',
    instanceUrl: '',
    hashtags: '',
    publicTimeline: 'none',
    channelId: '',
    languages: '',
    keywords: '',
    keep: '',
    channelIds: [],
    pollMinutes: '15',
    silentAfterHours: String(DEFAULT_SILENT_AFTER_HOURS[kind] ?? ''),
  };
}

/** A new kind keeps what was typed in common fields and takes that kind's silence default. */
export function withKind(values: SourceFormValues, kind: SourceKind): SourceFormValues {
  return { ...values, kind, silentAfterHours: String(DEFAULT_SILENT_AFTER_HOURS[kind] ?? '') };
}

export function sourceFormFrom(source: ListeningSource): SourceFormValues {
  const s = source.settings;
  const timeline = PUBLIC_TIMELINES.find((candidate) => candidate === s.publicTimeline) ?? 'none';
  return {
    kind: source.kind,
    name: source.name,
    active: source.active,
    url: text(s.url),
    selector: text(s.selector),
    instanceUrl: text(s.instanceUrl),
    hashtags: list(s.hashtags)
      .map((tag) => `#${tag}`)
      .join(' '),
    publicTimeline: timeline,
    channelId: text(s.channelId),
    languages: list(s.languages).join(', '),
    keywords: list(s.keywords).join('\n'),
    keep: s.keep === 'all' || s.keep === 'matching' ? s.keep : '',
    channelIds: list(s.channelIds),
    pollMinutes: String(Math.round(source.pollIntervalSeconds / 60)),
    silentAfterHours: source.silentAfterHours === null ? '' : String(source.silentAfterHours),
  };
}

/** What "keep" means when the person has not chosen (source-settings.ts keepOf). */
export function effectiveKeep(values: SourceFormValues): Keep {
  if (values.keep) return values.keep;
  if (values.kind === 'bluesky') return 'matching';
  return values.publicTimeline !== 'none' ? 'matching' : 'all';
}

export function settingsOf(values: SourceFormValues): Record<string, unknown> {
  switch (values.kind) {
    case 'feed':
      return { url: values.url.trim() };
    case 'page':
      return { url: values.url.trim(), ...(values.selector.trim() ? { selector: values.selector.trim() } : {}) };
    case 'mastodon':
      return {
        instanceUrl: values.instanceUrl.trim(),
        hashtags: splitWords(values.hashtags),
        publicTimeline: values.publicTimeline,
        ...(values.channelId ? { channelId: values.channelId } : {}),
        languages: splitWords(values.languages),
        ...(values.keep ? { keep: values.keep } : {}),
      };
    case 'bluesky':
      return { languages: splitWords(values.languages), keywords: splitLines(values.keywords), keep: effectiveKeep(values) };
    case 'own_mentions':
      return { channelIds: values.channelIds };
  }
}

/** Problems the browser can see before asking: empty required fields, numbers out of range. */
export type LocalProblem = { field: SourceFieldName; problem: 'required' | 'minutes' | 'hours' };

export function localProblems(values: SourceFormValues): LocalProblem[] {
  const problems: LocalProblem[] = [];
  const whole = (value: string, min: number, max: number) => /^\d+$/.test(value.trim()) && Number(value) >= min && Number(value) <= max;
  if (values.name.trim() === '') problems.push({ field: 'name', problem: 'required' });
  if ((values.kind === 'feed' || values.kind === 'page') && values.url.trim() === '') problems.push({ field: 'url', problem: 'required' });
  if (values.kind === 'mastodon' && values.instanceUrl.trim() === '') problems.push({ field: 'instanceUrl', problem: 'required' });
  if (POLLED_KINDS.includes(values.kind) && !whole(values.pollMinutes, 1, 1440))
    problems.push({ field: 'pollMinutes', problem: 'minutes' });
  if (values.silentAfterHours.trim() !== '' && !whole(values.silentAfterHours, 1, 8760))
    problems.push({ field: 'silentAfterHours', problem: 'hours' });
  return problems;
}

export function sourceInputOf(values: SourceFormValues): SourceInput {
  return {
    kind: values.kind,
    name: values.name.trim(),
    active: values.active,
    ...(POLLED_KINDS.includes(values.kind) ? { pollIntervalSeconds: Number(values.pollMinutes) * 60 } : {}),
    silentAfterHours: values.silentAfterHours.trim() === '' ? null : Number(values.silentAfterHours),
    settings: settingsOf(values),
  };
}

const FIELD_OF_PATH: Record<string, SourceFieldName> = {
  name: 'name',
  pollIntervalSeconds: 'pollMinutes',
  silentAfterHours: 'silentAfterHours',
  url: 'url',
  selector: 'selector',
  instanceUrl: 'instanceUrl',
  hashtags: 'hashtags',
  publicTimeline: 'publicTimeline',
  channelId: 'channelId',
  languages: 'languages',
  keywords: 'keywords',
  keep: 'keep',
  channelIds: 'channelIds',
};

/**
 * The API's 400 `fields` on the dialog's fields: `settings.url` → url, `settings.hashtags.2` →
 * hashtags (naming the item that is wrong). What fits no field is returned apart, to show above.
 */
export function fieldErrorsOf(
  fields: readonly FieldError[],
  values: SourceFormValues,
): { byField: Partial<Record<SourceFieldName, string>>; other: string[] } {
  const byField: Partial<Record<SourceFieldName, string>> = {};
  const other: string[] = [];
  const items: Partial<Record<SourceFieldName, string[]>> = {
    hashtags: splitWords(values.hashtags),
    languages: splitWords(values.languages),
    keywords: splitLines(values.keywords),
  };
  for (const { path, message } of fields) {
    const parts = path.split('.');
    const key = parts[0] === 'settings' ? parts[1] : parts[0];
    const field = key ? FIELD_OF_PATH[key] : undefined;
    if (!field) {
      other.push(message);
      continue;
    }
    const index = parts[0] === 'settings' && parts[2] !== undefined ? Number(parts[2]) : Number.NaN;
    const item = Number.isInteger(index) ? items[field]?.[index] : undefined;
    const said = item !== undefined ? `“${item}”: ${message}` : message;
    byField[field] = byField[field] ? `${byField[field]} ${said}` : said;
  }
  return { byField, other };
}
