import { useNavigate } from '@tanstack/react-router';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Tab, TabList, TabPanel, Tabs } from 'react-aria-components';
import { isApiError } from '../../../api/client.js';
import { type ChannelPreview, CONTENT_LANGUAGES, type ContentLanguage, type Organisation, type Post, type UiLocale } from '../../../api/types.js';
import { useMe } from '../../../app/me-context.js';
import { useFormatters } from '../../../i18n/format.js';
import { Button } from '../../../ui/button.js';
import { TextAreaField, TextField } from '../../../ui/field.js';
import { ErrorNotice, Notice } from '../../../ui/states.js';
import { useToast } from '../../../ui/toast.js';
import { useSubmitPost } from '../../approvals/api/submit-post.js';
import { useChannels } from '../../channels/api/get-channels.js';
import { useCreatePost } from '../api/create-post.js';
import { usePostPreview } from '../api/preview-post.js';
import { useUpdatePost } from '../api/update-post.js';
import { canCompose, type Draft, draftFromPost, draftToInput, EMPTY_DRAFT, resolveChannelText } from '../draft.js';
import { ChannelPicker } from './channel-picker.js';
import { ChannelPreviewCard } from './channel-preview.js';
import { MediaPicker } from './media-picker.js';
import './compose.css';

const EDITABLE_STATES = new Set(['draft', 'in_review', 'approved']);

function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = window.setTimeout(() => setDebounced(value), ms);
    return () => window.clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}

/**
 * The composer: texts per language, channels, media, and a live preview per channel. Counters are
 * computed here on every keystroke; the server preview (UTM, lint, limits) follows 400 ms after typing
 * stops. Overflow is announced politely when a channel goes over or back under, not on each key.
 */
export function Composer({ organisation, post }: { organisation: Organisation; post: Post | null }) {
  const { t } = useTranslation();
  const me = useMe();
  const format = useFormatters();
  const toast = useToast();
  const navigate = useNavigate();
  const [draft, setDraft] = useState<Draft>(() => (post ? draftFromPost(post) : EMPTY_DRAFT));
  const [saved, setSaved] = useState<string>(() => JSON.stringify(draftToInput(post ? draftFromPost(post) : EMPTY_DRAFT)));
  const input = useMemo(() => draftToInput(draft), [draft]);
  const dirty = JSON.stringify(input) !== saved;
  const debouncedInput = useDebounced(input, 400);
  const preview = usePostPreview(post?.id ?? null, debouncedInput);
  const channels = useChannels({ organisationId: organisation.id, subtree: false, status: 'active' });
  const create = useCreatePost();
  const update = useUpdatePost();
  const submit = useSubmitPost();
  const readOnly = !canCompose.write(me, organisation) || (post !== null && !EDITABLE_STATES.has(post.state));

  // Keep the working copy in step when the server's post changes (another tab, a state change).
  const postVersion = post?.version;
  // biome-ignore lint/correctness/useExhaustiveDependencies: only a new version replaces the working copy
  useEffect(() => {
    if (!post) return;
    const fresh = draftFromPost(post);
    setDraft(fresh);
    setSaved(JSON.stringify(draftToInput(fresh)));
  }, [post?.id, postVersion]);

  const chosen = (channels.data ?? []).filter((c) => draft.channels.some((link) => link.channelId === c.id));
  const languages = useMemo(() => {
    const set = new Set<ContentLanguage>(chosen.flatMap((c) => c.languages));
    if (set.size === 0) set.add(organisation.defaultLanguage);
    return CONTENT_LANGUAGES.filter((l) => set.has(l));
  }, [chosen, organisation.defaultLanguage]);

  // Announce only changes in which channels are over their limit.
  const overNames = chosen
    .filter((c) => resolveChannelText(draft, c, organisation.defaultLanguage).count.over)
    .map((c) => `${t(`networks.${c.network}`)} ${c.handle}`)
    .join(', ');
  const [announcement, setAnnouncement] = useState('');
  const previousOver = useRef(overNames);
  useEffect(() => {
    if (overNames === previousOver.current) return;
    previousOver.current = overNames;
    setAnnouncement(overNames ? t('compose.counter.announceOver', { channels: overNames }) : t('compose.counter.announceFine'));
  }, [overNames, t]);

  const save = async (): Promise<Post | null> => {
    if (!post) {
      const created = await create.mutateAsync({ organisationId: organisation.id, input });
      toast.show(t('compose.saved'));
      void navigate({ to: '/posts/$postId', params: { postId: created.id } });
      return created;
    }
    const updated = await update.mutateAsync({ id: post.id, input });
    setSaved(JSON.stringify(input));
    toast.show(t('compose.saved'));
    return updated;
  };

  const onSubmit = async () => {
    submit.reset();
    try {
      const target = dirty || !post ? await save() : post;
      if (!target) return;
      const status = await submit.mutateAsync(target.id);
      toast.show(status.state === 'approved' ? t('compose.submittedApproved') : t('compose.submitted'));
    } catch {
      // Shown below through the mutations' error state.
    }
  };

  const saveError = create.error ?? update.error;
  const submitError = submit.error;
  const previewById = new Map((preview.data?.channels ?? []).map((c) => [c.channelId, c]));

  return (
    <div className="composer">
      <div className="visually-hidden" role="status" aria-live="polite">
        {announcement}
      </div>
      <form
        className="card stack composer-form"
        aria-labelledby="composer-title"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void save().catch(() => undefined);
        }}
      >
        <h2 id="composer-title">{t('compose.content')}</h2>
        {readOnly && post ? <Notice>{t('compose.readOnly')}</Notice> : null}
        {post && post.state !== 'draft' && EDITABLE_STATES.has(post.state) && !readOnly ? (
          <Notice tone="warning">{t('compose.editResetsReview')}</Notice>
        ) : null}
        <TextField label={t('compose.title')} value={draft.title} onChange={(title) => setDraft({ ...draft, title })} maxLength={300} readOnly={readOnly} />
        <TextField
          label={t('compose.topic')}
          hint={t('compose.topicHint')}
          value={draft.topic}
          onChange={(topic) => setDraft({ ...draft, topic })}
          maxLength={200}
          readOnly={readOnly}
        />
        <Tabs className="tabs">
          <TabList aria-label={t('compose.textTabs')} className="tab-list">
            <Tab id="base" className="tab">
              {t('compose.baseTab')}
            </Tab>
            {CONTENT_LANGUAGES.map((language) => (
              <Tab key={language} id={language} className="tab">
                {language.toUpperCase()}
                {(draft.texts[language] ?? '') !== '' ? <span aria-hidden="true"> •</span> : null}
              </Tab>
            ))}
          </TabList>
          <TabPanel id="base" className="tab-panel">
            <TextAreaField
              label={t('compose.baseText')}
              hint={t('compose.baseTextHint', { language: format.languageName(organisation.defaultLanguage) })}
              value={draft.baseText}
              onChange={(baseText) => setDraft({ ...draft, baseText })}
              rows={6}
              readOnly={readOnly}
            />
          </TabPanel>
          {CONTENT_LANGUAGES.map((language) => (
            <TabPanel key={language} id={language} className="tab-panel">
              <TextAreaField
                label={t('compose.variant', { language: format.languageName(language) })}
                hint={t('compose.variantHint')}
                value={draft.texts[language] ?? ''}
                onChange={(text) => setDraft({ ...draft, texts: { ...draft.texts, [language]: text } })}
                rows={6}
                readOnly={readOnly}
                lang={language}
              />
            </TabPanel>
          ))}
        </Tabs>
        {channels.isError ? <ErrorNotice error={channels.error} onRetry={() => void channels.refetch()} /> : null}
        <ChannelPicker
          channels={channels.data ?? []}
          draft={draft}
          onChange={setDraft}
          defaultLanguage={organisation.defaultLanguage}
          readOnly={readOnly}
        />
        <MediaPicker
          organisationId={organisation.id}
          mediaIds={draft.mediaIds}
          languages={languages}
          readOnly={readOnly}
          onChange={(mediaIds) =>
            setDraft({ ...draft, mediaIds, channels: draft.channels.map((c) => ({ ...c, mediaIds })) })
          }
        />
        {saveError ? <ErrorNotice error={saveError} title={t('compose.saveFailed')} /> : null}
        {submitError ? <SubmitError error={submitError} previews={preview.data?.channels ?? []} /> : null}
        {!readOnly ? (
          <div className="form-actions">
            <Button type="submit" variant="secondary" isPending={create.isPending || update.isPending} isDisabled={post !== null && !dirty}>
              {t('compose.saveDraft')}
            </Button>
            {!post || post.state === 'draft' ? (
              <Button onPress={() => void onSubmit()} isPending={submit.isPending}>
                {t('compose.submit')}
              </Button>
            ) : null}
            {dirty ? <span className="muted small">{t('compose.unsaved')}</span> : null}
          </div>
        ) : null}
      </form>

      <section className="card stack composer-preview" aria-labelledby="preview-title">
        <h2 id="preview-title">{t('compose.preview.title')}</h2>
        {!post ? (
          <p className="muted">{t('compose.preview.saveFirst')}</p>
        ) : draft.channels.length === 0 ? (
          <p className="muted">{t('compose.preview.chooseChannels')}</p>
        ) : preview.isError ? (
          <ErrorNotice error={preview.error} title={t('compose.preview.failed')} onRetry={() => void preview.refetch()} />
        ) : (
          <>
            {preview.data?.blocked ? <Notice tone="danger">{t('compose.preview.blocked')}</Notice> : null}
            {draft.channels.map((link) => {
              const shown = previewById.get(link.channelId);
              return shown ? <ChannelPreviewCard key={link.channelId} preview={shown} isStale={preview.isFetching} /> : null;
            })}
          </>
        )}
      </section>
    </div>
  );
}

/**
 * The server's message for a blocking finding in the person's language: the API answers in
 * English, but the preview it also serves carries every finding in NL/FR/EN, so a path
 * `channels.<id>.lint.<rule>` or `channels.<id>.limits.<code>` is looked up there.
 */
function findingMessage(path: string, fallback: string, previews: readonly ChannelPreview[], locale: UiLocale): string {
  const [, channelId, kind, code] = path.split('.');
  const channel = previews.find((c) => c.channelId === channelId);
  const found =
    kind === 'lint' ? channel?.findings.find((f) => f.rule === code) : kind === 'limits' ? channel?.issues.find((i) => i.code === code) : undefined;
  const message = found?.message[locale] ?? fallback;
  return channel ? `${channel.handle}: ${message}` : message;
}

/** A refused submit: the server's sentence plus every blocking finding it listed, in the person's language. */
function SubmitError({ error, previews }: { error: Error; previews: readonly ChannelPreview[] }) {
  const { t, i18n } = useTranslation();
  const locale = (i18n.resolvedLanguage ?? 'nl') as UiLocale;
  if (isApiError(error) && error.status === 422) {
    return (
      <div className="notice notice--danger" role="alert">
        <div>
          <strong>{t('compose.submitRefused')}</strong>
          {error.fields.length > 0 ? (
            <ul>
              {error.fields.map((field) => (
                <li key={field.path}>{findingMessage(field.path, field.message, previews, locale)}</li>
              ))}
            </ul>
          ) : (
            <p>{error.message}</p>
          )}
        </div>
      </div>
    );
  }
  return <ErrorNotice error={error} title={t('compose.submitFailed')} />;
}
