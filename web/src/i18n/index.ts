import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { UI_LOCALES, type UiLocale } from '../api/types.js';
import { en } from './locales/en.js';
import { fr } from './locales/fr.js';
import { nl } from './locales/nl.js';

/** Where the chosen interface language is remembered (tests set it too). */
export const LANG_STORAGE_KEY = 'kanaal.lang';
export const DEFAULT_LOCALE: UiLocale = 'nl';

export function isUiLocale(value: unknown): value is UiLocale {
  return typeof value === 'string' && (UI_LOCALES as readonly string[]).includes(value);
}

function readStored(): UiLocale | null {
  try {
    const stored = localStorage.getItem(LANG_STORAGE_KEY);
    return isUiLocale(stored) ? stored : null;
  } catch {
    return null;
  }
}

function store(locale: UiLocale): void {
  try {
    localStorage.setItem(LANG_STORAGE_KEY, locale);
  } catch {
    // Private mode or storage disabled: the choice lasts for this page only.
  }
}

/** `?lang=` on any URL wins (and is remembered), then the remembered choice, then Dutch. */
function initialLocale(): UiLocale {
  const fromUrl = new URLSearchParams(window.location.search).get('lang');
  if (isUiLocale(fromUrl)) {
    store(fromUrl);
    return fromUrl;
  }
  return readStored() ?? DEFAULT_LOCALE;
}

/** True when the person picked a language on this device (then it wins over the account's setting). */
export function hasChosenLocale(): boolean {
  return readStored() !== null;
}

export function currentLocale(): UiLocale {
  return isUiLocale(i18next.resolvedLanguage) ? i18next.resolvedLanguage : DEFAULT_LOCALE;
}

/** Switches the interface language, updates `<html lang>` and, unless told otherwise, remembers it. */
export async function changeLocale(locale: UiLocale, options: { remember?: boolean } = {}): Promise<void> {
  if (options.remember !== false) store(locale);
  await i18next.changeLanguage(locale);
}

i18next.on('languageChanged', (language) => {
  document.documentElement.lang = language;
});

void i18next.use(initReactI18next).init({
  resources: { nl: { translation: nl }, fr: { translation: fr }, en: { translation: en } },
  lng: initialLocale(),
  fallbackLng: DEFAULT_LOCALE,
  supportedLngs: [...UI_LOCALES],
  interpolation: { escapeValue: false },
  returnNull: false,
  initAsync: false,
  showSupportNotice: false,
});
document.documentElement.lang = currentLocale();

export { i18next };
