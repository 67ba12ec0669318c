/** Why the last call with a channel's account failed, per interface language; nl is the reference type. */
import { en } from './messages/en.js';
import { fr } from './messages/fr.js';
import { nl } from './messages/nl.js';

export type { ConnectionErrorMessages } from './messages/nl.js';

export const connectionErrorMessages = { nl, fr, en };
