import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CalendarEntry } from '../types.js';
import { Button } from '../../../ui/button.js';
import { ModalDialog } from '../../../ui/dialog.js';
import { TextField } from '../../../ui/field.js';
import { useToast } from '../../../ui/toast.js';
import { useReschedulePost } from '../api/reschedule-post.js';
import { RescheduleError } from './reschedule-error.js';

/** Moves a post to a date and time typed in its organisation's time zone (the keyboard way to drag). */
export function MoveDialog({ entry, onClose }: { entry: CalendarEntry; onClose: () => void }) {
  const { t } = useTranslation();
  const toast = useToast();
  const mutation = useReschedulePost();
  const [value, setValue] = useState(entry.plannedLocal);
  const [error, setError] = useState<string | undefined>();

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(value)) {
      setError(t('planning.dialog.required'));
      return;
    }
    setError(undefined);
    mutation.mutate(
      { postId: entry.postId, plannedAt: value },
      {
        onSuccess: (result) => {
          toast.show(t('planning.moved', { when: result.plannedLocal.replace('T', ' '), zone: result.timeZone }));
          onClose();
        },
      },
    );
  };

  return (
    <ModalDialog isOpen onOpenChange={(open) => !open && onClose()} title={t('planning.dialog.title')} size="narrow">
      {(close) => (
        <form className="stack" onSubmit={onSubmit} noValidate>
          <p>{entry.title || entry.excerpt}</p>
          <TextField
            type="datetime-local"
            label={t('planning.dialog.when')}
            hint={t('planning.dialog.hint', { zone: entry.timeZone })}
            value={value}
            onChange={setValue}
            error={error}
            required
          />
          {mutation.error ? <RescheduleError error={mutation.error} /> : null}
          <div className="form-actions">
            <Button variant="secondary" onPress={close}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" isPending={mutation.isPending}>
              {t('planning.dialog.confirm')}
            </Button>
          </div>
        </form>
      )}
    </ModalDialog>
  );
}
