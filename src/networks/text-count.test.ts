import { describe, expect, it } from 'vitest';
import { NETWORK_LIMITS, withOverrides } from './limits.js';
import { countGraphemes, countText, mastodonCountableText, validateAgainstLimits } from './text-count.js';

const FAMILY = '👨‍👩‍👧'; // man ZWJ woman ZWJ girl: 5 code points, 8 UTF-16 units, 18 UTF-8 bytes, 1 grapheme
const FLAG_BE = '🇧🇪'; // two regional indicators: 1 grapheme, 8 UTF-8 bytes
const E_DECOMPOSED = 'e\u0301'; // é as e + combining acute accent
const LONG_URL = 'https://www.belgium.be/nl/nieuws/2025/een-bijzonder-lang-adres-dat-veel-langer-is-dan-23-tekens';

describe('countText: X (twitter-text weighted)', () => {
  it('counts Latin text, accents and French punctuation as 1 each', () => {
    expect(countText('x', 'Bonjour à tous !').count).toBe(16);
    expect(countText('x', 'é'.repeat(280))).toMatchObject({ count: 280, over: false, remaining: 0 });
  });

  it('weighs CJK and emoji as 2, a ZWJ family as one emoji', () => {
    expect(countText('x', '日本語').count).toBe(6);
    expect(countText('x', FAMILY).count).toBe(2);
    expect(countText('x', `Hallo ${FLAG_BE}`).count).toBe(8);
  });

  it('counts every URL as 23, however long', () => {
    expect(countText('x', `Lees ${LONG_URL}`).count).toBe(5 + 23);
    expect(countText('x', 'Lees https://fod.be').count).toBe(5 + 23);
  });

  it('is over at 281', () => {
    expect(countText('x', 'a'.repeat(281))).toEqual({ count: 281, max: 280, remaining: -1, over: true, rule: 'twitter-weighted' });
  });
});

describe('countText: Bluesky (graphemes)', () => {
  it('counts what people see as one character as one', () => {
    expect(countText('bluesky', FAMILY).count).toBe(1);
    expect(countText('bluesky', FLAG_BE).count).toBe(1);
    expect(countText('bluesky', E_DECOMPOSED).count).toBe(1);
    expect(countText('bluesky', '日本語').count).toBe(3);
    expect(countText('bluesky', `Lees ${LONG_URL}`).count).toBe(5 + LONG_URL.length);
  });

  it('allows 300 graphemes and refuses 301', () => {
    expect(countText('bluesky', 'é'.repeat(300))).toMatchObject({ count: 300, over: false });
    expect(countText('bluesky', 'é'.repeat(301))).toMatchObject({ count: 301, over: true, remaining: -1 });
  });

  it('is over when the 3,000-byte ceiling is passed even within 300 graphemes', () => {
    const families = FAMILY.repeat(200); // 200 graphemes, 3,600 bytes
    expect(countText('bluesky', families)).toMatchObject({ count: 200, over: true, remaining: 100 });
    expect(countText('bluesky', FLAG_BE.repeat(300)).over).toBe(false); // 2,400 bytes
  });
});

describe('countText: Mastodon (URLs 23, mention domains free, graphemes)', () => {
  it('counts URLs as 23 and @user@domain as @user', () => {
    expect(countText('mastodon', `Lees ${LONG_URL}`).count).toBe(5 + 23);
    expect(countText('mastodon', 'Dag @jan@mastodon.social!').count).toBe('Dag @jan!'.length);
    expect(mastodonCountableText('cc @fod_fin@social.belgium.be en @bosa')).toBe('cc @fod_fin en @bosa');
  });

  it('leaves e-mail addresses and URL paths alone', () => {
    expect(countText('mastodon', 'Mail info@fod.be').count).toBe(16);
    expect(mastodonCountableText('https://mastodon.social/@jan')).toBe('x'.repeat(23));
  });

  it('does not shorten links without a scheme (Mastodon only links http(s))', () => {
    expect(countText('mastodon', 'www.belgium.be').count).toBe(14);
  });

  it('counts a ZWJ family and a decomposed accent as one, like the server does', () => {
    expect(countText('mastodon', `${FAMILY}${E_DECOMPOSED}`).count).toBe(2);
  });

  it('follows instance overrides', () => {
    const limits = withOverrides('mastodon', { text: { max: 5000 } });
    expect(countText('mastodon', 'a'.repeat(600), limits)).toMatchObject({ max: 5000, over: false });
    expect(countText('mastodon', 'a'.repeat(600)).over).toBe(true);
  });
});

describe('countText: Threads (emoji count as UTF-8 bytes)', () => {
  it('counts letters per code point and emoji per byte', () => {
    expect(countText('threads', 'Hallo 👋').count).toBe(6 + 4);
    expect(countText('threads', FAMILY).count).toBe(18);
    expect(countText('threads', FLAG_BE).count).toBe(8);
    expect(countText('threads', 'Élections 2026').count).toBe(14);
    expect(countText('threads', '日本語').count).toBe(3);
  });

  it('has 500 as its limit', () => {
    expect(countText('threads', `${'a'.repeat(497)}👋`)).toMatchObject({ count: 501, over: true });
  });
});

describe('countText: code-point networks', () => {
  it.each(['linkedin', 'facebook', 'instagram', 'viva_engage'] as const)('%s counts code points', (network) => {
    expect(countText(network, FAMILY).count).toBe(5);
    expect(countText(network, 'é').count).toBe(1);
    expect(countText(network, E_DECOMPOSED).count).toBe(2);
    expect(countText(network, '日本語').count).toBe(3);
    expect(countText(network, `Lees ${LONG_URL}`).count).toBe(5 + LONG_URL.length);
  });

  it('uses each network’s own maximum', () => {
    expect(countText('linkedin', 'a'.repeat(3001)).over).toBe(true);
    expect(countText('instagram', 'a'.repeat(2200)).over).toBe(false);
    expect(countText('facebook', 'a'.repeat(63_207))).toMatchObject({ max: 63_206, over: true });
  });

  it('checks YouTube’s 5,000-byte description ceiling', () => {
    expect(countText('youtube', 'é'.repeat(2600))).toMatchObject({ count: 2600, over: true }); // 5,200 bytes
    expect(countText('youtube', 'e'.repeat(5000)).over).toBe(false);
  });
});

describe('countGraphemes', () => {
  it('handles an empty text', () => {
    expect(countGraphemes('')).toBe(0);
    expect(countText('x', '')).toMatchObject({ count: 0, over: false });
  });
});

const jpeg = (bytes = 200_000, altText: string | null = 'Minister opent een nieuw station in Mons') => ({
  mimeType: 'image/jpeg',
  bytes,
  altText,
});
const codes = (issues: { code: string }[]) => issues.map((issue) => issue.code);

describe('validateAgainstLimits', () => {
  it('accepts a post within every limit', () => {
    expect(validateAgainstLimits('mastodon', { text: 'Dag!', media: [jpeg()] })).toEqual([]);
    expect(validateAgainstLimits('bluesky', { text: 'Dag!' })).toEqual([]);
  });

  it('reports text too long with the count and the limit', () => {
    const [issue] = validateAgainstLimits('x', { text: 'a'.repeat(300) });
    expect(issue).toMatchObject({ code: 'text_too_long', network: 'x', limit: 280, actual: 300 });
    expect(issue?.message.nl).toContain('300 van de 280');
  });

  it('reports Bluesky’s byte ceiling as text too long in bytes', () => {
    const [issue] = validateAgainstLimits('bluesky', { text: FAMILY.repeat(200) });
    expect(issue).toMatchObject({ code: 'text_too_long', limit: 3000, actual: 3600 });
  });

  it('reports too many media and a forbidden mix', () => {
    expect(codes(validateAgainstLimits('x', { text: '', media: [jpeg(), jpeg(), jpeg(), jpeg(), jpeg()] }))).toEqual(['too_many_media']);
    const gifAndPhoto = [{ mimeType: 'image/gif', bytes: 1000, altText: 'Animatie van de kaart' }, jpeg()];
    expect(codes(validateAgainstLimits('x', { text: '', media: gifAndPhoto }))).toEqual(['media_combination_not_supported']);
    expect(codes(validateAgainstLimits('mastodon', { text: '', media: gifAndPhoto }))).toEqual([]);
    const videoAndPhoto = [{ mimeType: 'video/mp4', bytes: 1000, altText: 'Video van de persconferentie' }, jpeg()];
    expect(codes(validateAgainstLimits('bluesky', { text: '', media: videoAndPhoto }))).toEqual(['media_combination_not_supported']);
    expect(codes(validateAgainstLimits('instagram', { text: '', media: videoAndPhoto }))).toEqual([]);
  });

  it('reports unsupported types and too large files with their index', () => {
    const issues = validateAgainstLimits('instagram', {
      text: 'Zomer in Brugge',
      media: [
        { mimeType: 'image/png', bytes: 1000, altText: 'Brug' },
        jpeg(9_000_000),
        { mimeType: 'application/pdf', bytes: 10, altText: 'x' },
      ],
    });
    expect(issues.map(({ code, mediaIndex }) => [code, mediaIndex])).toEqual([
      ['media_type_not_supported', 0],
      ['media_too_large', 1],
      ['media_type_not_supported', 2],
    ]);
    expect(issues[1]).toMatchObject({ limit: 8_000_000, actual: 9_000_000 });
    expect(issues[1]?.message.fr).toContain('9 Mo');
  });

  it('knows Bluesky images are limited to 1 MB while GIFs on X may be 15 MB', () => {
    expect(codes(validateAgainstLimits('bluesky', { text: '', media: [jpeg(1_000_001)] }))).toEqual(['media_too_large']);
    expect(
      codes(validateAgainstLimits('x', { text: '', media: [{ mimeType: 'image/gif', bytes: 14_000_000, altText: 'Kaart' }] })),
    ).toEqual([]);
    expect(codes(validateAgainstLimits('x', { text: '', media: [jpeg(6_000_000)] }))).toEqual(['media_too_large']);
  });

  it('requires alt text on every attachment, even where the network cannot carry it', () => {
    for (const altText of [null, '', '   ']) {
      expect(codes(validateAgainstLimits('mastodon', { text: '', media: [jpeg(1000, altText)] }))).toEqual(['alt_text_missing']);
    }
    expect(codes(validateAgainstLimits('viva_engage', { text: '', media: [jpeg(1000, null)] }))).toEqual(['alt_text_missing']);
  });

  it('checks alt text length per network and per media kind', () => {
    expect(codes(validateAgainstLimits('mastodon', { text: '', media: [jpeg(1000, 'a'.repeat(1500))] }))).toEqual([]);
    expect(codes(validateAgainstLimits('mastodon', { text: '', media: [jpeg(1000, 'a'.repeat(1501))] }))).toEqual(['alt_text_too_long']);
    expect(codes(validateAgainstLimits('x', { text: '', media: [jpeg(1000, 'a'.repeat(1001))] }))).toEqual(['alt_text_too_long']);
    expect(codes(validateAgainstLimits('bluesky', { text: '', media: [jpeg(1000, FAMILY.repeat(2000))] }))).toEqual([]);
    const video = { mimeType: 'video/mp4', bytes: 1000, altText: 'a'.repeat(1001) };
    expect(validateAgainstLimits('bluesky', { text: '', media: [video] })).toMatchObject([{ code: 'alt_text_too_long', limit: 1000 }]);
    // Viva Engage cannot carry alt text: a long one is not the network's problem.
    expect(codes(validateAgainstLimits('viva_engage', { text: '', media: [jpeg(1000, 'a'.repeat(9000))] }))).toEqual([]);
  });

  it('requires media on Instagram and a video on YouTube', () => {
    expect(codes(validateAgainstLimits('instagram', { text: 'Zonder beeld' }))).toEqual(['media_required']);
    expect(codes(validateAgainstLimits('youtube', { text: 'Beschrijving', media: [jpeg()] }))).toEqual(['media_type_not_supported']);
  });

  it('enforces Threads’ 5 links and Instagram’s 30 hashtags', () => {
    const links = Array.from({ length: 6 }, (_, i) => `https://example${i}.be`).join(' ');
    expect(validateAgainstLimits('threads', { text: links })).toMatchObject([{ code: 'too_many_links_for_network', limit: 5, actual: 6 }]);
    expect(validateAgainstLimits('threads', { text: `${links} https://example0.be`.replace('https://example5.be', '') })).toEqual([]);
    const tags = Array.from({ length: 31 }, (_, i) => `#Tag${i}`).join(' ');
    expect(codes(validateAgainstLimits('instagram', { text: tags, media: [jpeg()] }))).toEqual(['too_many_hashtags_for_network']);
  });

  it('uses the limits passed in (same data as the UI)', () => {
    const limits = withOverrides('mastodon', { media: { maxCount: 2 } });
    expect(codes(validateAgainstLimits('mastodon', { text: '', media: [jpeg(), jpeg(), jpeg()] }, limits))).toEqual(['too_many_media']);
    expect(NETWORK_LIMITS.mastodon.media.maxCount).toBe(4);
  });
});
