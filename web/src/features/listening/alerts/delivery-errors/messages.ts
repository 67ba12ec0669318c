/** Why an alert delivery failed, per interface language; nl is the reference type. */
import { en } from './messages/en.js';
import { fr } from './messages/fr.js';
import { nl } from './messages/nl.js';

export type { DeliveryErrorMessages } from './messages/nl.js';

export const deliveryErrorMessages = { nl, fr, en };
