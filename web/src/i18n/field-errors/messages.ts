/** Why the API refused a field, per interface language; nl is the reference type. */
import { en } from './messages/en.js';
import { fr } from './messages/fr.js';
import { nl } from './messages/nl.js';

export type { FieldErrorMessages } from './messages/nl.js';

export const fieldErrorMessages = { nl, fr, en };
