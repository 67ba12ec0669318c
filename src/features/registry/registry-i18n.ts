import type { ChannelStatus, FollowerUnit, Language, LocalisedNames, Network, Visibility } from './schema.js';

/** The languages of Kanaal's own pages (content may also be German). */
export const UI_LANGS = ['nl', 'fr', 'en'] as const;
export type UiLang = (typeof UI_LANGS)[number];
type Texts<T extends string> = Record<UiLang, Record<T, string>>;

const INTL_LOCALE: Record<UiLang, string> = { nl: 'nl-BE', fr: 'fr-BE', en: 'en-GB' };

/** `?lang=` when valid, else the best match in Accept-Language, else Dutch. */
export function pickLang(requested: string | undefined, acceptLanguage: string | undefined): UiLang {
  if (requested && (UI_LANGS as readonly string[]).includes(requested)) return requested as UiLang;
  for (const part of (acceptLanguage ?? '').split(',')) {
    const code = part.trim().slice(0, 2).toLowerCase();
    if ((UI_LANGS as readonly string[]).includes(code)) return code as UiLang;
  }
  return 'nl';
}

/** An organisation's or audience's name in `lang`, falling back to its main name. */
export function localName(names: LocalisedNames, name: string, lang: UiLang): string {
  return names[lang]?.trim() || name;
}

export function formatNumber(value: number, lang: UiLang): string {
  return new Intl.NumberFormat(INTL_LOCALE[lang]).format(value);
}
/** A `YYYY-MM-DD` date as people write it in `lang` ("3 maart 2025"). */
export function formatDate(isoDate: string, lang: UiLang): string {
  return new Intl.DateTimeFormat(INTL_LOCALE[lang], { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${isoDate}T00:00:00Z`));
}
export function formatDateTime(at: Date, lang: UiLang, timeZone: string): string {
  return new Intl.DateTimeFormat(INTL_LOCALE[lang], { dateStyle: 'long', timeStyle: 'short', timeZone }).format(at);
}

export const NETWORK_LABELS: Record<Network, Record<UiLang, string>> = {
  mastodon: { nl: 'Mastodon', fr: 'Mastodon', en: 'Mastodon' },
  bluesky: { nl: 'Bluesky', fr: 'Bluesky', en: 'Bluesky' },
  x: { nl: 'X (Twitter)', fr: 'X (Twitter)', en: 'X (Twitter)' },
  facebook: { nl: 'Facebook', fr: 'Facebook', en: 'Facebook' },
  instagram: { nl: 'Instagram', fr: 'Instagram', en: 'Instagram' },
  threads: { nl: 'Threads', fr: 'Threads', en: 'Threads' },
  linkedin: { nl: 'LinkedIn', fr: 'LinkedIn', en: 'LinkedIn' },
  youtube: { nl: 'YouTube', fr: 'YouTube', en: 'YouTube' },
  viva_engage: { nl: 'Viva Engage', fr: 'Viva Engage', en: 'Viva Engage' },
  website: { nl: 'Website', fr: 'Site web', en: 'Website' },
  other: { nl: 'Ander kanaal', fr: 'Autre canal', en: 'Other channel' },
};

export const LANGUAGE_LABELS: Record<Language, Record<UiLang, string>> = {
  nl: { nl: 'Nederlands', fr: 'néerlandais', en: 'Dutch' },
  fr: { nl: 'Frans', fr: 'français', en: 'French' },
  de: { nl: 'Duits', fr: 'allemand', en: 'German' },
  en: { nl: 'Engels', fr: 'anglais', en: 'English' },
};

export const UNIT_LABELS: Record<FollowerUnit, Record<UiLang, string>> = {
  followers: { nl: 'volgers', fr: 'abonnés', en: 'followers' },
  fans: { nl: 'fans', fr: 'fans', en: 'fans' },
  members: { nl: 'leden', fr: 'membres', en: 'members' },
  subscribers: { nl: 'abonnees', fr: 'abonnés', en: 'subscribers' },
  videos: { nl: "video's", fr: 'vidéos', en: 'videos' },
};

export const STATUS_LABELS: Record<ChannelStatus, Record<UiLang, string>> = {
  active: { nl: 'actief', fr: 'actif', en: 'active' },
  dormant: { nl: 'slapend', fr: 'en veille', en: 'dormant' },
  archived: { nl: 'gearchiveerd', fr: 'archivé', en: 'archived' },
};
export const VISIBILITY_LABELS: Record<Visibility, Record<UiLang, string>> = {
  public: { nl: 'publiek', fr: 'public', en: 'public' },
  internal: { nl: 'intern', fr: 'interne', en: 'internal' },
};

// ─── CSV columns ────────────────────────────────────────────────────────────

/** The channel CSV columns, in export order; the import also reads the localised headers below. */
export const CSV_COLUMNS = [
  'organisation',
  'network',
  'handle',
  'display_name',
  'profile_url',
  'languages',
  'audiences',
  'purpose',
  'visibility',
  'owner_team',
  'status',
  'follower_count',
  'follower_unit',
  'followers_measured_on',
] as const;
export type CsvColumn = (typeof CSV_COLUMNS)[number];

export const CSV_HEADERS: Texts<CsvColumn> = {
  nl: {
    organisation: 'Organisatie',
    network: 'Netwerk',
    handle: 'Account',
    display_name: 'Weergavenaam',
    profile_url: 'Profiel-URL',
    languages: 'Talen',
    audiences: 'Doelgroepen',
    purpose: 'Doel',
    visibility: 'Zichtbaarheid',
    owner_team: 'Team',
    status: 'Status',
    follower_count: 'Volgers',
    follower_unit: 'Eenheid',
    followers_measured_on: 'Gemeten op',
  },
  fr: {
    organisation: 'Organisation',
    network: 'Réseau',
    handle: 'Compte',
    display_name: "Nom d'affichage",
    profile_url: 'URL du profil',
    languages: 'Langues',
    audiences: 'Publics',
    purpose: 'Objectif',
    visibility: 'Visibilité',
    owner_team: 'Équipe',
    status: 'Statut',
    follower_count: 'Abonnés',
    follower_unit: 'Unité',
    followers_measured_on: 'Mesuré le',
  },
  en: {
    organisation: 'Organisation',
    network: 'Network',
    handle: 'Handle',
    display_name: 'Display name',
    profile_url: 'Profile URL',
    languages: 'Languages',
    audiences: 'Audiences',
    purpose: 'Purpose',
    visibility: 'Visibility',
    owner_team: 'Owner team',
    status: 'Status',
    follower_count: 'Followers',
    follower_unit: 'Unit',
    followers_measured_on: 'Measured on',
  },
};

/** Lowercase, accents and punctuation folded: "Réseau" → "reseau", "Profiel-URL" → "profiel_url". */
export function foldKey(value: string): string {
  return value
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

const EXTRA_HEADER_ALIASES: Record<string, CsvColumn> = {
  organisatie: 'organisation',
  organization: 'organisation',
  org: 'organisation',
  netwerk: 'network',
  reseau: 'network',
  gebruikersnaam: 'handle',
  identifiant: 'handle',
  naam: 'display_name',
  nom: 'display_name',
  url: 'profile_url',
  profiel_url: 'profile_url',
  url_profil: 'profile_url',
  talen: 'languages',
  langues: 'languages',
  taal: 'languages',
  doelgroepen: 'audiences',
  publics: 'audiences',
  publics_cibles: 'audiences',
  doel: 'purpose',
  objectif: 'purpose',
  zichtbaarheid: 'visibility',
  visibilite: 'visibility',
  team: 'owner_team',
  equipe: 'owner_team',
  statut: 'status',
  volgers: 'follower_count',
  aantal_volgers: 'follower_count',
  abonnes: 'follower_count',
  followers: 'follower_count',
  eenheid: 'follower_unit',
  unite: 'follower_unit',
  gemeten_op: 'followers_measured_on',
  mesure_le: 'followers_measured_on',
  date_de_mesure: 'followers_measured_on',
};

const HEADER_ALIASES: Map<string, CsvColumn> = new Map([
  ...CSV_COLUMNS.map((c) => [c, c] as const),
  ...UI_LANGS.flatMap((lang) => CSV_COLUMNS.map((c) => [foldKey(CSV_HEADERS[lang][c]), c] as const)),
  ...Object.entries(EXTRA_HEADER_ALIASES),
]);

/** The column a CSV header names, in any of the three languages; undefined when unknown. */
export function columnForHeader(header: string): CsvColumn | undefined {
  return HEADER_ALIASES.get(foldKey(header));
}

/** Localised values people type in a spreadsheet, folded, mapped to the stored codes. */
export const VALUE_ALIASES: {
  visibility: Record<string, Visibility>;
  status: Record<string, ChannelStatus>;
  follower_unit: Record<string, FollowerUnit>;
  network: Record<string, Network>;
} = {
  visibility: { publiek: 'public', openbaar: 'public', intern: 'internal', interne: 'internal' },
  status: {
    actief: 'active',
    actif: 'active',
    slapend: 'dormant',
    inactief: 'dormant',
    en_veille: 'dormant',
    gearchiveerd: 'archived',
    archive: 'archived',
  },
  follower_unit: {
    volgers: 'followers',
    abonnes: 'followers',
    leden: 'members',
    membres: 'members',
    abonnees: 'subscribers',
    video_s: 'videos',
  },
  network: {
    twitter: 'x',
    x_twitter: 'x',
    site_web: 'website',
    site: 'website',
    web: 'website',
    vivaengage: 'viva_engage',
    yammer: 'viva_engage',
    ander: 'other',
    autre: 'other',
  },
};

// ─── Page texts ─────────────────────────────────────────────────────────────

export const DIRECTORY_TEXT: Texts<
  | 'title'
  | 'officialOf'
  | 'intro'
  | 'skip'
  | 'search'
  | 'searchLabel'
  | 'networkLabel'
  | 'allNetworks'
  | 'submit'
  | 'languages'
  | 'noResults'
  | 'results'
  | 'demo'
  | 'demoNote'
  | 'relMeNote'
  | 'blueskyOwnDomain'
  | 'blueskyExpected'
  | 'blueskyShouldBeOwn'
  | 'languageSwitch'
  | 'website'
  | 'generated'
  | 'notFound'
> = {
  nl: {
    title: 'Officiële accounts',
    officialOf: 'Officiële accounts van {name}',
    intro: 'Deze lijst toont de officiële accounts op sociale media. Een account dat hier niet staat, spreekt niet namens de organisatie.',
    skip: 'Naar de inhoud',
    search: 'Zoeken',
    searchLabel: 'Zoek een account of organisatie',
    networkLabel: 'Netwerk',
    allNetworks: 'Alle netwerken',
    submit: 'Zoeken',
    languages: 'Talen',
    noResults: 'Geen accounts gevonden.',
    results: '{count} accounts',
    demo: 'demo',
    demoNote: 'Voorbeeldgegevens, geen echt account.',
    relMeNote: 'Verificatie: de website van de organisatie bevat deze link:',
    blueskyOwnDomain: 'Geverifieerd: de handle is het eigen domein van de organisatie.',
    blueskyExpected: 'De handle hoort het eigen domein van de organisatie te zijn: verwacht @{handle}.',
    blueskyShouldBeOwn: 'De handle hoort het eigen domein van de organisatie te zijn.',
    languageSwitch: 'Taal',
    website: 'Website',
    generated: 'Bijgewerkt op {date}',
    notFound: 'Deze organisatie bestaat niet.',
  },
  fr: {
    title: 'Comptes officiels',
    officialOf: 'Comptes officiels de {name}',
    intro:
      "Cette liste reprend les comptes officiels sur les réseaux sociaux. Un compte qui n'y figure pas ne parle pas au nom de l'organisation.",
    skip: 'Aller au contenu',
    search: 'Rechercher',
    searchLabel: 'Rechercher un compte ou une organisation',
    networkLabel: 'Réseau',
    allNetworks: 'Tous les réseaux',
    submit: 'Rechercher',
    languages: 'Langues',
    noResults: 'Aucun compte trouvé.',
    results: '{count} comptes',
    demo: 'démo',
    demoNote: "Données d'exemple, pas un vrai compte.",
    relMeNote: "Vérification : le site web de l'organisation contient ce lien :",
    blueskyOwnDomain: "Vérifié : l'identifiant est le propre domaine de l'organisation.",
    blueskyExpected: "L'identifiant devrait être le propre domaine de l'organisation : attendu @{handle}.",
    blueskyShouldBeOwn: "L'identifiant devrait être le propre domaine de l'organisation.",
    languageSwitch: 'Langue',
    website: 'Site web',
    generated: 'Mis à jour le {date}',
    notFound: "Cette organisation n'existe pas.",
  },
  en: {
    title: 'Official accounts',
    officialOf: 'Official accounts of {name}',
    intro: 'This list shows the official social media accounts. An account that is not listed here does not speak for the organisation.',
    skip: 'Skip to content',
    search: 'Search',
    searchLabel: 'Search for an account or organisation',
    networkLabel: 'Network',
    allNetworks: 'All networks',
    submit: 'Search',
    languages: 'Languages',
    noResults: 'No accounts found.',
    results: '{count} accounts',
    demo: 'demo',
    demoNote: 'Sample data, not a real account.',
    relMeNote: "Verification: the organisation's website contains this link:",
    blueskyOwnDomain: "Verified: the handle is the organisation's own domain.",
    blueskyExpected: "The handle should be the organisation's own domain: expected @{handle}.",
    blueskyShouldBeOwn: "The handle should be the organisation's own domain.",
    languageSwitch: 'Language',
    website: 'Website',
    generated: 'Updated on {date}',
    notFound: 'This organisation does not exist.',
  },
};

export const INVENTORY_TEXT: Texts<
  | 'title'
  | 'caption'
  | 'organisation'
  | 'networks'
  | 'channels'
  | 'followers'
  | 'audiences'
  | 'languages'
  | 'measuredOn'
  | 'followersByNetwork'
  | 'total'
  | 'generatedAt'
  | 'detailCaption'
  | 'network'
  | 'handle'
  | 'status'
  | 'none'
  | 'print'
  | 'organisationPath'
> = {
  nl: {
    title: 'Inventaris van de kanalen',
    caption: 'Kanalen per organisatie: {name}',
    organisation: 'Organisatie',
    networks: 'Netwerken',
    channels: 'Kanalen',
    followers: 'Volgers',
    audiences: 'Doelgroepen',
    languages: 'Talen',
    measuredOn: 'Laatst gemeten',
    followersByNetwork: 'Volgers per netwerk',
    total: 'Totaal',
    generatedAt: 'Opgemaakt op {date}',
    detailCaption: 'Alle kanalen',
    network: 'Netwerk',
    handle: 'Account',
    status: 'Status',
    none: '—',
    print: 'Afdrukken',
    organisationPath: 'Organisatie',
  },
  fr: {
    title: 'Inventaire des canaux',
    caption: 'Canaux par organisation : {name}',
    organisation: 'Organisation',
    networks: 'Réseaux',
    channels: 'Canaux',
    followers: 'Abonnés',
    audiences: 'Publics',
    languages: 'Langues',
    measuredOn: 'Dernière mesure',
    followersByNetwork: 'Abonnés par réseau',
    total: 'Total',
    generatedAt: 'Établi le {date}',
    detailCaption: 'Tous les canaux',
    network: 'Réseau',
    handle: 'Compte',
    status: 'Statut',
    none: '—',
    print: 'Imprimer',
    organisationPath: 'Organisation',
  },
  en: {
    title: 'Channel inventory',
    caption: 'Channels per organisation: {name}',
    organisation: 'Organisation',
    networks: 'Networks',
    channels: 'Channels',
    followers: 'Followers',
    audiences: 'Audiences',
    languages: 'Languages',
    measuredOn: 'Last measured',
    followersByNetwork: 'Followers per network',
    total: 'Total',
    generatedAt: 'Generated on {date}',
    detailCaption: 'All channels',
    network: 'Network',
    handle: 'Handle',
    status: 'Status',
    none: '—',
    print: 'Print',
    organisationPath: 'Organisation',
  },
};

/** Fills `{name}` placeholders. */
export function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => values[key] ?? whole);
}
