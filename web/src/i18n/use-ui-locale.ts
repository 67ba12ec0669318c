import { useTranslation } from 'react-i18next';
import type { UiLocale } from '../api/types.js';
import { currentLocale } from './index.js';

/** currentLocale, for components: useTranslation renders them again when the language changes. */
export function useUiLocale(): UiLocale {
  useTranslation();
  return currentLocale();
}
