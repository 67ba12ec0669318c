import { describe, expect, it } from 'vitest';
import { addUtmTags, addUtmToUrl, defaultUtmParams } from './utm.js';

const params = { source: 'mastodon', medium: 'social', campaign: 'belastingaangifte-2026' };
const TAGS = 'utm_source=mastodon&utm_medium=social&utm_campaign=belastingaangifte-2026';

describe('addUtmToUrl', () => {
  it('adds tags to a link without a query, adding the path slash a browser would', () => {
    expect(addUtmToUrl('https://financien.belgium.be/nl/aangifte', params)).toBe(`https://financien.belgium.be/nl/aangifte?${TAGS}`);
    expect(addUtmToUrl('https://belgium.be', params)).toBe(`https://belgium.be/?${TAGS}`);
    expect(addUtmToUrl('http://belgium.be:8080', params)).toBe(`http://belgium.be:8080/?${TAGS}`);
  });

  it('keeps existing parameters as written and puts the fragment last', () => {
    expect(addUtmToUrl('https://www.belgium.be/fr/recherche?q=imp%C3%B4ts&page=2#resultats', params)).toBe(
      `https://www.belgium.be/fr/recherche?q=imp%C3%B4ts&page=2&${TAGS}#resultats`,
    );
    expect(addUtmToUrl('https://belgium.be/nl#contact', params)).toBe(`https://belgium.be/nl?${TAGS}#contact`);
    expect(addUtmToUrl('https://belgium.be/nl?', params)).toBe(`https://belgium.be/nl?${TAGS}`);
    expect(addUtmToUrl('https://belgium.be/nl?a=1&', params)).toBe(`https://belgium.be/nl?a=1&${TAGS}`);
  });

  it('leaves links that already carry utm_* tags alone', () => {
    const tagged = 'https://belgium.be/nl?utm_source=nieuwsbrief&x=1';
    expect(addUtmToUrl(tagged, params)).toBe(tagged);
    expect(addUtmToUrl('https://belgium.be/nl?UTM_Medium=email', params)).toBe('https://belgium.be/nl?UTM_Medium=email');
  });

  it('encodes values and adds utm_content only when given', () => {
    const url = addUtmToUrl('https://belgium.be/nl', { source: 'x', medium: 'social', campaign: 'Zomer & strand', content: 'variant b' });
    expect(url).toBe('https://belgium.be/nl?utm_source=x&utm_medium=social&utm_campaign=Zomer%20%26%20strand&utm_content=variant%20b');
    expect(new URL(url).searchParams.get('utm_campaign')).toBe('Zomer & strand');
  });

  it('skips empty values and non-http links', () => {
    expect(addUtmToUrl('https://belgium.be/nl', { ...params, campaign: ' ' })).toBe(
      'https://belgium.be/nl?utm_source=mastodon&utm_medium=social',
    );
    expect(addUtmToUrl('mailto:info@fod.be', params)).toBe('mailto:info@fod.be');
    expect(addUtmToUrl('not a url', params)).toBe('not a url');
  });

  it('with onlyHosts, tags the organisation’s own hosts and their subdomains only', () => {
    const onlyHosts = ['belgium.be', 'https://www.fin.fgov.be/'];
    expect(addUtmToUrl('https://www.belgium.be/nl', params, { onlyHosts })).toBe(`https://www.belgium.be/nl?${TAGS}`);
    expect(addUtmToUrl('https://financien.belgium.be/nl', params, { onlyHosts })).toContain('utm_source');
    expect(addUtmToUrl('https://fin.fgov.be/x', params, { onlyHosts })).toContain('utm_source');
    expect(addUtmToUrl('https://www.vlaanderen.be/nl', params, { onlyHosts })).toBe('https://www.vlaanderen.be/nl');
    expect(addUtmToUrl('https://notbelgium.be/nl', params, { onlyHosts })).toBe('https://notbelgium.be/nl');
    expect(addUtmToUrl('https://belgium.be.evil.example/nl', params, { onlyHosts })).toBe('https://belgium.be.evil.example/nl');
  });

  it('matches internationalised host names in either spelling', () => {
    expect(addUtmToUrl('https://bélgica.example/a', params, { onlyHosts: ['xn--blgica-bva.example'] })).toContain('utm_source');
    expect(addUtmToUrl('https://xn--blgica-bva.example/a', params, { onlyHosts: ['bélgica.example'] })).toContain('utm_source');
  });
});

describe('addUtmTags', () => {
  it('tags every http(s) link in a text and leaves trailing punctuation outside', () => {
    const text = 'Aangifte? Zie https://financien.belgium.be/nl/aangifte. Of lees (https://www.belgium.be/nl/belastingen)!';
    expect(addUtmTags(text, params)).toBe(
      `Aangifte? Zie https://financien.belgium.be/nl/aangifte?${TAGS}. Of lees (https://www.belgium.be/nl/belastingen?${TAGS})!`,
    );
  });

  it('tags the same link every time it appears and keeps emoji and accents around it intact', () => {
    const text = '👉 https://belgium.be/fr — Élections 👉 https://belgium.be/fr';
    expect(addUtmTags(text, params)).toBe(`👉 https://belgium.be/fr?${TAGS} — Élections 👉 https://belgium.be/fr?${TAGS}`);
  });

  it('keeps parentheses that belong to the link', () => {
    expect(addUtmTags('Zie https://nl.wikipedia.org/wiki/Brussel_(stad) nu', params)).toBe(
      `Zie https://nl.wikipedia.org/wiki/Brussel_(stad)?${TAGS} nu`,
    );
  });

  it('leaves links without a scheme, e-mail addresses and other hosts alone', () => {
    const text = 'Mail info@fod.be, zie www.belgium.be of https://www.vlaanderen.be en https://www.belgium.be';
    expect(addUtmTags(text, params, { onlyHosts: ['belgium.be'] })).toBe(
      `Mail info@fod.be, zie www.belgium.be of https://www.vlaanderen.be en https://www.belgium.be/?${TAGS}`,
    );
  });

  it('returns a text without links unchanged', () => {
    expect(addUtmTags('Geen links hier.', params)).toBe('Geen links hier.');
  });
});

describe('defaultUtmParams', () => {
  it('uses the network as source and social as medium', () => {
    expect(defaultUtmParams('linkedin', 'zomer')).toEqual({ source: 'linkedin', medium: 'social', campaign: 'zomer' });
    expect(defaultUtmParams('viva_engage', 'intranet')).toMatchObject({ source: 'viva_engage', medium: 'social' });
  });

  it('lets an organisation or channel override any tag', () => {
    expect(defaultUtmParams('x', 'zomer', { source: 'twitter', content: 'fr' })).toEqual({
      source: 'twitter',
      medium: 'social',
      campaign: 'zomer',
      content: 'fr',
    });
  });

  it('does not tag links posted to our own website unless a source is configured', () => {
    expect(defaultUtmParams('website', 'zomer')).toBeNull();
    expect(defaultUtmParams('website', 'zomer', { source: 'partnersite' })).toMatchObject({ source: 'partnersite' });
  });
});
