import { useTranslation } from 'react-i18next';
import { UI_LOCALES, type UiLocale } from '../api/types.js';
import { useLanguage } from './use-language.js';

const NAMES: Record<UiLocale, string> = { nl: 'Nederlands', fr: 'Français', en: 'English' };

/**
 * NL / FR / EN as toggle buttons. Each button is named in its own language ("Français"), carries its
 * `lang`, and says whether it is the current one (aria-pressed).
 */
export function LanguageSwitch({ tone = 'dark' }: { tone?: 'dark' | 'light' }) {
  const { t } = useTranslation();
  const { locale, setLocale } = useLanguage();
  return (
    // biome-ignore lint/a11y/useSemanticElements: a group of toggle buttons, not a form fieldset
    <div role="group" aria-label={t('language.label')} className={`lang-switch${tone === 'light' ? ' lang-switch--light' : ''}`}>
      {UI_LOCALES.map((code) => (
        <button
          key={code}
          type="button"
          lang={code}
          aria-pressed={locale === code}
          aria-label={`${NAMES[code]} (${code.toUpperCase()})`}
          onClick={() => setLocale(code)}
        >
          {code.toUpperCase()}
        </button>
      ))}
    </div>
  );
}
