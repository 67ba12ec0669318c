import { describe, expect, it } from 'vitest';
import { DEFAULT_LINT_SETTINGS, type LintInput, hasBlockingFindings, lintText, localIsoDate, resolveLintSettings } from './lint.js';

const lint = (text: string, extra: Partial<LintInput> = {}) => lintText({ text, language: 'nl', now: '2026-01-15', ...extra });
const rules = (text: string, extra: Partial<LintInput> = {}) => lint(text, extra).map((finding) => finding.rule);
const highlighted = (text: string, extra: Partial<LintInput> = {}) =>
  lint(text, extra).map((finding) => (finding.start === undefined ? null : text.slice(finding.start, finding.end)));

describe('clean posts', () => {
  it('finds nothing in a well-written Dutch and French post', () => {
    const nl =
      'Vanaf maandag kan je je belastingaangifte indienen via MyMinfin. Hulp nodig? Bel ons gratis. #Belastingen https://financien.belgium.be';
    const fr =
      'Dès lundi, vous pouvez introduire votre déclaration via MyMinfin. Besoin d’aide ? Appelez-nous. #Impôts https://finances.belgium.be';
    expect(lint(nl, { media: [{ altText: 'Een scherm van MyMinfin met de knop Aangifte indienen' }] })).toEqual([]);
    expect(lint(fr, { language: 'fr' })).toEqual([]);
  });
});

describe('alt_text_missing', () => {
  it('flags media without alt text, blocking by default, with the attachment index', () => {
    const findings = lint('Foto van de dag', {
      media: [{ altText: 'Het Atomium bij zonsondergang' }, { altText: '  ' }, {}, { altText: null }],
    });
    expect(findings.map((f) => [f.rule, f.severity, f.mediaIndex])).toEqual([
      ['alt_text_missing', 'block', 1],
      ['alt_text_missing', 'block', 2],
      ['alt_text_missing', 'block', 3],
    ]);
    expect(findings[0]?.message.nl).toBe(
      'Voeg een alternatieve tekst toe aan afbeelding 2, zodat ook blinde en slechtziende mensen weten wat erop staat.',
    );
    expect(findings[0]?.message.fr).toContain('texte alternatif');
  });

  it('treats a file name or a placeholder word as missing', () => {
    for (const altText of ['IMG_2024.JPG', 'foto', 'Afbeelding', 'image', 'Capture d’écran']) {
      const [finding] = lint('', { media: [{ altText }] });
      expect(finding?.rule, altText).toBe('alt_text_missing');
      expect(finding?.message.nl).toContain('bestandsnaam');
    }
  });

  it('accepts a real description and posts without media', () => {
    expect(rules('', { media: [{ altText: 'Minister opent het station van Mons' }] })).toEqual([]);
    expect(rules('Alleen tekst')).toEqual([]);
  });
});

describe('hashtag_not_camel_case', () => {
  it('flags long all-lowercase and all-caps hashtags', () => {
    const text = 'Nieuws van de #federaleoverheid en #SERVICEPUBLICFEDERAL en #klimaat_verandering';
    expect(highlighted(text, { settings: { rules: { too_many_hashtags: 'off' } } })).toEqual([
      '#federaleoverheid',
      '#SERVICEPUBLICFEDERAL',
      '#klimaat_verandering',
    ]);
  });

  it('flags a long single lowercase word, whose fix is a capital (documented heuristic)', () => {
    expect(rules('#verkiezingen')).toEqual(['hashtag_not_camel_case']);
    expect(rules('#Verkiezingen')).toEqual([]);
  });

  it('accepts CamelCase, short acronyms and short tags', () => {
    const text = '#FederaleOverheid #OFO';
    expect(rules(text)).toEqual([]);
    for (const tag of ['#bxl', '#COVID19', '#covid_19', '#ServicePublicFédéral', '#Élections2024', '#Brussel2024', '#NMBS']) {
      expect(rules(tag), tag).toEqual([]);
    }
  });
});

describe('too_many_hashtags', () => {
  it('allows two and flags the third and later ones', () => {
    expect(rules('#Brussel #Wallonie')).toEqual([]);
    const text = 'Zomer in België #Brussel #Wallonie #Vlaanderen #Ostbelgien';
    expect(highlighted(text)).toEqual(['#Vlaanderen #Ostbelgien']);
    expect(lint(text)[0]?.message.fr).toContain('4 hashtags');
  });

  it('follows the configured maximum', () => {
    expect(rules('#Brussel #Wallonie #Vlaanderen', { settings: { rules: {}, maxHashtags: 3 } })).toEqual([]);
    expect(rules('#Brussel #Wallonie', { settings: { rules: {}, maxHashtags: 1 } })).toEqual(['too_many_hashtags']);
  });
});

describe('too_many_links', () => {
  it('allows one link and flags the second, with or without https://', () => {
    expect(rules('Meer info: https://www.belgium.be/nl')).toEqual([]);
    const text = 'Meer info: https://www.belgium.be/nl en www.fgov.be';
    expect(highlighted(text)).toEqual(['www.fgov.be']);
  });

  it('does not count e-mail addresses and follows the configured maximum', () => {
    expect(rules('Mail info@fod.be of lees https://www.belgium.be')).toEqual([]);
    expect(rules('https://a.be en https://b.be', { settings: { rules: {}, maxLinks: 2 } })).toEqual([]);
  });
});

const words = (n: number) => Array.from({ length: n }, (_, i) => (i === 0 ? 'De' : 'burger')).join(' ');

describe('long_sentence', () => {
  it('flags a sentence over 25 words and highlights it', () => {
    const long = `${words(26)}.`;
    const text = `Goed nieuws. ${long} Kort.`;
    expect(highlighted(text)).toEqual([long]);
    expect(lint(text)[0]?.message.nl).toContain('26 woorden');
    expect(rules(`${words(25)}.`)).toEqual([]);
  });

  it('does not end a sentence at abbreviations, initials, decimals or domain names', () => {
    const nl =
      'Dhr. J. Jambon opent vandaag o.a. het station van Mons, bv. met een lint, om 10.30 uur volgens art. 5 van het KB, zie belgium.be voor alle info en het volledige programma.';
    expect(lint(nl).map((f) => f.rule)).toEqual(['long_sentence']);
    const fr =
      'M. le ministre inaugure aujourd’hui la gare de Mons, p.ex. avec un ruban, à 10.30 heures selon l’art. 5 de l’arrêté royal, voir belgium.be pour toutes les infos et tout le programme.';
    expect(lint(fr, { language: 'fr' }).map((f) => f.rule)).toEqual(['long_sentence']);
  });

  it('splits on ! ? … and line breaks', () => {
    const parts = [words(15), words(15), words(15), words(15), words(15)];
    expect(rules(`${parts[0]}! ${parts[1]}? ${parts[2]}… ${parts[3]}\n${parts[4]}`)).toEqual([]);
  });

  it('counts a link or hashtag as one word', () => {
    const text = `${words(24)} https://www.belgium.be/nl/over_belgie/overheid/federale_overheid #Burgers.`;
    expect(lint(text).map((f) => f.rule)).toEqual(['long_sentence']);
    expect(lint(text)[0]?.message.en).toContain('26 words');
  });

  it('follows the configured maximum', () => {
    expect(rules(`${words(28)}.`, { settings: { rules: {}, maxSentenceWords: 30 } })).toEqual([]);
  });
});

describe('all_caps', () => {
  it('flags a run of capitals and highlights it', () => {
    expect(highlighted('OPGELET: DE LOKETTEN ZIJN VANDAAG GESLOTEN. Morgen zijn we er weer.')).toEqual([
      'OPGELET: DE LOKETTEN ZIJN VANDAAG GESLOTEN',
    ]);
    expect(highlighted('ATTENTION : LES GUICHETS SONT FERMÉS aujourd’hui.', { language: 'fr' })).toEqual([
      'ATTENTION : LES GUICHETS SONT FERMÉS',
    ]);
  });

  it('flags a text that is mostly capitals even without a run of three', () => {
    const findings = lint('GRATIS TOEGANG, voor iedereen');
    expect(findings.map((f) => [f.rule, f.start])).toEqual([['all_caps', undefined]]);
  });

  it('allows acronyms, alone or in a row, and a single stressed word', () => {
    expect(rules('De FOD WASO en de RVA werken samen met de NMBS en de MIVB.')).toEqual([]);
    expect(rules('FOD WASO RVA NMBS')).toEqual([]);
    expect(rules('Dit is BELANGRIJK voor alle inwoners van Brussel.')).toEqual([]);
    expect(rules('OK')).toEqual([]);
  });

  it('ignores capitals inside hashtags and links', () => {
    expect(rules('Lees meer op https://WWW.BELGIUM.BE/NL/NIEUWS vandaag')).toEqual([]);
  });
});

describe('emoji_bullets', () => {
  it('flags two or more lines starting with an emoji, at each emoji', () => {
    const text = 'Infosessie\n📅 Datum: 12 mei\n📍 Plaats: Brussel\n  ✅ Gratis';
    expect(highlighted(text)).toEqual(['📅', '📍', '✅']);
    expect(highlighted('1️⃣ Eerst aanmelden\n2️⃣ Dan betalen')).toEqual(['1️⃣', '2️⃣']);
  });

  it('allows a single decorated line, emoji elsewhere, dashes and emoji-only lines', () => {
    expect(rules('🎉 Feest in Gent!\nKom allemaal.')).toEqual([]);
    expect(rules('Datum: 12 mei 📅\nPlaats: Brussel 📍')).toEqual([]);
    expect(rules('- Datum: 12 mei\n- Plaats: Brussel')).toEqual([]);
    expect(rules('🎉\n🎉')).toEqual([]);
    expect(rules('© 2026 FOD Financiën\n© Foto: Belga')).toEqual([]);
  });
});

const period = {
  from: '2026-02-01',
  to: '2026-06-09',
  names: ['Élio Di Rupo', 'Marie-Christine Marghem', 'Jan Peeters', 'Alexander De Croo'],
};
const inPeriod = (text: string, now: string | Date = '2026-05-01') =>
  lint(text, { now, settings: { rules: {}, electionPeriods: [period] } });

describe('election_period_names', () => {
  it('flags listed names during the period, case- and accent-insensitively, blocking by default', () => {
    const text = 'Vandaag bezoekt ELIO DI RUPO de nieuwe school.';
    const findings = inPeriod(text);
    expect(findings.map((f) => [f.rule, f.severity, text.slice(f.start, f.end)])).toEqual([
      ['election_period_names', 'block', 'ELIO DI RUPO'],
    ]);
    expect(findings[0]?.message.nl).toContain('Élio Di Rupo');
    expect(inPeriod('Visite de Marie Christine Marghem à Namur.').map((f) => f.rule)).toEqual(['election_period_names']);
  });

  it('matches whole names only', () => {
    expect(inPeriod('Jan Peetersen opent de bibliotheek.')).toEqual([]);
    expect(inPeriod('Het boek van Jan Peeters.').map((f) => f.rule)).toEqual(['election_period_names']);
  });

  it('finds names written as a hashtag or handle', () => {
    const text = 'Met #AlexanderDeCroo en @alexanderdecroo@mastodon.social';
    const findings = inPeriod(text);
    expect(findings.map((f) => text.slice(f.start, f.end))).toEqual(['#AlexanderDeCroo', '@alexanderdecroo@mastodon.social']);
  });

  it('is quiet outside the period; both ends are inclusive', () => {
    const text = 'Jan Peeters opent de bibliotheek.';
    expect(inPeriod(text, '2026-01-31')).toEqual([]);
    expect(inPeriod(text, '2026-06-10')).toEqual([]);
    expect(inPeriod(text, '2026-02-01')).toHaveLength(1);
    expect(inPeriod(text, '2026-06-09')).toHaveLength(1);
    // An ISO timestamp with the organisation's offset is read as that local date.
    expect(inPeriod(text, '2026-06-09T23:30:00+02:00')).toHaveLength(1);
    expect(inPeriod(text, new Date('2026-06-10T08:00:00Z'))).toEqual([]);
  });

  it('is quiet without configured periods', () => {
    expect(lint('Jan Peeters opent de bibliotheek.')).toEqual([]);
  });
});

describe('localIsoDate', () => {
  it('gives the organisation’s calendar date across a daylight-saving change', () => {
    // Brussels moves to CEST (UTC+2) on 29 March 2026 at 01:00 UTC.
    expect(localIsoDate(new Date('2026-03-28T22:30:00Z'), 'Europe/Brussels')).toBe('2026-03-28'); // 23:30 CET
    expect(localIsoDate(new Date('2026-03-29T22:30:00Z'), 'Europe/Brussels')).toBe('2026-03-30'); // 00:30 CEST
    expect(localIsoDate(new Date('2026-03-29T22:30:00Z'), 'UTC')).toBe('2026-03-29');
  });
});

describe('severity settings', () => {
  const text = 'OPGELET: DE LOKETTEN ZIJN VANDAAG GESLOTEN #federaleoverheid';

  it('uses the defaults when nothing is set', () => {
    expect(resolveLintSettings()).toEqual(DEFAULT_LINT_SETTINGS);
    expect(lint(text).map((f) => [f.rule, f.severity])).toEqual([
      ['all_caps', 'warn'],
      ['hashtag_not_camel_case', 'warn'],
    ]);
    expect(hasBlockingFindings(lint(text))).toBe(false);
  });

  it('lets an organisation block, warn or switch off each rule', () => {
    const settings = { rules: { all_caps: 'block', hashtag_not_camel_case: 'off', alt_text_missing: 'warn' } } as const;
    const findings = lint(text, { settings, media: [{}] });
    expect(findings.map((f) => [f.rule, f.severity])).toEqual([
      ['alt_text_missing', 'warn'],
      ['all_caps', 'block'],
    ]);
    expect(hasBlockingFindings(findings)).toBe(true);
    expect(resolveLintSettings(settings).rules.long_sentence).toBe('warn');
  });

  it('returns findings ordered by position, whole-post findings first', () => {
    const findings = lint('#federaleoverheid #Brussel #Wallonie OPGELET DE LOKETTEN ZIJN DICHT', { media: [{}] });
    const starts = findings.map((f) => f.start ?? -1);
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
    expect(findings[0]?.rule).toBe('alt_text_missing');
  });
});
