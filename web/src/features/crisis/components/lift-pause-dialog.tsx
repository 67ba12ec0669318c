import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Pause } from '../../../api/types.js';
import { Button } from '../../../ui/button.js';
import { ModalDialog } from '../../../ui/dialog.js';
import { TextAreaField } from '../../../ui/field.js';
import { ErrorNotice } from '../../../ui/states.js';
import { useToast } from '../../../ui/toast.js';
import { useLiftPause } from '../api/lift-pause.js';
import { usePauseScopeText } from '../pause-scope.js';

/** Asks why before lifting a pause, and says that held posts stay held. */
export function LiftPauseDialog({ pause, onClose }: { pause: Pause; onClose: () => void }) {
  const { t } = useTranslation();
  const toast = useToast();
  const scopeText = usePauseScopeText();
  const lift = useLiftPause();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | undefined>();

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (reason.trim() === '') {
      setError(t('crisis.lift.reasonRequired'));
      return;
    }
    setError(undefined);
    lift.mutate(
      { id: pause.id, reason: reason.trim() },
      {
        onSuccess: () => {
          toast.show(t('crisis.lift.lifted', { scope: scopeText(pause) }));
          onClose();
        },
      },
    );
  };

  return (
    <ModalDialog isOpen onOpenChange={(open) => !open && onClose()} title={t('crisis.lift.title')} size="narrow" role="alertdialog">
      {(close) => (
        <form className="stack" onSubmit={onSubmit} noValidate>
          <p>
            <strong>{t('crisis.active.scope', { scope: scopeText(pause) })}</strong>
          </p>
          <p>{t('crisis.lift.body')}</p>
          <TextAreaField
            label={t('crisis.lift.reason')}
            value={reason}
            onChange={setReason}
            error={error}
            required
            rows={3}
            maxLength={2000}
            autoFocus
          />
          {lift.error ? <ErrorNotice error={lift.error} /> : null}
          <div className="form-actions">
            <Button variant="secondary" onPress={close}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" variant="danger" isPending={lift.isPending}>
              {t('crisis.lift.confirm')}
            </Button>
          </div>
        </form>
      )}
    </ModalDialog>
  );
}
