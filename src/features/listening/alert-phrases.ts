import type { Language } from '../registry/schema.js';
import type { AlertMode, AlertTrigger, SpikeNumbers } from './alert-schema.js';

/** The sentences of alert messages in Dutch, French and English (German organisations get English). */

export type AlertLanguage = 'nl' | 'fr' | 'en';

export function alertLanguageOf(language: Language | string | null | undefined): AlertLanguage {
  return language === 'nl' || language === 'fr' ? language : 'en';
}

type IntroInput = {
  watchlist: string;
  rule: string;
  n: number;
  from: string;
  to: string;
  spike: SpikeNumbers | null;
  formatDate: (d: Date) => string;
};

export type Phrases = {
  formatDate(d: Date, timeZone: string): string;
  formatNumber(n: number): string;
  subject(trigger: AlertTrigger, mode: AlertMode, v: { watchlist: string; n: number; spike: SpikeNumbers | null }): string;
  intro(trigger: AlertTrigger, v: IntroInput): string;
  by(author: string): string;
  more(k: number, link: string): string;
  footer(rule: string, organisation: string, link: string): string;
  openInKanaal: string;
  original: string;
};

type Words = {
  locale: string;
  match: (w: string) => string;
  burst: (w: string, n: string) => string;
  hourly: (w: string, n: string) => string;
  daily: (w: string, n: string) => string;
  spike: (w: string, n: string, minutes: string) => string;
  test: (w: string) => string;
  introMatch: (w: string) => string;
  introBurst: (w: string, n: string) => string;
  introDigest: (w: string, n: string, from: string, to: string) => string;
  introSpike: (w: string, n: string, minutes: string, from: string, to: string) => string;
  usual: (baseline: string, minutes: string, from: string, to: string, factor: string, min: string) => string;
  ratio: (ratio: string) => string;
  noHistory: (min: string) => string;
  introTest: (rule: string) => string;
  by: (a: string) => string;
  more: (k: string, link: string) => string;
  footer: (rule: string, org: string, link: string) => string;
  openInKanaal: string;
  original: string;
};

const WORDS: Record<AlertLanguage, Words> = {
  en: {
    locale: 'en-GB',
    match: (w) => `[Kanaal] ${w}: new mention`,
    burst: (w, n) => `[Kanaal] ${w}: ${n} new mentions`,
    hourly: (w, n) => `[Kanaal] ${w}: hourly digest, ${n} mentions`,
    daily: (w, n) => `[Kanaal] ${w}: daily digest, ${n} mentions`,
    spike: (w, n, m) => `[Kanaal] ${w}: spike, ${n} mentions in ${m} minutes`,
    test: (w) => `[Kanaal] Test alert for ${w}`,
    introMatch: (w) => `A new mention matches the watchlist “${w}”.`,
    introBurst: (w, n) =>
      `${n} new mentions match the watchlist “${w}”. More than 20 arrived within a minute, so they come together in one message.`,
    introDigest: (w, n, from, to) => `${n} mentions matched the watchlist “${w}” between ${from} and ${to}.`,
    introSpike: (w, n, m, from, to) => `${n} mentions matched the watchlist “${w}” in the last ${m} minutes (${from} – ${to}).`,
    usual: (b, m, from, to, f, min) =>
      `Usually there are ${b} per ${m} minutes (average from ${from} to ${to}); this rule alerts from ${f} times that, with at least ${min} mentions.`,
    ratio: (r) => `That is ${r} times the usual.`,
    noHistory: (min) => `There is no earlier activity to compare with, so the minimum of ${min} mentions decided.`,
    introTest: (rule) => `This is a test of the alert rule “${rule}”. It shows what an alert looks like; nothing new has happened.`,
    by: (a) => `by ${a}`,
    more: (k, link) => `…and ${k} more. See them all: ${link}`,
    footer: (rule, org, link) => `You receive this because the alert rule “${rule}” of ${org} sends it to you. Change or stop it: ${link}`,
    openInKanaal: 'Open in Kanaal',
    original: 'Original',
  },
  nl: {
    locale: 'nl-BE',
    match: (w) => `[Kanaal] ${w}: nieuwe vermelding`,
    burst: (w, n) => `[Kanaal] ${w}: ${n} nieuwe vermeldingen`,
    hourly: (w, n) => `[Kanaal] ${w}: overzicht van het voorbije uur, ${n} vermeldingen`,
    daily: (w, n) => `[Kanaal] ${w}: dagoverzicht, ${n} vermeldingen`,
    spike: (w, n, m) => `[Kanaal] ${w}: piek, ${n} vermeldingen in ${m} minuten`,
    test: (w) => `[Kanaal] Testmelding voor ${w}`,
    introMatch: (w) => `Een nieuwe vermelding past bij de volglijst “${w}”.`,
    introBurst: (w, n) =>
      `${n} nieuwe vermeldingen passen bij de volglijst “${w}”. Er kwamen er meer dan 20 binnen één minuut, daarom komen ze samen in één bericht.`,
    introDigest: (w, n, from, to) => `${n} vermeldingen pasten tussen ${from} en ${to} bij de volglijst “${w}”.`,
    introSpike: (w, n, m, from, to) => `${n} vermeldingen pasten de voorbije ${m} minuten bij de volglijst “${w}” (${from} – ${to}).`,
    usual: (b, m, from, to, f, min) =>
      `Gewoonlijk zijn het er ${b} per ${m} minuten (gemiddelde van ${from} tot ${to}); deze regel meldt vanaf ${f} keer zoveel, met minstens ${min} vermeldingen.`,
    ratio: (r) => `Dat is ${r} keer zoveel als gewoonlijk.`,
    noHistory: (min) => `Er is geen eerdere activiteit om mee te vergelijken, dus besliste het minimum van ${min} vermeldingen.`,
    introTest: (rule) => `Dit is een test van de meldingsregel “${rule}”. Zo ziet een melding eruit; er is niets nieuws gebeurd.`,
    by: (a) => `door ${a}`,
    more: (k, link) => `…en nog ${k}. Bekijk ze allemaal: ${link}`,
    footer: (rule, org, link) =>
      `Je ontvangt dit omdat de meldingsregel “${rule}” van ${org} het naar jou stuurt. Wijzigen of stoppen: ${link}`,
    openInKanaal: 'Openen in Kanaal',
    original: 'Origineel',
  },
  fr: {
    locale: 'fr-BE',
    match: (w) => `[Kanaal] ${w} : nouvelle mention`,
    burst: (w, n) => `[Kanaal] ${w} : ${n} nouvelles mentions`,
    hourly: (w, n) => `[Kanaal] ${w} : résumé de la dernière heure, ${n} mentions`,
    daily: (w, n) => `[Kanaal] ${w} : résumé du jour, ${n} mentions`,
    spike: (w, n, m) => `[Kanaal] ${w} : pic, ${n} mentions en ${m} minutes`,
    test: (w) => `[Kanaal] Alerte de test pour ${w}`,
    introMatch: (w) => `Une nouvelle mention correspond à la liste de veille « ${w} ».`,
    introBurst: (w, n) =>
      `${n} nouvelles mentions correspondent à la liste de veille « ${w} ». Plus de 20 sont arrivées en une minute : elles sont regroupées dans un seul message.`,
    introDigest: (w, n, from, to) => `${n} mentions ont correspondu à la liste de veille « ${w} » entre ${from} et ${to}.`,
    introSpike: (w, n, m, from, to) =>
      `${n} mentions ont correspondu à la liste de veille « ${w} » ces ${m} dernières minutes (${from} – ${to}).`,
    usual: (b, m, from, to, f, min) =>
      `D’habitude, il y en a ${b} par ${m} minutes (moyenne du ${from} au ${to}) ; cette règle alerte à partir de ${f} fois plus, avec au moins ${min} mentions.`,
    ratio: (r) => `C’est ${r} fois plus que d’habitude.`,
    noHistory: (min) => `Il n’y a pas d’activité antérieure à comparer : le minimum de ${min} mentions a décidé.`,
    introTest: (rule) =>
      `Ceci est un test de la règle d’alerte « ${rule} ». Voici à quoi ressemble une alerte ; rien de nouveau ne s’est produit.`,
    by: (a) => `par ${a}`,
    more: (k, link) => `…et ${k} de plus. Tout voir : ${link}`,
    footer: (rule, org, link) =>
      `Vous recevez ceci parce que la règle d’alerte « ${rule} » de ${org} vous l’envoie. La modifier ou l’arrêter : ${link}`,
    openInKanaal: 'Ouvrir dans Kanaal',
    original: 'Original',
  },
};

export function phrases(language: AlertLanguage): Phrases {
  const w = WORDS[language];
  const number = new Intl.NumberFormat(w.locale, { maximumFractionDigits: 2 });
  const n = (value: number) => number.format(value);
  return {
    formatDate: (d, timeZone) => new Intl.DateTimeFormat(w.locale, { timeZone, dateStyle: 'medium', timeStyle: 'short' }).format(d),
    formatNumber: n,
    subject(trigger, mode, v) {
      if (trigger === 'match') return w.match(v.watchlist);
      if (trigger === 'burst') return w.burst(v.watchlist, n(v.n));
      if (trigger === 'digest') return mode === 'digest_daily' ? w.daily(v.watchlist, n(v.n)) : w.hourly(v.watchlist, n(v.n));
      if (trigger === 'spike') return w.spike(v.watchlist, n(v.n), n(v.spike?.windowMinutes ?? 60));
      return w.test(v.watchlist);
    },
    intro(trigger, v) {
      if (trigger === 'match') return w.introMatch(v.watchlist);
      if (trigger === 'burst') return w.introBurst(v.watchlist, n(v.n));
      if (trigger === 'digest') return w.introDigest(v.watchlist, n(v.n), v.from, v.to);
      if (trigger === 'spike' && v.spike) {
        const s = v.spike;
        const minutes = n(s.windowMinutes);
        const head = w.introSpike(
          v.watchlist,
          n(s.count),
          minutes,
          v.formatDate(new Date(s.windowFrom)),
          v.formatDate(new Date(s.windowTo)),
        );
        if (s.baseline === 0) return `${head} ${w.noHistory(n(s.minimumCount))}`;
        const usual = w.usual(
          n(s.baseline),
          minutes,
          v.formatDate(new Date(s.baselineFrom)),
          v.formatDate(new Date(s.baselineTo)),
          n(s.factor),
          n(s.minimumCount),
        );
        return `${head} ${usual} ${s.ratio === null ? '' : w.ratio(n(s.ratio))}`.trim();
      }
      return w.introTest(v.rule);
    },
    by: w.by,
    more: (k, link) => w.more(n(k), link),
    footer: w.footer,
    openInKanaal: w.openInKanaal,
    original: w.original,
  };
}
