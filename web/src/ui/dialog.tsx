import type { ReactNode } from 'react';
import { Dialog, Heading, Modal, ModalOverlay } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { Button } from './button.js';

type ModalDialogProps = {
  isOpen: boolean;
  onOpenChange: (isOpen: boolean) => void;
  title: ReactNode;
  children: ReactNode | ((close: () => void) => ReactNode);
  size?: 'narrow' | 'wide';
  role?: 'dialog' | 'alertdialog';
  /** Clicking outside closes the dialog (off for forms, so typing is never lost by a stray click). */
  isDismissable?: boolean;
};

/** A modal dialog: focus is trapped inside, Escape closes it, focus returns to the trigger. */
export function ModalDialog({ isOpen, onOpenChange, title, children, size, role = 'dialog', isDismissable = false }: ModalDialogProps) {
  const { t } = useTranslation();
  return (
    <ModalOverlay isOpen={isOpen} onOpenChange={onOpenChange} isDismissable={isDismissable} className="modal-overlay">
      <Modal className={['modal', size ? `modal--${size}` : ''].filter(Boolean).join(' ')}>
        <Dialog className="dialog" role={role}>
          {({ close }) => (
            <>
              <div className="dialog-header">
                <Heading slot="title">{title}</Heading>
                <Button variant="ghost" size="small" onPress={close} aria-label={t('common.close')}>
                  <span aria-hidden="true">✕</span>
                </Button>
              </div>
              {typeof children === 'function' ? children(close) : children}
            </>
          )}
        </Dialog>
      </Modal>
    </ModalOverlay>
  );
}

type ConfirmDialogProps = {
  isOpen: boolean;
  onOpenChange: (isOpen: boolean) => void;
  title: ReactNode;
  children: ReactNode;
  confirmLabel: string;
  onConfirm: () => void;
  isPending?: boolean;
  /** Shown inside the dialog when the action failed, so the person can read why and retry or cancel. */
  error?: ReactNode;
  tone?: 'danger' | 'primary';
};

/** Asks before something that cannot be undone. */
export function ConfirmDialog({
  isOpen,
  onOpenChange,
  title,
  children,
  confirmLabel,
  onConfirm,
  isPending,
  error,
  tone = 'danger',
}: ConfirmDialogProps) {
  const { t } = useTranslation();
  return (
    <ModalDialog isOpen={isOpen} onOpenChange={onOpenChange} title={title} size="narrow" role="alertdialog">
      {(close) => (
        <div className="stack">
          <div>{children}</div>
          {error}
          <div className="form-actions">
            <Button variant="secondary" onPress={close}>
              {t('common.cancel')}
            </Button>
            <Button variant={tone} onPress={onConfirm} isPending={isPending}>
              {confirmLabel}
            </Button>
          </div>
        </div>
      )}
    </ModalDialog>
  );
}
