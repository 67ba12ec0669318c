import { createContext, type ReactNode, useCallback, useContext, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

type Tone = 'success' | 'info' | 'danger';
type Toast = { id: number; message: string; tone: Tone };
type ToastApi = { show: (message: string, tone?: Tone) => void };

const ToastContext = createContext<ToastApi>({ show: () => undefined });

const VISIBLE_MS = 6000;

/**
 * Short confirmations ("Channel saved"). They are read out through a polite live region that exists
 * from the first render, so screen readers announce each new message.
 */
export function ToastProvider({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const [toasts, setToasts] = useState<Toast[]>([]);
  const nextId = useRef(1);

  const dismiss = useCallback((id: number) => setToasts((all) => all.filter((toast) => toast.id !== id)), []);
  const show = useCallback(
    (message: string, tone: Tone = 'success') => {
      const id = nextId.current++;
      setToasts((all) => [...all.slice(-3), { id, message, tone }]);
      window.setTimeout(() => dismiss(id), tone === 'danger' ? VISIBLE_MS * 2 : VISIBLE_MS);
    },
    [dismiss],
  );
  const api = useMemo(() => ({ show }), [show]);

  return (
    <ToastContext.Provider value={api}>
      {children}
      <section className="toast-region" aria-label={t('common.notifications')}>
        <div role="status" aria-live="polite" aria-atomic="false" className="toast-list">
          {toasts.map((toast) => (
            <div key={toast.id} className={`toast toast--${toast.tone}`}>
              <p>{toast.message}</p>
              <button type="button" className="toast-close" onClick={() => dismiss(toast.id)} aria-label={t('common.dismiss')}>
                <span aria-hidden="true">×</span>
              </button>
            </div>
          ))}
        </div>
      </section>
    </ToastContext.Provider>
  );
}

export function useToast(): ToastApi {
  return useContext(ToastContext);
}
