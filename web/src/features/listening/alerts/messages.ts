/** Interface text of this part of listening, per interface language; nl is the reference type. */
import { en } from './messages/en.js';
import { fr } from './messages/fr.js';
import { nl } from './messages/nl.js';

export type { AlertsMessages } from './messages/nl.js';

export const alertsMessages = { nl, fr, en };
