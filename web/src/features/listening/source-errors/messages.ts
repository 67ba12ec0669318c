/** Why a listening source failed, per interface language; nl is the reference type. */
import { en } from './messages/en.js';
import { fr } from './messages/fr.js';
import { nl } from './messages/nl.js';

export type { SourceErrorMessages } from './messages/nl.js';

export const sourceErrorMessages = { nl, fr, en };
