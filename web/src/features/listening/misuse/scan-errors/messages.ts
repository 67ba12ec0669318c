/** Why an impersonation scan could not search for a channel, per interface language; nl is the reference type. */
import { en } from './messages/en.js';
import { fr } from './messages/fr.js';
import { nl } from './messages/nl.js';

export type { ScanErrorMessages } from './messages/nl.js';

export const scanErrorMessages = { nl, fr, en };
