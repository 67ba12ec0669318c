import type { Language } from '../registry/schema.js';

/** The e-mail telling approvers a post waits for them, in the organisation's default language. */
export function reviewNotice(language: Language, p: { title: string; organisation: string; step: string; link: string; author: string }) {
  const title = p.title.trim() === '' ? '—' : p.title;
  const texts: Record<Language, { subject: string; text: string }> = {
    nl: {
      subject: `Ter goedkeuring: ${title}`,
      text: `${p.author} vraagt uw goedkeuring voor een bericht van ${p.organisation} (stap: ${p.step}).\n\nBekijk het en keur het goed of af:\n${p.link}\n`,
    },
    fr: {
      subject: `À approuver : ${title}`,
      text: `${p.author} demande votre approbation pour une publication de ${p.organisation} (étape : ${p.step}).\n\nConsultez-la, puis approuvez-la ou refusez-la :\n${p.link}\n`,
    },
    de: {
      subject: `Zur Freigabe: ${title}`,
      text: `${p.author} bittet um Ihre Freigabe für einen Beitrag von ${p.organisation} (Schritt: ${p.step}).\n\nSehen Sie ihn an und geben Sie ihn frei oder lehnen Sie ihn ab:\n${p.link}\n`,
    },
    en: {
      subject: `For approval: ${title}`,
      text: `${p.author} asks for your approval of a post by ${p.organisation} (step: ${p.step}).\n\nReview it, then approve or reject it:\n${p.link}\n`,
    },
  };
  return texts[language];
}
