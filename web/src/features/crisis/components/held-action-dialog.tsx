import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../../api/client.js';
import { Button } from '../../../ui/button.js';
import { ModalDialog } from '../../../ui/dialog.js';
import { TextAreaField, TextField } from '../../../ui/field.js';
import { ErrorNotice } from '../../../ui/states.js';
import { useToast } from '../../../ui/toast.js';
import { toZonedInputValue, zonedInputToIso } from '../../../i18n/zoned-time.js';
import { useCancelHeld } from '../api/cancel-held.js';
import { useRescheduleHeld } from '../api/reschedule-held.js';
import { useResumeHeld } from '../api/resume-held.js';

export type HeldAction = 'resume' | 'reschedule' | 'cancel';

type HeldActionDialogProps = {
  action: HeldAction;
  publicationIds: string[];
  /** The organisation's time zone: the new time is typed in it. */
  timeZone: string;
  onClose: (done: boolean) => void;
};

/** "a pause still covers these posts" (409 with `still paused` fields) deserves its own explanation. */
function isStillPaused(error: unknown): boolean {
  return isApiError(error) && error.status === 409 && error.fields.some((field) => field.message === 'still paused');
}

/** Resume, reschedule or cancel the selected held posts, each with a reason (audited). */
export function HeldActionDialog({ action, publicationIds, timeZone, onClose }: HeldActionDialogProps) {
  const { t } = useTranslation();
  const toast = useToast();
  const resume = useResumeHeld();
  const reschedule = useRescheduleHeld();
  const cancel = useCancelHeld();
  const mutation = action === 'resume' ? resume : action === 'reschedule' ? reschedule : cancel;
  const count = publicationIds.length;
  const [reason, setReason] = useState('');
  const [dueAt, setDueAt] = useState(() => toZonedInputValue(new Date(Date.now() + 60 * 60_000), timeZone));
  const [errors, setErrors] = useState<{ reason?: string; dueAt?: string }>({});

  const title =
    action === 'resume'
      ? t('crisis.heldAction.resumeTitle', { count })
      : action === 'reschedule'
        ? t('crisis.heldAction.rescheduleTitle', { count })
        : t('crisis.heldAction.cancelTitle', { count });
  const body =
    action === 'resume'
      ? t('crisis.heldAction.resumeBody')
      : action === 'reschedule'
        ? t('crisis.heldAction.rescheduleBody')
        : t('crisis.heldAction.cancelBody');
  const confirmLabel =
    action === 'resume'
      ? t('crisis.heldAction.confirmResume')
      : action === 'reschedule'
        ? t('crisis.heldAction.confirmReschedule')
        : t('crisis.heldAction.confirmCancel');

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const found: { reason?: string; dueAt?: string } = {};
    let iso: string | null = null;
    if (action === 'reschedule') {
      iso = zonedInputToIso(dueAt, timeZone);
      if (!iso) found.dueAt = t('crisis.heldAction.dueAtRequired');
      else if (new Date(iso).getTime() <= Date.now()) found.dueAt = t('crisis.heldAction.dueAtPast');
    }
    if (reason.trim() === '') found.reason = t('crisis.heldAction.reasonRequired');
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    mutation.mutate(
      { publicationIds, reason: reason.trim(), ...(iso ? { dueAt: iso } : {}) },
      {
        onSuccess: (moved) => {
          const done = moved.length;
          toast.show(
            action === 'resume'
              ? t('crisis.heldAction.resumed', { count: done })
              : action === 'reschedule'
                ? t('crisis.heldAction.rescheduled', { count: done })
                : t('crisis.heldAction.cancelled', { count: done }),
          );
          onClose(true);
        },
      },
    );
  };

  const serverDueAtError = isApiError(mutation.error) ? mutation.error.fieldMessage('dueAt') : undefined;

  return (
    <ModalDialog
      isOpen
      onOpenChange={(open) => !open && onClose(false)}
      title={title}
      size="narrow"
      role={action === 'cancel' ? 'alertdialog' : 'dialog'}
    >
      {(close) => (
        <form className="stack" onSubmit={onSubmit} noValidate>
          <p>{body}</p>
          {action === 'reschedule' ? (
            <TextField
              type="datetime-local"
              label={t('crisis.heldAction.dueAt')}
              hint={t('crisis.heldAction.dueAtHint', { zone: timeZone })}
              value={dueAt}
              onChange={setDueAt}
              error={errors.dueAt ?? (serverDueAtError ? t('crisis.heldAction.dueAtPast') : undefined)}
              required
            />
          ) : null}
          <TextAreaField
            label={t('crisis.heldAction.reason')}
            hint={t('crisis.heldAction.reasonHint')}
            value={reason}
            onChange={setReason}
            error={errors.reason}
            required
            rows={3}
            maxLength={2000}
          />
          {mutation.error ? (
            isStillPaused(mutation.error) ? (
              <div className="notice notice--danger" role="alert">
                <div>
                  <strong>{t('crisis.heldAction.stillPaused')}</strong>
                </div>
              </div>
            ) : (
              <ErrorNotice error={mutation.error} />
            )
          ) : null}
          <div className="form-actions">
            <Button variant="secondary" onPress={close}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" variant={action === 'cancel' ? 'danger' : 'primary'} isPending={mutation.isPending}>
              {confirmLabel}
            </Button>
          </div>
        </form>
      )}
    </ModalDialog>
  );
}
