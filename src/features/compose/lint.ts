import type { Language } from '../registry/schema.js';
import {
  type ElectionPeriod,
  activePeriods,
  detectAllCaps,
  detectElectionNames,
  detectEmojiBullets,
  detectHashtagCase,
  detectLongSentences,
  detectMissingAltText,
  detectTooManyHashtags,
  detectTooManyLinks,
} from './lint-rules.js';

/**
 * House-style and accessibility lint for a post, shown while typing and enforced before approval:
 * a finding with severity `block` stops approval. Pure and free of Node APIs, so the compose screen
 * and the server run the same code on the same settings. Each organisation sets each rule to
 * off, warn or block; everything not set falls back to DEFAULT_LINT_SETTINGS.
 */

export { type ElectionPeriod, localIsoDate } from './lint-rules.js';

export const RULE_IDS = [
  'alt_text_missing',
  'hashtag_not_camel_case',
  'too_many_hashtags',
  'too_many_links',
  'long_sentence',
  'all_caps',
  'emoji_bullets',
  'election_period_names',
] as const;
export type RuleId = (typeof RULE_IDS)[number];
export type RuleSetting = 'off' | 'warn' | 'block';
export type Severity = 'warn' | 'block';

export type LintSettings = {
  rules: Partial<Record<RuleId, RuleSetting>>;
  maxHashtags?: number;
  maxLinks?: number;
  maxSentenceWords?: number;
  /** Dates as YYYY-MM-DD in the organisation's time zone, both inclusive. */
  electionPeriods?: ElectionPeriod[];
};
export type ResolvedLintSettings = Required<LintSettings> & { rules: Record<RuleId, RuleSetting> };

/**
 * Missing alt text blocks by default: an image without a description excludes blind people, and
 * public bodies are bound by accessibility law. Names during an election period block by default
 * too: the rule only acts once an organisation has listed names and dates, and the restrictions on
 * government communication before elections are legal, not a matter of taste. The rest warns.
 */
export const DEFAULT_LINT_SETTINGS: ResolvedLintSettings = {
  rules: {
    alt_text_missing: 'block',
    hashtag_not_camel_case: 'warn',
    too_many_hashtags: 'warn',
    too_many_links: 'warn',
    long_sentence: 'warn',
    all_caps: 'warn',
    emoji_bullets: 'warn',
    election_period_names: 'block',
  },
  maxHashtags: 2,
  maxLinks: 1,
  maxSentenceWords: 25,
  electionPeriods: [],
};

export function resolveLintSettings(settings: Partial<LintSettings> = {}): ResolvedLintSettings {
  return {
    rules: { ...DEFAULT_LINT_SETTINGS.rules, ...settings.rules },
    maxHashtags: settings.maxHashtags ?? DEFAULT_LINT_SETTINGS.maxHashtags,
    maxLinks: settings.maxLinks ?? DEFAULT_LINT_SETTINGS.maxLinks,
    maxSentenceWords: settings.maxSentenceWords ?? DEFAULT_LINT_SETTINGS.maxSentenceWords,
    electionPeriods: settings.electionPeriods ?? DEFAULT_LINT_SETTINGS.electionPeriods,
  };
}

export type LocalisedMessage = { nl: string; fr: string; en: string };

export type LintFinding = {
  rule: RuleId;
  severity: Severity;
  message: LocalisedMessage;
  /** UTF-16 offsets (JavaScript string indices) into the text, end exclusive; absent for the whole post. */
  start?: number;
  end?: number;
  /** For alt-text findings: which attachment (0-based). */
  mediaIndex?: number;
};

export type LintInput = {
  text: string;
  media?: readonly { altText?: string | null }[];
  /** Language of the text (abbreviations differ per language when splitting sentences). */
  language: Language;
  /** Today as YYYY-MM-DD in the organisation's time zone (see localIsoDate), or an ISO timestamp. */
  now: string | Date;
  settings?: Partial<LintSettings>;
};

const M = {
  altMissing: (n: number): LocalisedMessage => ({
    nl: `Voeg een alternatieve tekst toe aan afbeelding ${n}, zodat ook blinde en slechtziende mensen weten wat erop staat.`,
    fr: `Ajoutez un texte alternatif à l’image ${n}, pour que les personnes aveugles et malvoyantes sachent aussi ce qu’elle montre.`,
    en: `Add alternative text to image ${n}, so blind and partially sighted people also know what it shows.`,
  }),
  altPlaceholder: (n: number): LocalisedMessage => ({
    nl: `De alternatieve tekst van afbeelding ${n} is een bestandsnaam of een los woord. Beschrijf wat erop staat en waarom het ertoe doet.`,
    fr: `Le texte alternatif de l’image ${n} est un nom de fichier ou un mot isolé. Décrivez ce qu’elle montre et pourquoi c’est important.`,
    en: `The alternative text of image ${n} is a file name or a single placeholder word. Describe what it shows and why it matters.`,
  }),
  hashtagCase: (tag: string): LocalisedMessage => ({
    nl: `Schrijf elk woord in #${tag} met een hoofdletter (zoals #FederaleOverheid), zodat schermlezers de woorden apart voorlezen. Is het één woord, begin dan met een hoofdletter.`,
    fr: `Mettez une majuscule à chaque mot de #${tag} (comme #ServicePublicFederal), pour que les lecteurs d’écran lisent les mots séparément. S’il s’agit d’un seul mot, commencez par une majuscule.`,
    en: `Capitalise each word in #${tag} (like #FederalGovernment) so screen readers read the words separately. If it is one word, start it with a capital.`,
  }),
  tooManyHashtags: (count: number, max: number): LocalisedMessage => ({
    nl: `Dit bericht heeft ${count} hashtags. Gebruik er hoogstens ${max}: elke hashtag wordt voorgelezen en maakt de tekst moeilijker te volgen.`,
    fr: `Cette publication contient ${count} hashtags. Utilisez-en ${max} au maximum : chaque hashtag est lu à voix haute et rend le texte plus difficile à suivre.`,
    en: `This post has ${count} hashtags. Use at most ${max}: every hashtag is read aloud and makes the text harder to follow.`,
  }),
  tooManyLinks: (count: number, max: number): LocalisedMessage => ({
    nl: `Dit bericht bevat ${count} links. Beperk je tot ${max}, zodat duidelijk is waar je lezers naartoe moeten.`,
    fr: `Cette publication contient ${count} liens. Limitez-vous à ${max}, pour que vos lecteurs sachent clairement où aller.`,
    en: `This post contains ${count} links. Keep it to ${max}, so readers know where to go.`,
  }),
  longSentence: (words: number, max: number): LocalisedMessage => ({
    nl: `Deze zin telt ${words} woorden. Houd zinnen onder ${max + 1} woorden: korte zinnen zijn voor iedereen makkelijker te lezen.`,
    fr: `Cette phrase compte ${words} mots. Gardez vos phrases sous les ${max + 1} mots : des phrases courtes sont plus faciles à lire pour tout le monde.`,
    en: `This sentence has ${words} words. Keep sentences under ${max + 1} words: short sentences are easier for everyone to read.`,
  }),
  allCaps: (): LocalisedMessage => ({
    nl: 'Vermijd tekst in hoofdletters: die leest moeilijker en sommige schermlezers spellen hem letter per letter. Wil je iets benadrukken, zeg het dan in een duidelijke zin.',
    fr: 'Évitez le texte en majuscules : il est plus difficile à lire et certains lecteurs d’écran l’épellent lettre par lettre. Pour insister, préférez une phrase claire.',
    en: 'Avoid text in capitals: it is harder to read and some screen readers spell it out letter by letter. Use a clear sentence to stress a point.',
  }),
  emojiBullets: (): LocalisedMessage => ({
    nl: 'Gebruik geen emoji als opsommingsteken: schermlezers lezen bij elke regel de naam van de emoji voor. Gebruik een streepje of schrijf de opsomming uit.',
    fr: 'N’utilisez pas d’emoji comme puces : les lecteurs d’écran lisent le nom de l’emoji à chaque ligne. Utilisez un tiret ou rédigez l’énumération.',
    en: 'Do not use emoji as bullets: screen readers read the emoji’s name at every line. Use a dash or write the list out.',
  }),
  electionName: (name: string): LocalisedMessage => ({
    nl: `Het is verkiezingsperiode (sperperiode): vermeld ‘${name}’ niet in communicatie van de organisatie.`,
    fr: `Nous sommes en période électorale : ne mentionnez pas « ${name} » dans la communication de l’organisation.`,
    en: `This is an election period: do not mention ‘${name}’ in the organisation’s communication.`,
  }),
};

export function lintText(input: LintInput): LintFinding[] {
  const settings = resolveLintSettings(input.settings);
  const { text } = input;
  const findings: LintFinding[] = [];
  const on = (rule: RuleId) => settings.rules[rule] !== 'off';
  const add = (rule: RuleId, message: LocalisedMessage, where: { start?: number; end?: number; mediaIndex?: number } = {}) => {
    const severity = settings.rules[rule];
    if (severity !== 'off') findings.push({ rule, severity, message, ...where });
  };

  if (on('alt_text_missing')) {
    for (const { mediaIndex, placeholder } of detectMissingAltText(input.media ?? [])) {
      add('alt_text_missing', placeholder ? M.altPlaceholder(mediaIndex + 1) : M.altMissing(mediaIndex + 1), { mediaIndex });
    }
  }
  if (on('hashtag_not_camel_case')) {
    for (const { start, end, tag } of detectHashtagCase(text)) add('hashtag_not_camel_case', M.hashtagCase(tag), { start, end });
  }
  if (on('too_many_hashtags')) {
    const hit = detectTooManyHashtags(text, settings.maxHashtags);
    if (hit) add('too_many_hashtags', M.tooManyHashtags(hit.count, settings.maxHashtags), { start: hit.start, end: hit.end });
  }
  if (on('too_many_links')) {
    const hit = detectTooManyLinks(text, settings.maxLinks);
    if (hit) add('too_many_links', M.tooManyLinks(hit.count, settings.maxLinks), { start: hit.start, end: hit.end });
  }
  if (on('long_sentence')) {
    for (const { start, end, words } of detectLongSentences(text, input.language, settings.maxSentenceWords)) {
      add('long_sentence', M.longSentence(words, settings.maxSentenceWords), { start, end });
    }
  }
  if (on('all_caps')) {
    for (const span of detectAllCaps(text)) add('all_caps', M.allCaps(), span);
  }
  if (on('emoji_bullets')) {
    for (const span of detectEmojiBullets(text)) add('emoji_bullets', M.emojiBullets(), span);
  }
  if (on('election_period_names')) {
    const today = typeof input.now === 'string' ? input.now : input.now.toISOString();
    const names = activePeriods(settings.electionPeriods, today).flatMap((period) => period.names);
    for (const { start, end, name } of detectElectionNames(text, names)) add('election_period_names', M.electionName(name), { start, end });
  }
  return findings.sort((a, b) => (a.start ?? -1) - (b.start ?? -1));
}

/** True when a finding stops approval. */
export function hasBlockingFindings(findings: readonly LintFinding[]): boolean {
  return findings.some((finding) => finding.severity === 'block');
}
