import { describe, expect, it } from 'vitest';
import { NETWORKS } from '../features/registry/schema.js';
import { NETWORK_LIMITS, mediaClassOf, withOverrides } from './limits.js';

describe('NETWORK_LIMITS', () => {
  it('has an entry for every network the registry knows', () => {
    expect(Object.keys(NETWORK_LIMITS).sort()).toEqual([...NETWORKS].sort());
  });

  it.each(NETWORKS)('%s is internally consistent', (network) => {
    const limits = NETWORK_LIMITS[network];
    expect(limits.text.max).toBeGreaterThan(0);
    expect(limits.media.maxCount).toBeGreaterThan(0);
    expect(limits.threads.maxParts).toBeGreaterThanOrEqual(1);
    if (!limits.threads.supported) expect(limits.threads.maxParts).toBe(1);
    if (limits.altText.supported) expect(limits.altText.maxLength).toBeGreaterThan(0);
    // Every accepted type belongs to a class that has a size limit, and every type is lower case.
    for (const type of limits.media.types) {
      const mediaClass = mediaClassOf(type);
      expect(mediaClass, type).not.toBeNull();
      expect(limits.media.maxBytes[mediaClass ?? 'image'], `${network} ${type}`).toBeGreaterThan(0);
      expect(type).toBe(type.toLowerCase());
    }
  });

  it('holds the documented headline numbers', () => {
    expect(NETWORK_LIMITS.mastodon.text).toMatchObject({ max: 500, rule: 'chars-urls-23', urlLength: 23 });
    expect(NETWORK_LIMITS.mastodon.altText.maxLength).toBe(1500);
    expect(NETWORK_LIMITS.bluesky.text).toMatchObject({ max: 300, rule: 'graphemes', maxUtf8Bytes: 3000 });
    expect(NETWORK_LIMITS.bluesky.media.maxBytes.image).toBe(1_000_000);
    expect(NETWORK_LIMITS.x.text).toMatchObject({ max: 280, rule: 'twitter-weighted' });
    expect(NETWORK_LIMITS.x.media.maxCount).toBe(4);
    expect(NETWORK_LIMITS.instagram.media).toMatchObject({ maxCount: 10, requiresMedia: true });
    expect(NETWORK_LIMITS.instagram.text.max).toBe(2200);
    expect(NETWORK_LIMITS.threads.text).toMatchObject({ max: 500, maxLinks: 5 });
    expect(NETWORK_LIMITS.linkedin.text.max).toBe(3000);
    expect(NETWORK_LIMITS.facebook.text.max).toBe(63_206);
  });
});

describe('mediaClassOf', () => {
  it('classifies GIFs apart from other images', () => {
    expect(mediaClassOf('image/gif')).toBe('gif');
    expect(mediaClassOf('IMAGE/JPEG')).toBe('image');
    expect(mediaClassOf('video/mp4')).toBe('video');
    expect(mediaClassOf('application/pdf')).toBeNull();
  });
});

describe('withOverrides', () => {
  it('replaces only what is given and leaves the table alone', () => {
    const limits = withOverrides('mastodon', { text: { max: 5000 }, media: { maxBytes: { image: 8_000_000 } } });
    expect(limits.text).toMatchObject({ max: 5000, rule: 'chars-urls-23', urlLength: 23 });
    expect(limits.media.maxBytes).toMatchObject({ image: 8_000_000, video: NETWORK_LIMITS.mastodon.media.maxBytes.video });
    expect(NETWORK_LIMITS.mastodon.text.max).toBe(500);
  });
});
