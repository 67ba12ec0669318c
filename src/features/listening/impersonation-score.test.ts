import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../app/config.js';
import { localPartOf, MAX_QUERIES, mastodonDomainOf, searchQueries } from './impersonation-queries.js';
import { EQUAL_NAME_SCORE, judgeAccount, type OfficialNames, type RemoteAccount } from './impersonation-score.js';

const official: OfficialNames = { network: 'mastodon', handle: '@stadgent@stad.social', localPart: 'stadgent', displayName: 'Stad Gent' };

const account = (handle: string, displayName: string | null, remoteId = handle): RemoteAccount => {
  const [, user = '', domain = ''] = handle.split('@');
  return { network: 'mastodon', remoteId, handle: `@${user}@${domain}`, localPart: user, displayName, profileUrl: null, avatarUrl: null };
};

describe('search queries for one official channel', () => {
  it('searches the name, the display name, a prefix and look-alike spellings, most useful first', () => {
    const queries = searchQueries({ localPart: 'stadgent', displayName: 'Stad Gent' });
    expect(queries.slice(0, 3)).toEqual(['stadgent', 'Stad Gent', 'stadg']);
    expect(queries).toContain('stadg3nt'); // e → 3
    expect(queries).toContain('stаdgent'); // Cyrillic а
    expect(queries).toContain('Stаd Gent');
    expect(queries.length).toBeLessThanOrEqual(MAX_QUERIES);
    expect(new Set(queries.map((q) => q.toLowerCase())).size).toBe(queries.length);
  });

  it('does not repeat a display name equal to the handle, and keeps to the maximum', () => {
    expect(searchQueries({ localPart: 'nmbs', displayName: 'NMBS' })[0]).toBe('nmbs');
    expect(searchQueries({ localPart: 'nmbs', displayName: 'NMBS' })).not.toContain('NMBS');
    expect(searchQueries({ localPart: 'crisiscentrumpolitie', displayName: 'Crisiscentrum Politie Oost' }, 4)).toHaveLength(4);
  });

  it('reads the name part of Mastodon and Bluesky handles', () => {
    expect(localPartOf('mastodon', '@stadgent@stad.social')).toBe('stadgent');
    expect(mastodonDomainOf('@stadgent@Stad.Social')).toBe('stad.social');
    expect(mastodonDomainOf('stadgent')).toBeNull();
    expect(localPartOf('bluesky', 'stadgent.bsky.social')).toBe('stadgent');
    expect(localPartOf('bluesky', 'stad.gent')).toBe('stad.gent');
    expect(localPartOf('bluesky', 'stadgent.be')).toBe('stadgent');
    expect(localPartOf('bluesky', 'info.gent.be')).toBe('info.gent');
  });
});

describe('judging an account found by search', () => {
  it('scores look-alike handles with the engine and keeps its reasons as evidence', () => {
    expect(judgeAccount(official, account('@stadg3nt@stad.social', 'Stad G3nt'))).toMatchObject({
      score: 0.97,
      evidence: [
        { field: 'handle', candidate: 'stadg3nt', official: 'stadgent', reasons: ['look-alike character: "3" for "e"'] },
        { field: 'displayName', candidate: 'Stad G3nt', official: 'Stad Gent' },
      ],
    });
    expect(judgeAccount(official, account('@stadgent_official@stad.social', 'Stadgent'))?.evidence[0]).toMatchObject({
      field: 'displayName',
    });
    const added = judgeAccount(official, account('@stadgent_official@stad.social', 'Gent Nieuws Bot'));
    expect(added?.evidence).toEqual([
      {
        field: 'handle',
        candidate: 'stadgent_official',
        official: 'stadgent',
        score: 0.9,
        reasons: ['added word: official', 'separators differ'],
        details: [{ kind: 'addedWord', word: 'official' }, { kind: 'separators' }],
      },
    ]);
    const cyrillic = judgeAccount(official, account('@stаdgent@stad.social', null));
    expect(cyrillic?.score).toBe(0.99);
    expect(cyrillic?.evidence[0]?.reasons).toContain('mixed scripts: Latin+Cyrillic');
    expect(cyrillic?.evidence[0]?.details).toContainEqual({ kind: 'mixedScripts', scripts: ['Latin', 'Cyrillic'] });
  });

  it('flags the same name on another instance and the same display name on another account', () => {
    expect(judgeAccount(official, account('@stadgent@evil.example', 'Gent'))?.evidence[0]).toEqual({
      field: 'handle',
      candidate: '@stadgent@evil.example',
      official: '@stadgent@stad.social',
      score: EQUAL_NAME_SCORE,
      reasons: ['same name on another instance'],
      details: [{ kind: 'sameNameElsewhere', where: 'instance' }],
    });
    expect(judgeAccount(official, account('@gentfan@stad.social', 'stad gent'))?.evidence).toEqual([
      {
        field: 'displayName',
        candidate: 'stad gent',
        official: 'Stad Gent',
        score: EQUAL_NAME_SCORE,
        reasons: ['same display name as the official account'],
        details: [{ kind: 'sameDisplayName' }],
      },
    ]);
    const bluesky: OfficialNames = { network: 'bluesky', handle: 'stadgent.bsky.social', localPart: 'stadgent', displayName: 'Stad Gent' };
    const elsewhere: RemoteAccount = { ...account('@stadgent@evil.example', null), network: 'bluesky', handle: 'stadgent.evil.example' };
    expect(judgeAccount(bluesky, elsewhere)?.evidence[0]).toMatchObject({
      reasons: ['same name on another domain'],
      details: [{ kind: 'sameNameElsewhere', where: 'domain' }],
    });
  });

  it('reads a Bluesky domain handle whole when its last label is part of the name', () => {
    const domain: OfficialNames = { network: 'bluesky', handle: 'stad.gent', localPart: localPartOf('bluesky', 'stad.gent'), displayName: 'Stad Gent' };
    const lookalike: RemoteAccount = {
      network: 'bluesky',
      remoteId: 'did:plc:x',
      handle: 'stadgent.bsky.social',
      localPart: 'stadgent',
      displayName: null,
      profileUrl: null,
      avatarUrl: null,
    };
    expect(judgeAccount(domain, lookalike)?.evidence[0]).toMatchObject({ field: 'handle', official: 'stad.gent', reasons: ['separators differ'] });
  });

  it('leaves the official account itself and unrelated accounts alone', () => {
    expect(judgeAccount(official, account('@StadGent@stad.social', 'Stad Gent'))).toBeNull();
    expect(judgeAccount(official, account('@bakkerij@stad.social', 'Bakkerij De Zon'))).toBeNull();
    expect(judgeAccount(official, account('@gentfietst@stad.social', 'Gent fietst'))).toBeNull();
    expect(judgeAccount(official, { ...account('@stadg3nt@stad.social', null), network: 'bluesky' })).toBeNull();
  });
});

describe('KANAAL_BLUESKY_APPVIEW', () => {
  it('defaults to the public AppView and takes an http(s) address', () => {
    expect(loadConfig({}).blueskyAppView).toBe('https://public.api.bsky.app');
    expect(loadConfig({ KANAAL_BLUESKY_APPVIEW: 'https://appview.example/' }).blueskyAppView).toBe('https://appview.example');
    expect(() => loadConfig({ KANAAL_BLUESKY_APPVIEW: 'ftp://appview.example' })).toThrow(/KANAAL_BLUESKY_APPVIEW/);
  });
});
