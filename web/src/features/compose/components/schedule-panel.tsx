import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../../api/client.js';
import type { Organisation, Post } from '../../../api/types.js';
import { useMe } from '../../../app/me-context.js';
import { useFormatters } from '../../../i18n/format.js';
import { formatInZone, zonedInputToIso } from '../../../i18n/zoned-time.js';
import { Button } from '../../../ui/button.js';
import { TextField } from '../../../ui/field.js';
import { ErrorNotice } from '../../../ui/states.js';
import { useToast } from '../../../ui/toast.js';
import { NextFreeSlot } from '../../planning/components/next-free-slot.js';
import { useSchedulePost } from '../api/schedule-post.js';
import { canCompose } from '../draft.js';

/**
 * Scheduling an approved post: a wall-clock time in the organisation's zone, sent as ISO with that
 * zone's offset. The server has the last word on daylight-saving gaps; its message is shown as is.
 * "Next free slot" (planning's queue slots) can fill the time in; the person still presses Schedule.
 */
export function SchedulePanel({ post, organisation }: { post: Post; organisation: Organisation }) {
  const { t } = useTranslation();
  const me = useMe();
  const format = useFormatters();
  const toast = useToast();
  const schedule = useSchedulePost();
  const [value, setValue] = useState('');
  const [error, setError] = useState<string | undefined>();
  const zone = organisation.timeZone;

  if (post.state === 'scheduled' || post.state === 'published') {
    return (
      <section className="card" aria-labelledby="schedule-title">
        <h2 id="schedule-title">{t('compose.schedule.title')}</h2>
        <p>{t('compose.schedule.plannedAt', { when: formatInZone(post.plannedAt, post.timeZone, format.locale) })}</p>
      </section>
    );
  }
  if (post.state !== 'approved' || !canCompose.write(me, organisation)) return null;

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const iso = zonedInputToIso(value, zone);
    if (!iso) {
      setError(t('compose.schedule.required'));
      return;
    }
    setError(undefined);
    schedule.mutate(
      { id: post.id, plannedAt: iso },
      {
        onSuccess: (scheduled) =>
          toast.show(t('compose.schedule.done', { when: formatInZone(scheduled.plannedAt, scheduled.timeZone, format.locale) })),
        onError: (failure) => {
          if (isApiError(failure)) setError(failure.fieldMessage('plannedAt'));
        },
      },
    );
  };

  return (
    <form className="card stack" onSubmit={onSubmit} noValidate aria-labelledby="schedule-title">
      <h2 id="schedule-title">{t('compose.schedule.title')}</h2>
      <TextField
        id="schedule-at"
        type="datetime-local"
        label={t('compose.schedule.at')}
        hint={t('compose.schedule.hint', { zone })}
        value={value}
        onChange={setValue}
        error={error}
        required
      />
      <NextFreeSlot
        postId={post.id}
        channelIds={post.channels.map((c) => c.channelId)}
        organisationId={organisation.id}
        timeZone={zone}
        current={value}
        onFound={(local) => {
          setValue(local);
          setError(undefined);
        }}
      />
      {schedule.error && !error ? <ErrorNotice error={schedule.error} /> : null}
      <div className="form-actions">
        <Button type="submit" isPending={schedule.isPending}>
          {t('compose.schedule.submit')}
        </Button>
      </div>
    </form>
  );
}
