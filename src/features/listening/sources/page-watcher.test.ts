import { createHash } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { RSS_ETAG, RSS_LAST_MODIFIED, startWebSources, type WebSourcesPeer } from '../../../../test/peers/web-sources.js';
import { SourceError } from './item.js';
import { checkPage, type PageCheckOptions, type PageState } from './page-watcher.js';

let peer: WebSourcesPeer;
const allow = ['127.0.0.1'];
const newsOnly: PageCheckOptions = { allow, selector: '#news' };

beforeAll(async () => {
  peer = await startWebSources();
});
afterAll(async () => {
  await peer.close();
});
beforeEach(() => {
  peer.watched.news = ['Eerste bericht over de markt.'];
});

async function failure(path: string, options: PageCheckOptions, previous: PageState | null = null): Promise<SourceError> {
  const error = await checkPage(peer.url(path), previous, options).then(
    () => null,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(SourceError);
  return error as SourceError;
}

describe('checkPage with a selector', () => {
  it('sets a baseline on the first check, without an item', async () => {
    const first = await checkPage(peer.url('/watched.html'), null, newsOnly);
    expect(first.outcome).toBe('baseline');
    expect(first.item).toBeNull();
    expect(first.state).toEqual({
      contentHash: createHash('sha256').update('Eerste bericht over de markt.').digest('hex'),
      etag: null,
      lastModified: null,
      text: 'Eerste bericht over de markt.',
    });
  });

  it('ignores changes outside the selected part', async () => {
    const first = await checkPage(peer.url('/watched.html'), null, newsOnly);
    // The sidebar and script change on every request; the selected part does not.
    const second = await checkPage(peer.url('/watched.html'), first.state, newsOnly);
    expect(second.outcome).toBe('unchanged');
    expect(second.item).toBeNull();
    expect(second.state.contentHash).toBe(first.state.contentHash);
  });

  it('yields one item with the added text when the selected part changes', async () => {
    const first = await checkPage(peer.url('/watched.html'), null, newsOnly);
    peer.watched.news = ['Nieuw: de   Zottegemse&nbsp;markt verhuist.', 'Eerste bericht over de markt.'];
    const now = new Date('2025-06-12T10:00:00Z');
    const second = await checkPage(peer.url('/watched.html'), first.state, { ...newsOnly, now });
    expect(second.outcome).toBe('changed');
    expect(second.item).toEqual({
      kind: 'page',
      externalId: `${peer.url('/watched.html')}#${second.state.contentHash}`,
      url: peer.url('/watched.html'),
      author: null,
      authorDisplayName: null,
      title: 'Persberichten – Gemeente Zottegem',
      text: 'Nieuw: de Zottegemse markt verhuist.',
      language: 'nl',
      publishedAt: now,
    });
    expect(second.state.text).toBe('Nieuw: de Zottegemse markt verhuist.\nEerste bericht over de markt.');

    // Unchanged again from the new baseline.
    const third = await checkPage(peer.url('/watched.html'), second.state, newsOnly);
    expect(third.outcome).toBe('unchanged');
  });

  it('moves the baseline without an item when text is only removed', async () => {
    peer.watched.news = ['Bericht A.', 'Bericht B.'];
    const first = await checkPage(peer.url('/watched.html'), null, newsOnly);
    peer.watched.news = ['Bericht B.'];
    const second = await checkPage(peer.url('/watched.html'), first.state, newsOnly);
    expect(second).toMatchObject({ outcome: 'changed', item: null, state: { text: 'Bericht B.' } });
  });

  it('uses the whole text when the previous state has no text', async () => {
    const first = await checkPage(peer.url('/watched.html'), null, newsOnly);
    peer.watched.news = ['Ander bericht.'];
    const { text: _text, ...withoutText } = first.state;
    const second = await checkPage(peer.url('/watched.html'), withoutText, newsOnly);
    expect(second.item?.text).toBe('Ander bericht.');
  });

  it('reads a 304 as unchanged and keeps the hash and text', async () => {
    // The peer answers 304 on /rss.xml to its ETag; the watcher does not look at the body then.
    const previous: PageState = { contentHash: 'abc', etag: RSS_ETAG, lastModified: null, text: 'Oud.' };
    const check = await checkPage(peer.url('/rss.xml'), previous, { allow });
    expect(peer.requests.at(-1)?.headers['if-none-match']).toBe(RSS_ETAG);
    expect(check).toEqual({ item: null, outcome: 'unchanged', state: { ...previous, lastModified: RSS_LAST_MODIFIED } });
  });

  it('reads a page in ISO-8859-1 declared in a meta tag', async () => {
    const { state } = await checkPage(peer.url('/latin1-page.html'), null, { allow, selector: '#x' });
    expect(state.text).toBe('Noël à Mons');
  });

  it('refuses a selector that matches nothing, and one that is not CSS', async () => {
    expect((await failure('/watched.html', { allow, selector: '.press-releases' })).reason).toBe(
      'the selector “.press-releases” matches nothing on the page',
    );
    expect((await failure('/watched.html', { allow, selector: 'div[[[' })).reason).toBe(
      'the selector “div[[[” is not a valid CSS selector',
    );
  });
});

describe('checkPage without a selector', () => {
  it('watches the main content Readability finds, not navigation or footer', async () => {
    const { state } = await checkPage(peer.url('/article.html'), null, { allow });
    expect(state.text).toContain('Le conseil communal de Namur a adopté le budget 2026, paragraphe 1,');
    expect(state.text).toContain('paragraphe 6');
    expect(state.text).not.toContain('Accueil');
    expect(state.text).not.toContain('© Ville de Namur');
  });
});

describe('checkPage: bad input gives a plain SourceError', () => {
  it.each([
    ['/status/404', 'the address answered 404 (not found)'],
    ['/report.pdf', 'the address does not return a web page (it returns application/pdf)'],
    ['/bomb.xml', 'the page is larger than 5 MB'],
    ['/redirect-private', 'the address points to a private network'],
  ])('%s → "%s"', async (path, reason) => {
    expect((await failure(path, { allow })).reason).toBe(reason);
  });

  it('gives up on a site that never finishes answering', async () => {
    expect((await failure('/slow.xml', { allow, timeoutMs: 500 })).reason).toBe('the site did not answer within 0.5 s');
  });

  it('refuses a loopback address without the allow list', async () => {
    const before = peer.requests.length;
    expect((await failure('/watched.html', { allow: [], selector: '#news' })).reason).toBe('the address points to a private network');
    expect(peer.requests.length).toBe(before);
  });
});
