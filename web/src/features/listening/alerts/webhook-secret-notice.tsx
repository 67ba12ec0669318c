import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../../ui/button.js';
import { CopyButton } from '../../settings/components/copy-button.js';

/**
 * The webhook secret the server just generated, shown this once (it is stored sealed and never
 * returned again), with a copy button. Focus moves to it so a screen reader reads it out.
 */
export function WebhookSecretNotice({ ruleName, secret, onDone }: { ruleName: string; secret: string; onDone: () => void }) {
  const { t } = useTranslation();
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    // After the dialog that saved the rule has closed and given focus back to its trigger.
    const timer = window.setTimeout(() => headingRef.current?.focus(), 100);
    return () => window.clearTimeout(timer);
  }, []);
  return (
    <section className="notice notice--success webhook-secret" aria-labelledby="webhook-secret-title">
      <div className="stack">
        <h2 id="webhook-secret-title" ref={headingRef} tabIndex={-1}>
          {t('listeningAlerts.secret.title', { name: ruleName })}
        </h2>
        <p>{t('listeningAlerts.secret.body')}</p>
        <div className="secret-box">
          <span className="visually-hidden">{t('listeningAlerts.secret.label')}: </span>
          <code data-testid="webhook-secret">{secret}</code>
          <CopyButton value={secret} label={t('listeningAlerts.secret.copy')} />
        </div>
        <div>
          <Button variant="secondary" size="small" onPress={onDone}>
            {t('listeningAlerts.secret.done')}
          </Button>
        </div>
      </div>
    </section>
  );
}
