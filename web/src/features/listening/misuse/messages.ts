/** Interface text of this part of listening, per interface language; nl is the reference type. */
const nl = {
  title: 'TODO',
};

export type MisuseMessages = typeof nl;

const fr: MisuseMessages = { title: 'TODO' };
const en: MisuseMessages = { title: 'TODO' };

export const misuseMessages = { nl, fr, en };
