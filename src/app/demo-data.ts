import { eq } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { hashPassword } from '../kit/auth/passwords.js';
import { memberships, users, type Role } from '../kit/auth/schema.js';
import {
  audiences,
  channelAudiences,
  channels,
  followerMeasurements,
  organisations,
  type FollowerUnit,
  type Language,
  type LocalisedNames,
  type Network,
  type Visibility,
} from '../features/registry/schema.js';

// Demo organisations and channels, so a fresh installation has something to look at. The federal
// part follows the answer of 4 June 2013 to written question 5-8917 in the Belgian Senate (social
// media of FOD P&O: Selor, OFO, DG COMM-KM); the Flemish part follows the report of learning
// network #10 of the Vlaamse overheid (22 September 2015). Figures are those of the answer; the
// Flemish channels carry no figures because the report gives none. Everything is marked isDemo.

export const DEMO_PASSWORD = 'demo-password-2026';
const MEASURED_ON = '2013-06-04';

type DemoAudience = { slug: string; nl: string; fr: string; en: string };
type DemoOrganisation = {
  key: string;
  parent?: string;
  name: string;
  names: LocalisedNames;
  shortName?: string;
  website?: string;
  audiences?: DemoAudience[];
};
type DemoChannel = {
  org: string;
  network: Network;
  handle: string;
  displayName: string;
  profileUrl: string;
  languages: Language[];
  audiences: string[]; // slugs, from the organisation or one of its ancestors
  purpose?: string;
  visibility?: Visibility;
  followers?: number;
  unit?: FollowerUnit;
};

const a = (slug: string, nl: string, fr: string, en: string): DemoAudience => ({ slug, nl, fr, en });

const ORGANISATIONS: DemoOrganisation[] = [
  {
    key: 'fod-po',
    name: 'FOD Personeel en Organisatie',
    names: { nl: 'FOD Personeel en Organisatie', fr: 'SPF Personnel et Organisation', en: 'FPS Personnel and Organisation', de: 'FÖD Personal und Organisation' },
    shortName: 'FOD P&O',
    website: 'https://bosa.belgium.be',
    audiences: [
      a('ambtenaren', 'Ambtenaren', 'Fonctionnaires', 'Civil servants'),
      a('werknemers-privesector', 'Werknemers uit de privésector', 'Travailleurs du secteur privé', 'Private-sector employees'),
      a('werkzoekenden', 'Werkzoekenden', "Demandeurs d'emploi", 'Job seekers'),
      a('studenten', 'Studenten', 'Étudiants', 'Students'),
      a('hr-professionals', 'HR-professionals', 'Professionnels RH', 'HR professionals'),
      a('burgers', 'Burgers', 'Citoyens', 'Citizens'),
      a('opleiders', 'Opleiders', 'Formateurs', 'Trainers'),
    ],
  },
  {
    key: 'selor',
    parent: 'fod-po',
    name: 'Selor',
    names: { nl: 'Selor, selectiebureau van de federale overheid', fr: "Selor, bureau de sélection de l'Administration fédérale", en: 'Selor, selection office of the federal government' },
    shortName: 'Selor',
    website: 'https://www.selor.be',
    audiences: [
      a('personeelsleden-selor', 'Personeelsleden van Selor', 'Membres du personnel de Selor', 'Selor staff'),
      a('directieteam', 'Directieteam', 'Équipe de direction', 'Management team'),
    ],
  },
  {
    key: 'ofo',
    parent: 'fod-po',
    name: 'Opleidingsinstituut van de Federale Overheid',
    names: { nl: 'Opleidingsinstituut van de Federale Overheid', fr: "Institut de formation de l'Administration fédérale", en: 'Training Institute of the Federal Administration' },
    shortName: 'OFO',
    website: 'https://www.ofo.be',
    audiences: [a('opleidingsverantwoordelijken-spocs', 'Opleidingsverantwoordelijken en SPOCs', 'Responsables de formation et SPOC', 'Training officers and SPOCs')],
  },
  {
    key: 'dg-comm-km',
    parent: 'fod-po',
    name: 'DG Communicatie en Kennismanagement',
    names: { nl: 'DG Communicatie en Kennismanagement', fr: 'DG Communication et Gestion des connaissances', en: 'DG Communication and Knowledge Management' },
    shortName: 'DG COMM-KM',
    website: 'https://fedweb.belgium.be',
    audiences: [
      a('federale-communicatoren-km', 'Federale communicatoren en verantwoordelijken KM', 'Communicateurs fédéraux et responsables KM', 'Federal communicators and knowledge managers'),
    ],
  },
  {
    key: 'vlaamse-overheid',
    name: 'Vlaamse overheid',
    names: { nl: 'Vlaamse overheid', fr: 'Autorités flamandes', en: 'Flemish Government', de: 'Flämische Regierung' },
    website: 'https://www.vlaanderen.be',
    audiences: [
      a('burgers', 'Burgers', 'Citoyens', 'Citizens'),
      a('ambtenaren', 'Personeelsleden van de Vlaamse overheid', "Membres du personnel de l'Autorité flamande", 'Flemish civil servants'),
      a('pers', 'Pers', 'Presse', 'Press'),
    ],
  },
  {
    key: 'dkb',
    parent: 'vlaamse-overheid',
    name: 'Departement Kanselarij en Bestuur',
    names: { nl: 'Departement Kanselarij en Bestuur', fr: 'Département Chancellerie et Gouvernance', en: 'Department of Chancellery and Public Governance' },
    shortName: 'DKB',
    website: 'https://www.bestuurszaken.be',
  },
  {
    key: 'ccvo',
    parent: 'dkb',
    name: 'Crisiscentrum van de Vlaamse overheid',
    names: { nl: 'Crisiscentrum van de Vlaamse overheid', fr: "Centre de crise de l'Autorité flamande", en: 'Crisis Centre of the Flemish Government' },
    shortName: 'CCVO',
    website: 'https://www.bestuurszaken.be/crisiscommunicatie',
  },
  {
    key: 'vlm',
    parent: 'vlaamse-overheid',
    name: 'Vlaamse Landmaatschappij',
    names: { nl: 'Vlaamse Landmaatschappij', fr: 'Société terrienne flamande', en: 'Flemish Land Agency' },
    shortName: 'VLM',
    website: 'https://www.vlm.be',
  },
];

const SELOR_PUBLIC = ['ambtenaren', 'werknemers-privesector', 'werkzoekenden', 'studenten'];
const OFO_OPEN = ['ambtenaren', 'burgers', 'opleiders'];
const FLEMISH_PUBLIC = ['burgers', 'pers'];

const CHANNELS: DemoChannel[] = [
  // Selor
  { org: 'selor', network: 'facebook', handle: 'Selor', displayName: 'Selor', profileUrl: 'https://www.facebook.com/Selor', languages: ['nl', 'fr'], audiences: SELOR_PUBLIC,
    purpose: 'Vacatures en nieuwsberichten, artikels over werken bij de overheid; veel interactie met kandidaten (vragen over selecties, opmerkingen, klachten).', followers: 10_500, unit: 'fans' },
  { org: 'selor', network: 'x', handle: '@Selor', displayName: 'Selor', profileUrl: 'https://x.com/Selor', languages: ['nl', 'fr'], audiences: SELOR_PUBLIC,
    purpose: 'Jobs en nieuwsberichten verspreiden (675 berichten verstuurd op 4 juni 2013).', followers: 1_390 },
  { org: 'selor', network: 'linkedin', handle: 'selor', displayName: 'Selor', profileUrl: 'https://www.linkedin.com/company/selor', languages: ['nl', 'fr'],
    audiences: ['ambtenaren', 'hr-professionals', 'werknemers-privesector'], purpose: 'Bedrijfspagina: Selor en de producten en diensten van zijn vier productpijlers; informatie uitwisselen en netwerken.', followers: 952 },
  { org: 'selor', network: 'youtube', handle: '@selor', displayName: 'Selor', profileUrl: 'https://www.youtube.com/@selor', languages: ['nl', 'fr'], audiences: SELOR_PUBLIC,
    purpose: 'Video’s over Selor, zijn processen en methodologieën, rekruteringsfilmpjes, een dag in het leven van een federaal profiel.', followers: 101, unit: 'videos' },
  { org: 'selor', network: 'instagram', handle: '@selor_be', displayName: 'Selor', profileUrl: 'https://www.instagram.com/selor_be', languages: ['nl', 'fr'], audiences: SELOR_PUBLIC,
    purpose: 'Informeel beeld van het dagelijkse leven bij Selor.' },
  { org: 'selor', network: 'viva_engage', handle: 'selor.be', displayName: 'Selor op Yammer', profileUrl: 'https://www.yammer.com/selor.be', languages: ['nl', 'fr'],
    audiences: ['personeelsleden-selor', 'directieteam'], visibility: 'internal', followers: 140, unit: 'members',
    purpose: 'Intern sociaal netwerk: informele communicatie over projecten in 5 thematische werkgroepen.' },
  // OFO
  { org: 'ofo', network: 'linkedin', handle: 'ofo-ifa', displayName: 'OFO – IFA', profileUrl: 'https://www.linkedin.com/company/ofo-ifa', languages: ['nl', 'fr'],
    audiences: ['opleidingsverantwoordelijken-spocs', 'ambtenaren'], purpose: 'Voor opleidingsverantwoordelijken en SPOCs van het OFO.' },
  { org: 'ofo', network: 'x', handle: '@OFO_IFA', displayName: 'OFO – IFA', profileUrl: 'https://x.com/OFO_IFA', languages: ['nl', 'fr'], audiences: OFO_OPEN,
    purpose: 'Voor iedereen toegankelijk: ambtenaren en burgers, bijvoorbeeld opleiders.' },
  { org: 'ofo', network: 'facebook', handle: 'OFO.IFA', displayName: 'OFO – IFA', profileUrl: 'https://www.facebook.com/OFO.IFA', languages: ['nl', 'fr'], audiences: OFO_OPEN,
    purpose: 'Praktische info voor deelnemers, discussie over opleiding en leren, vragen beantwoorden.' },
  // DG COMM-KM
  { org: 'dg-comm-km', network: 'x', handle: '@Fedra_be', displayName: 'Fedra', profileUrl: 'https://x.com/Fedra_be', languages: ['nl', 'fr'], audiences: ['ambtenaren'],
    purpose: 'Fedra, het magazine van de federale ambtenaar (naast website, nieuwsbrief en tweetwall).' },
  { org: 'dg-comm-km', network: 'facebook', handle: 'FEDplus', displayName: 'FED+', profileUrl: 'https://www.facebook.com/FEDplus', languages: ['nl', 'fr'], audiences: ['ambtenaren'],
    purpose: 'FED+, de voordelendienst voor de federale ambtenaar.' },
  { org: 'dg-comm-km', network: 'x', handle: '@FEDplus', displayName: 'FED+', profileUrl: 'https://x.com/FEDplus', languages: ['nl', 'fr'], audiences: ['ambtenaren'],
    purpose: 'FED+, de voordelendienst voor de federale ambtenaar.' },
  { org: 'dg-comm-km', network: 'linkedin', handle: 'COMMnet-KMnet', displayName: 'COMMnet-KMnet', profileUrl: 'https://www.linkedin.com/groups/1825364/', languages: ['nl', 'fr'],
    audiences: ['federale-communicatoren-km'], followers: 450, unit: 'members',
    purpose: 'Groep van het netwerk voor federale communicatoren en verantwoordelijken kennismanagement: informatie uitwisselen, vragen stellen.' },
  { org: 'dg-comm-km', network: 'website', handle: 'fedweb.belgium.be', displayName: 'Fedweb', profileUrl: 'https://fedweb.belgium.be', languages: ['nl', 'fr'], audiences: ['ambtenaren'],
    purpose: 'Portaal van het federale personeel; niet actief op sociale media, pagina’s kunnen wel gedeeld worden.' },
  // Vlaamse overheid
  { org: 'vlaamse-overheid', network: 'x', handle: '@vlaanderen', displayName: 'Vlaamse overheid', profileUrl: 'https://x.com/vlaanderen', languages: ['nl'], audiences: FLEMISH_PUBLIC,
    purpose: 'Overheidsbrede account van de Vlaamse overheid.' },
  { org: 'vlaamse-overheid', network: 'facebook', handle: 'vlaanderen.be', displayName: 'Vlaanderen.be', profileUrl: 'https://www.facebook.com/vlaanderen.be', languages: ['nl'],
    audiences: ['burgers'], purpose: 'Overheidsbrede pagina: informatie en vragen van burgers.' },
  { org: 'vlaamse-overheid', network: 'linkedin', handle: 'vlaamse-overheid', displayName: 'Vlaamse overheid', profileUrl: 'https://www.linkedin.com/company/vlaamse-overheid',
    languages: ['nl'], audiences: ['ambtenaren', 'burgers'], purpose: 'Werkgeverscommunicatie en vacatures.' },
  { org: 'vlaamse-overheid', network: 'mastodon', handle: '@vlaanderen@mastodon.be', displayName: 'Vlaamse overheid', profileUrl: 'https://mastodon.be/@vlaanderen',
    languages: ['nl'], audiences: FLEMISH_PUBLIC, purpose: 'Aanwezigheid in de fediverse; zelfde berichten als op X.' },
  { org: 'vlaamse-overheid', network: 'bluesky', handle: 'vlaanderen.be', displayName: 'Vlaamse overheid', profileUrl: 'https://bsky.app/profile/vlaanderen.be',
    languages: ['nl'], audiences: FLEMISH_PUBLIC, purpose: 'Domeinhandle bevestigd via vlaanderen.be.' },
  { org: 'dkb', network: 'website', handle: 'www.bestuurszaken.be', displayName: 'Bestuurszaken', profileUrl: 'https://www.bestuurszaken.be', languages: ['nl'],
    audiences: ['ambtenaren'], purpose: 'Themapagina’s over status en voortgang van dossiers van het voorzitterscollege.' },
  { org: 'ccvo', network: 'website', handle: 'www.bestuurszaken.be/crisiscommunicatie', displayName: 'Crisiscommunicatie', profileUrl: 'https://www.bestuurszaken.be/crisiscommunicatie',
    languages: ['nl'], audiences: FLEMISH_PUBLIC, purpose: 'Interne en externe crisiscommunicatie; monitoring van de communicatie in de buitenwereld.' },
  { org: 'ccvo', network: 'x', handle: '@CCVO_Vlaanderen', displayName: 'Crisiscentrum Vlaamse overheid', profileUrl: 'https://x.com/CCVO_Vlaanderen', languages: ['nl'],
    audiences: FLEMISH_PUBLIC, purpose: 'Berichten bij incidenten en crisissen.' },
  { org: 'vlm', network: 'website', handle: 'www.vlm.be', displayName: 'VLM', profileUrl: 'https://www.vlm.be', languages: ['nl'], audiences: FLEMISH_PUBLIC,
    purpose: 'Persberichten volgens het persbeleidsplan van de VLM.' },
  { org: 'vlm', network: 'facebook', handle: 'VlaamseLandmaatschappij', displayName: 'Vlaamse Landmaatschappij', profileUrl: 'https://www.facebook.com/VlaamseLandmaatschappij',
    languages: ['nl'], audiences: ['burgers'] },
  { org: 'vlm', network: 'x', handle: '@VLMvlaanderen', displayName: 'VLM', profileUrl: 'https://x.com/VLMvlaanderen', languages: ['nl'], audiences: FLEMISH_PUBLIC },
];

const USERS: Array<{ email: string; name: string; org: string; role: Role }> = [
  { email: 'an.peeters@demo.kanaal.local', name: 'An Peeters', org: 'fod-po', role: 'editor_in_chief' },
  { email: 'karim.elamrani@demo.kanaal.local', name: 'Karim El Amrani', org: 'selor', role: 'communicator' },
  { email: 'lotte.claes@demo.kanaal.local', name: 'Lotte Claes', org: 'vlaamse-overheid', role: 'viewer' },
];

function required<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`demo data: unknown ${what}`);
  return value;
}

/**
 * Loads the demo organisations, audiences, channels (with their 2013 follower figures) and three
 * demo users (password DEMO_PASSWORD) in one transaction. Only for an empty registry: the caller
 * checks. Not audited: it is installation set-up, not a person's action.
 */
export async function loadDemoData(db: Db): Promise<void> {
  const passwordHashes = await Promise.all(USERS.map(() => hashPassword(DEMO_PASSWORD)));
  await db.transaction(async (tx) => {
    const orgIds = new Map<string, string>();
    const parentOf = new Map<string, string | undefined>();
    const audienceIds = new Map<string, string>(); // `${orgKey}/${slug}` → id
    for (const org of ORGANISATIONS) {
      const [row] = await tx
        .insert(organisations)
        .values({
          parentId: org.parent ? required(orgIds.get(org.parent), `parent ${org.parent}`) : null,
          slug: org.key,
          name: org.name,
          names: org.names,
          shortName: org.shortName ?? null,
          website: org.website ?? null,
          timeZone: 'Europe/Brussels',
          defaultLanguage: 'nl',
          isDemo: true,
        })
        .returning({ id: organisations.id });
      const orgId = required(row?.id, 'organisation row');
      orgIds.set(org.key, orgId);
      parentOf.set(org.key, org.parent);
      for (const audience of org.audiences ?? []) {
        const [created] = await tx
          .insert(audiences)
          .values({ organisationId: orgId, slug: audience.slug, name: audience.nl, names: { nl: audience.nl, fr: audience.fr, en: audience.en }, isDemo: true })
          .returning({ id: audiences.id });
        audienceIds.set(`${org.key}/${audience.slug}`, required(created?.id, 'audience row'));
      }
    }

    // An audience slug resolves to the nearest organisation up the tree that defines it.
    const resolveAudience = (orgKey: string, slug: string): string => {
      for (let key: string | undefined = orgKey; key; key = parentOf.get(key)) {
        const id = audienceIds.get(`${key}/${slug}`);
        if (id) return id;
      }
      throw new Error(`demo data: audience ${slug} not found above ${orgKey}`);
    };

    for (const channel of CHANNELS) {
      const measured = channel.followers !== undefined;
      const [row] = await tx
        .insert(channels)
        .values({
          organisationId: required(orgIds.get(channel.org), `organisation ${channel.org}`),
          network: channel.network,
          handle: channel.handle,
          displayName: channel.displayName,
          profileUrl: channel.profileUrl,
          languages: channel.languages,
          purpose: channel.purpose ?? null,
          visibility: channel.visibility ?? 'public',
          ownerTeam: 'Communicatie',
          status: 'active',
          followerCount: channel.followers ?? null,
          followerUnit: channel.unit ?? 'followers',
          followersMeasuredOn: measured ? MEASURED_ON : null,
          isDemo: true,
        })
        .returning({ id: channels.id });
      const channelId = required(row?.id, 'channel row');
      const linked = [...new Set(channel.audiences.map((slug) => resolveAudience(channel.org, slug)))];
      if (linked.length > 0) await tx.insert(channelAudiences).values(linked.map((audienceId) => ({ channelId, audienceId })));
      if (measured) {
        await tx.insert(followerMeasurements).values({ channelId, measuredOn: MEASURED_ON, followerCount: channel.followers ?? 0, source: 'manual' });
      }
    }

    for (const [index, demoUser] of USERS.entries()) {
      // A user of that address may exist already (e.g. an operator who tried the demo before).
      await tx
        .insert(users)
        .values({ email: demoUser.email, name: demoUser.name, passwordHash: passwordHashes[index] ?? null, locale: 'nl', isDemo: true })
        .onConflictDoNothing({ target: users.email });
      const [user] = await tx.select({ id: users.id }).from(users).where(eq(users.email, demoUser.email));
      await tx
        .insert(memberships)
        .values({ userId: required(user?.id, 'user row'), organisationId: required(orgIds.get(demoUser.org), demoUser.org), role: demoUser.role })
        .onConflictDoNothing();
    }
  });
}
