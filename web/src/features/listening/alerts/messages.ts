/** Interface text of this part of listening, per interface language; nl is the reference type. */
const nl = {
  title: 'TODO',
};

export type AlertsMessages = typeof nl;

const fr: AlertsMessages = { title: 'TODO' };
const en: AlertsMessages = { title: 'TODO' };

export const alertsMessages = { nl, fr, en };
