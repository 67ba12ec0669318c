import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../../../api/client.js';
import { Button } from '../../../../ui/button.js';
import { ModalDialog } from '../../../../ui/dialog.js';
import { useErrorText } from '../../../../ui/error-text.js';
import { TextAreaField } from '../../../../ui/field.js';
import type { DecisionInput } from '../types.js';

export type DecisionRequest = {
  decision: DecisionInput['decision'];
  /** What is decided on: an impersonation candidate or a speaking-for claim. */
  what: 'candidate' | 'claim';
  /** Named in the title: the account's handle, or the claim's author. */
  subject: string;
};

type DecisionDialogProps = {
  request: DecisionRequest;
  isPending: boolean;
  /** The refusal of the last attempt, if any: a `note` field error lands on the note. */
  error: unknown;
  onSubmit: (input: DecisionInput) => void;
  onClose: () => void;
};

const NOTE_MAX = 2000;

/** The note's label and hint for each decision. */
const NOTE_TEXTS = {
  confirm: { label: 'listeningMisuse.decide.noteConfirm', hint: 'listeningMisuse.decide.noteConfirmHint' },
  dismiss: { label: 'listeningMisuse.decide.noteDismiss', hint: 'listeningMisuse.decide.noteDismissHint' },
  reopen: { label: 'listeningMisuse.decide.noteReopen', hint: 'listeningMisuse.decide.noteReopenHint' },
} as const satisfies Record<DecisionInput['decision'], { label: string; hint: string }>;

/**
 * Confirming, dismissing or reopening, with a note: required to confirm (why this is misuse, kept
 * with the decision and in the audit log), optional otherwise (a reopening's note is kept in the
 * audit log only: the item has no decision any more). A form, so it is not closed by a stray click.
 */
export function DecisionDialog({ request, isPending, error, onSubmit, onClose }: DecisionDialogProps) {
  const { t } = useTranslation();
  const { decision, what, subject } = request;
  return (
    <ModalDialog
      isOpen
      onOpenChange={(open) => !open && onClose()}
      size="narrow"
      title={t(`listeningMisuse.decide.${what}.${decision}Title`, { subject })}
    >
      {(close) => <DecisionForm request={request} isPending={isPending} error={error} onSubmit={onSubmit} close={close} />}
    </ModalDialog>
  );
}

function DecisionForm({ request, isPending, error, onSubmit, close }: Omit<DecisionDialogProps, 'onClose'> & { close: () => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const noteRef = useRef<HTMLTextAreaElement>(null);
  const [note, setNote] = useState('');
  const [missing, setMissing] = useState(false);
  const confirming = request.decision === 'confirm';
  const serverNote = isApiError(error) ? error.fieldMessage('note') : undefined;
  const noteError = missing ? t('listeningMisuse.decide.noteRequired') : serverNote;

  // A refused note gets the focus, so the person lands where the problem is.
  useEffect(() => {
    if (missing || serverNote) noteRef.current?.focus();
  }, [missing, serverNote]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const trimmed = note.trim();
    if (confirming && trimmed === '') {
      setMissing(true);
      noteRef.current?.focus();
      return;
    }
    setMissing(false);
    onSubmit({ decision: request.decision, ...(trimmed ? { note: trimmed } : {}) });
  };

  return (
    <form className="form" onSubmit={submit} noValidate>
      {error && !serverNote ? (
        <div className="notice notice--danger" role="alert">
          <div>
            <strong>{t('listeningMisuse.decide.failed')}</strong>
            <p>{errorText(error)}</p>
          </div>
        </div>
      ) : null}
      <p>{t(`listeningMisuse.decide.${request.what}.${request.decision}Body`)}</p>
      <TextAreaField
        ref={noteRef}
        id="decision-note"
        label={t(NOTE_TEXTS[request.decision].label)}
        hint={t(NOTE_TEXTS[request.decision].hint)}
        value={note}
        onChange={setNote}
        error={noteError}
        required={confirming}
        maxLength={NOTE_MAX}
        rows={3}
      />
      <div className="form-actions">
        <Button variant="secondary" onPress={close}>
          {t('common.cancel')}
        </Button>
        <Button type="submit" variant={confirming ? 'danger' : 'primary'} isPending={isPending}>
          {t(`listeningMisuse.actions.${request.decision}`)}
        </Button>
      </div>
    </form>
  );
}
