import 'i18next';
import type { Messages } from './locales/nl.js';

// Typed translation keys: a missing or misspelt key is a compile error.
declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: Messages };
  }
}
