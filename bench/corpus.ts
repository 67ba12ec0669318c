// Deterministic, seeded generator of a realistic listening workload: short public posts (50–500 characters,
// Dutch, French and English) about Belgian public-service topics, with hashtags, mentions, URLs, emoji,
// accents and case variants, plus long-tail words (names, numbers, codes) so that most words of a post are
// not in any query; and watch queries of the kind communication teams write, using every operator.
// The same seed always gives the same corpus, so runs are comparable.

/** mulberry32: small, fast, good enough for workload generation. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Lang = 'nl' | 'fr' | 'en';
const LANGS: Lang[] = ['nl', 'fr', 'en'];

// Topic words per language; `|` separates synonyms, multi-word entries become phrases in queries.
const TOPICS: Record<Lang, string>[] = [
  { nl: 'brand|brandweer|uitslaande brand', fr: 'incendie|pompiers|feu', en: 'fire|firefighters|blaze' },
  { nl: 'overstroming|wateroverlast|hoogwater', fr: 'inondation|inondations|crue', en: 'flood|flooding|high water' },
  { nl: 'storm|onweer|windstoten', fr: 'tempête|orage|rafales', en: 'storm|thunderstorm|gusts' },
  { nl: 'hittegolf|hitte|droogte', fr: 'canicule|chaleur|sécheresse', en: 'heatwave|heat|drought' },
  { nl: 'staking|vakbond|betoging', fr: 'grève|syndicat|manifestation', en: 'strike|union|protest' },
  { nl: 'trein|treinverkeer|vertraging', fr: 'train|trafic ferroviaire|retard', en: 'train|rail traffic|delay' },
  { nl: 'belastingaangifte|belastingen|fiscus', fr: 'déclaration fiscale|impôts|fisc', en: 'tax return|taxes|tax office' },
  { nl: 'pensioen|pensioenleeftijd|gepensioneerden', fr: 'pension|âge de la pension|pensionnés', en: 'pension|retirement age|pensioners' },
  { nl: 'opleiding|opleidingen|vorming', fr: 'formation|formations|apprentissage', en: 'training|course|apprenticeship' },
  {
    nl: 'vacature|sollicitatie|selectieproef',
    fr: 'offre d’emploi|candidature|épreuve de sélection',
    en: 'vacancy|job application|selection test',
  },
  { nl: 'verkiezingen|stembureau|kiezers', fr: 'élections|bureau de vote|électeurs', en: 'elections|polling station|voters' },
  { nl: 'vaccinatie|griep|ziekenhuis', fr: 'vaccination|grippe|hôpital', en: 'vaccination|flu|hospital' },
  { nl: 'cyberaanval|phishing|oplichting', fr: 'cyberattaque|hameçonnage|arnaque', en: 'cyberattack|phishing|scam' },
  {
    nl: 'identiteitskaart|paspoort|rijbewijs',
    fr: 'carte d’identité|passeport|permis de conduire',
    en: 'identity card|passport|driving licence',
  },
  {
    nl: 'energieprijzen|stroompanne|energiepremie',
    fr: 'prix de l’énergie|panne de courant|prime énergie',
    en: 'energy prices|power cut|energy grant',
  },
  { nl: 'klimaat|uitstoot|klimaatplan', fr: 'climat|émissions|plan climat', en: 'climate|emissions|climate plan' },
  { nl: 'wegenwerken|omleiding|file', fr: 'travaux routiers|déviation|embouteillage', en: 'roadworks|diversion|traffic jam' },
  {
    nl: 'drinkwater|kookadvies|waterleiding',
    fr: 'eau potable|avis d’ébullition|conduite d’eau',
    en: 'drinking water|boil notice|water main',
  },
  {
    nl: 'evacuatie|noodplan|crisiscentrum',
    fr: 'évacuation|plan d’urgence|centre de crise',
    en: 'evacuation|emergency plan|crisis centre',
  },
  { nl: 'asiel|opvang|migratie', fr: 'asile|accueil|migration', en: 'asylum|reception|migration' },
  { nl: 'begroting|besparingen|subsidie', fr: 'budget|économies|subside', en: 'budget|savings|grant' },
  { nl: 'onderwijs|leerkrachten|school', fr: 'enseignement|enseignants|école', en: 'education|teachers|school' },
  { nl: 'politie|inbraak|veiligheid', fr: 'police|cambriolage|sécurité', en: 'police|burglary|safety' },
  { nl: 'afval|sluikstorten|recyclage', fr: 'déchets|dépôts clandestins|recyclage', en: 'waste|fly-tipping|recycling' },
  {
    nl: 'mobiliteit|fietspad|openbaar vervoer',
    fr: 'mobilité|piste cyclable|transports en commun',
    en: 'mobility|cycle path|public transport',
  },
  { nl: 'werkloosheid|uitkering|werkzoekenden', fr: 'chômage|allocation|demandeurs d’emploi', en: 'unemployment|benefit|jobseekers' },
];

// Municipalities: Dutch/French/English names where they differ.
const PLACES = (
  'Brussel/Bruxelles/Brussels Antwerpen/Anvers/Antwerp Gent/Gand/Ghent Luik/Liège/Liège Leuven/Louvain/Leuven ' +
  'Brugge/Bruges/Bruges Namen/Namur/Namur Bergen/Mons/Mons Charleroi Hasselt Mechelen/Malines/Mechelen Kortrijk/Courtrai/Kortrijk ' +
  'Aalst/Alost/Aalst Oostende/Ostende/Ostend Doornik/Tournai/Tournai Aarlen/Arlon/Arlon Genk Sint-Niklaas Eupen Waver/Wavre/Wavre ' +
  'Roeselare/Roulers/Roeselare Verviers Seraing Turnhout Halle/Hal/Halle Vilvoorde Dendermonde/Termonde/Dendermonde Ieper/Ypres/Ypres ' +
  'Nijvel/Nivelles/Nivelles Moeskroen/Mouscron/Mouscron Zaventem Knokke-Heist Lier/Lierre/Lier Geel Beveren Dinant Bastogne Spa ' +
  'Anderlecht Schaarbeek/Schaerbeek/Schaerbeek Elsene/Ixelles/Ixelles Ukkel/Uccle/Uccle Molenbeek Etterbeek Vorst/Forest/Forest ' +
  'Jette Evere Oudergem/Auderghem/Auderghem Sint-Gillis/Saint-Gilles/Saint-Gilles Herstal Châtelet La-Louvière Binche Soignies ' +
  'Ath Enghien Tubize Ottignies Gembloux Jodoigne Huy Hoei/Huy/Huy Waremme Marche-en-Famenne Malmedy Stavelot Ciney Philippeville ' +
  'Chimay Couvin Virton Neufchâteau Bouillon Libramont Durbuy Hannut Visé Ans Flémalle Herve Welkenraedt Kelmis Sankt-Vith ' +
  'Tongeren/Tongres/Tongeren Sint-Truiden/Saint-Trond/Sint-Truiden Lommel Maasmechelen Bilzen Beringen Diest Tienen/Tirlemont/Tienen ' +
  'Aarschot Herentals Mol Heist-op-den-Berg Boom Kontich Brasschaat Schoten Kapellen Mortsel Edegem Wilrijk Deurne Hoboken ' +
  'Lokeren Temse Zele Hamme Wetteren Ninove Geraardsbergen/Grammont/Geraardsbergen Oudenaarde/Audenarde/Oudenaarde Ronse/Renaix/Ronse ' +
  'Eeklo Deinze Zottegem Waregem Izegem Menen/Menin/Menen Wevelgem Harelbeke Tielt Torhout Diksmuide Veurne/Furnes/Veurne ' +
  'Poperinge Blankenberge Middelkerke Nieuwpoort De-Panne Zeebrugge Asse Grimbergen Dilbeek Overijse Tervuren Machelen'
)
  .split(' ')
  .map((p) => p.replace(/-/g, p.startsWith('De-') || p.startsWith('La-') ? ' ' : '-').split('/'));

// Everyday vocabulary: most posts in a public stream are about none of the watched topics.
const GENERAL: Record<Lang, string[]> = {
  nl: 'koffie ontbijt weekend voetbal wedstrijd match doelpunt fietsen wandelen zon regen wolken concert festival muziek film serie boek lezen koken recept frieten bier vrienden familie kinderen hond kat tuin vakantie zee strand bergen reis vliegtuig foto mooi leuk grappig moe blij boos werk kantoor vergadering collega laptop telefoon app update spel winkel markt korting verjaardag feest taart lente zomer herfst winter avond nacht ochtend'.split(
    ' ',
  ),
  fr: 'café petit-déjeuner weekend football match but vélo promenade soleil pluie nuages concert festival musique film série livre lire cuisine recette frites bière amis famille enfants chien chat jardin vacances mer plage montagne voyage avion photo beau sympa drôle fatigué content fâché travail bureau réunion collègue ordinateur téléphone appli jeu magasin marché réduction anniversaire fête gâteau printemps été automne hiver soir nuit matin'.split(
    ' ',
  ),
  en: 'coffee breakfast weekend football game goal cycling walk sun rain clouds concert festival music movie series book reading cooking recipe fries beer friends family kids dog cat garden holiday sea beach mountains trip plane photo nice fun funny tired happy angry work office meeting colleague laptop phone app game shop market discount birthday party cake spring summer autumn winter evening night morning'.split(
    ' ',
  ),
};

const FILLER: Record<Lang, string[]> = {
  nl: 'de het een en in van op voor met is zijn wordt werd vandaag morgen nu ook niet nog meer alle onze jullie we er over naar bij door tot na om dat dit deze die wat hoe waar wie info vragen nieuwe belangrijk opgelet graag dank iedereen burgers gemeente stad regio minister federale overheid dienst maatregelen situatie update tijdens verwacht snel mogelijk open gesloten week maand jaar uur vanaf tussen'.split(
    ' ',
  ),
  fr: 'le la les un une et en de du des pour avec est sont été aujourd’hui demain maintenant aussi pas encore plus tous nos vous nous il y sur vers chez par jusqu’à après que ce cette qui quoi comment où info questions nouveau nouvelle important attention merci citoyens commune ville région ministre fédéral service mesures situation mise à jour pendant prévu rapidement possible ouvert fermé semaine mois année heures dès entre'.split(
    ' ',
  ),
  en: 'the a an and in of on for with is are was today tomorrow now also not still more all our you we there about to at by until after that this these which what how where who info questions new important please thanks everyone citizens council city region minister federal government service measures situation update during expected soon possible open closed week month year hours from between'.split(
    ' ',
  ),
};

const FIRST_NAMES =
  'Jan Marie Pieter Sofie Luc An Tom Els Koen Ine Bart Lies Wim Nathalie Jean Isabelle Pierre Sophie Marc Anne Philippe Claire Luca Emma Noah Olivia Mohamed Fatima Hélène Zoë Gaëlle Anaïs Joëlle François'.split(
    ' ',
  );
const SURNAMES =
  'Peeters Janssens Maes Jacobs Mertens Willems Claes Goossens Wouters DeSmet Dubois Lambert Dupont Martin Leclercq Dumont Simon Laurent VanDamme Vermeulen Desmet Lemaire Renard Michel Hermans Lenaerts Verhoeven Pauwels Aerts Smets Declercq Dewulf Bogaert Cools Segers Thys Timmermans Verstraete Wuyts Coppens Gilles Denis Collard Lejeune Legrand Charlier Bertrand Evrard'.split(
    ' ',
  );
const ORG_HANDLES =
  'selor FODFinancien SPFFinances crisiscentrum NCCN_Belgium belgiumbe infrabel NMBS SNCB bpost Defensie_Belgie PolitieBE vlaanderen wallonie BrusselsRegion stadgent stadantwerpen VilleDeLiege FODBinnenlandse IBZ_BE Sciensano FAVV AFSCA FOD_Mobiliteit SPF_Mobilite'.split(
    ' ',
  );
const DOMAINS =
  'belgium.be fin.belgium.be crisiscentrum.be selor.be vlaanderen.be wallonie.be brussels.be stad.gent antwerpen.be liege.be infrabel.be belgiantrain.be bpost.be vrt.be rtbf.be hln.be lesoir.be standaard.be nieuwsblad.be lalibre.be brusselstimes.com politie.be police.be sciensano.be favv-afsca.be mobilit.belgium.be'.split(
    ' ',
  );
const EMOJI = ['🔥', '🚒', '🌊', '⚠️', '📢', '👉', '✅', '❗', '🚧', '🚆', '💶', '📅', '🙏', '😡', '👍', '🇧🇪', '💡', '🗳️', '🏥', '🌡️'];
const SOURCES = ['mastodon', 'bluesky', 'rss', 'web', 'own'];

export type CorpusPost = { id: string; text: string; lang: Lang; author: string; url?: string; source: string };

const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
const synonyms = (topic: Record<Lang, string>, lang: Lang) => topic[lang].split('|');

function variant(r: () => number, word: string): string {
  const x = r();
  if (x < 0.08) return word.charAt(0).toUpperCase() + word.slice(1);
  if (x < 0.1) return word.toUpperCase();
  // Accents dropped now and then, as people type them (é → e): the matcher must still find them.
  if (x < 0.13) return word.normalize('NFD').replace(/\p{M}/gu, '');
  return word;
}

function handleOf(r: () => number): string {
  if (r() < 0.1) return pick(r, ORG_HANDLES);
  const name = `${pick(r, FIRST_NAMES)}${pick(r, SURNAMES)}`.normalize('NFD').replace(/\p{M}/gu, '');
  return r() < 0.5 ? name.toLowerCase() : `${name}${Math.floor(r() * 1000)}`;
}

/** Words that are in no query: numbers, times, codes, one-off names. */
function longTail(r: () => number): string {
  const x = r();
  if (x < 0.25) return String(Math.floor(r() * 10000));
  if (x < 0.4) return `${Math.floor(r() * 24)}u${Math.floor(r() * 6)}0`;
  if (x < 0.55) return `${Math.floor(r() * 28) + 1}/${Math.floor(r() * 12) + 1}`;
  if (x < 0.7) return `ref${Math.floor(r() * 1e6).toString(36)}`;
  const syllables = ['ka', 'lo', 'mi', 'ver', 'an', 'dro', 'el', 'sta', 'qui', 'beau', 'ter', 'no', 'ry', 'ghe', 'ijs'];
  let w = '';
  for (let n = 2 + Math.floor(r() * 3); n > 0; n--) w += pick(r, syllables);
  return w;
}

/** `count` posts from seed `seed`; each 50–500 characters. */
export function generatePosts(count: number, seed = 1): CorpusPost[] {
  const r = seededRandom(seed);
  const posts: CorpusPost[] = [];
  for (let i = 0; i < count; i++) {
    const lang: Lang = r() < 0.5 ? 'nl' : r() < 0.7 ? 'fr' : 'en';
    // About a third of the posts are about public-service topics (sometimes two), the rest everyday chatter.
    const topical = r() < 0.35;
    const topic = pick(r, TOPICS);
    const topics = [topic, r() < 0.2 ? pick(r, TOPICS) : topic];
    const topicShare = topical ? 0.18 : 0.004;
    const placeShare = topical || r() < 0.2 ? 0.05 : 0;
    const place = pick(r, PLACES);
    const placeName = place[lang === 'nl' ? 0 : lang === 'fr' ? 1 : 2] ?? place[0] ?? '';
    const target = 50 + Math.floor(r() ** 1.6 * 450);
    const parts: string[] = [];
    let length = 0;
    while (length < target) {
      const words: string[] = [];
      for (let n = 4 + Math.floor(r() * 10); n > 0; n--) {
        const x = r();
        if (x < topicShare) words.push(variant(r, pick(r, synonyms(pick(r, topics), lang))));
        else if (x < topicShare + placeShare) words.push(placeName);
        else if (x < topicShare + placeShare + 0.02) words.push(`${pick(r, FIRST_NAMES)} ${pick(r, SURNAMES)}`);
        else if (x < 0.9) words.push(r() < 0.65 ? pick(r, FILLER[lang]) : variant(r, pick(r, GENERAL[lang])));
        else words.push(longTail(r));
      }
      let sentence = words.join(' ');
      sentence = sentence.charAt(0).toUpperCase() + sentence.slice(1) + pick(r, ['.', '.', '!', '?', ':', ' –', '…']);
      const extra = r();
      if (extra < 0.15)
        sentence += ` #${variant(r, pick(r, topical ? synonyms(pick(r, topics), lang) : GENERAL[lang])).replace(/[\s’'-]/g, '')}`;
      else if (extra < 0.25) sentence += ` @${pick(r, ORG_HANDLES)}`;
      else if (extra < 0.33) sentence += ` ${pick(r, EMOJI)}`;
      else if (extra < 0.4) sentence += ` https://www.${pick(r, DOMAINS)}/${lang}/${longTail(r)}-${Math.floor(r() * 999)}`;
      else if (extra < 0.45 && placeShare) sentence += ` #${placeName.replace(/[\s-]/g, '')}`;
      parts.push(sentence);
      length += sentence.length + 1;
    }
    let text = parts.join(' ');
    if (text.length > 500) text = text.slice(0, 500).replace(/\s\S*$/, '');
    if (text.length < 50) text = `${text} ${pick(r, FILLER[lang])} ${pick(r, FILLER[lang])} ${placeName} ${pick(r, EMOJI)}`.padEnd(50, '.');
    const url = r() < 0.6 ? `https://${r() < 0.5 ? 'www.' : ''}${pick(r, DOMAINS)}/${lang}/${i}` : undefined;
    posts.push({ id: `p${i}`, text, lang, author: handleOf(r), ...(url ? { url } : {}), source: pick(r, SOURCES) });
  }
  return posts;
}

/** A topic word as a query operand: quoted when it has several words, otherwise sometimes a wildcard. */
function operand(r: () => number, word: string, wildcard = 0.25): string {
  if (/[\s’'-]/.test(word)) return `"${word}"`;
  if (word.length >= 6 && r() < wildcard) return `${word.slice(0, Math.max(4, word.length - 3 - Math.floor(r() * 3)))}*`;
  return r() < 0.1 ? word.toUpperCase() : word;
}

function orGroup(r: () => number, topic: Record<Lang, string>, langs = LANGS, size = 3): string {
  const words = langs.flatMap((l) => synonyms(topic, l)).sort(() => r() - 0.5);
  const chosen = [...new Set(words.slice(0, 1 + Math.floor(r() * size)))].map((w) => operand(r, w));
  return chosen.length > 1 ? `(${chosen.join(' OR ')})` : (chosen[0] ?? 'crisis');
}

function placeGroup(r: () => number): string {
  const names = [...new Set(pick(r, PLACES))].map((p) => (/[\s-]/.test(p) ? `"${p}"` : p));
  return names.length > 1 ? `(${names.join(' OR ')})` : (names[0] ?? 'Brussel');
}

function person(r: () => number): string {
  return `"${pick(r, FIRST_NAMES)} ${pick(r, SURNAMES)}"`;
}

/** Watch queries using all operators, in realistic proportions (most are topic × place or person). */
export function generateQueries(count: number, seed = 2): { id: string; query: string }[] {
  const r = seededRandom(seed);
  const out: { id: string; query: string }[] = [];
  for (let i = 0; i < count; i++) {
    const t1 = pick(r, TOPICS);
    const t2 = pick(r, TOPICS);
    const lang = pick(r, LANGS);
    const x = r();
    let q: string;
    if (x < 0.28) q = `${orGroup(r, t1)} AND ${placeGroup(r)}`;
    else if (x < 0.4)
      q = `${person(r)} OR author:${`${pick(r, FIRST_NAMES)}${pick(r, SURNAMES)}`.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase()}`;
    else if (x < 0.5) q = `${orGroup(r, t1, [lang])} NEAR/${1 + Math.floor(r() * 8)} ${placeGroup(r)}`;
    else if (x < 0.58)
      q = `${operand(r, pick(r, synonyms(t1, lang)), 0.6)} ONEAR/${Math.floor(r() * 5)} ${operand(r, pick(r, synonyms(t2, lang)))}`;
    else if (x < 0.68) q = `${orGroup(r, t1)} ${placeGroup(r)} NOT ${operand(r, pick(r, synonyms(t2, lang)))}`;
    else if (x < 0.74) q = `site:${pick(r, DOMAINS)} AND ${orGroup(r, t1)} AND ${orGroup(r, t2)}`;
    else if (x < 0.8)
      q = `lang:${lang} AND ${orGroup(r, t1, [lang])} AND ${placeGroup(r)} AND NOT (${operand(r, pick(r, synonyms(t2, lang)))} OR ${placeGroup(r)})`;
    else if (x < 0.85) q = `(author:@${pick(r, ORG_HANDLES)} OR "@${pick(r, ORG_HANDLES)}") ${orGroup(r, t1)}`;
    else if (x < 0.89) q = `source:${pick(r, SOURCES)} ${orGroup(r, t1)} ${placeGroup(r)}`;
    else if (x < 0.93) q = `#${pick(r, synonyms(t1, lang)).replace(/[\s’'-]/g, '')} OR (${orGroup(r, t1)} AND ${orGroup(r, t2)})`;
    else if (x < 0.97) q = `${person(r)} NEAR/${2 + Math.floor(r() * 10)} ${orGroup(r, t1)}`;
    else if (x < 0.9995) q = `(${orGroup(r, t1)} OR ${orGroup(r, t2)}) ${placeGroup(r)} NOT author:${handleOf(r).toLowerCase()}`;
    // Queries with no positive term (evaluated for every post): e.g. everything in another language.
    else q = `NOT (lang:nl OR lang:fr OR lang:en) ${r() < 0.5 ? '' : `NOT ${orGroup(r, t1)}`}`.trim();
    out.push({ id: `q${i}`, query: q });
  }
  return out;
}
