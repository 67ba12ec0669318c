/** Interface text of misuse detection and a mention's own page, per interface language; nl is the reference type. */
import { en } from './messages/en.js';
import { fr } from './messages/fr.js';
import { nl } from './messages/nl.js';

export type { MisuseMessages } from './messages/nl.js';

export const misuseMessages = { nl, fr, en };
