import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RSS_ETAG, RSS_LAST_MODIFIED, startWebSources, type WebSourcesPeer } from '../../../../test/peers/web-sources.js';
import { readFeed } from './feed-reader.js';
import { SourceError } from './item.js';

let peer: WebSourcesPeer;
const allow = ['127.0.0.1'];

beforeAll(async () => {
  peer = await startWebSources();
});
afterAll(async () => {
  await peer.close();
});

/** The SourceError a read fails with (the test fails if it succeeds or throws anything else). */
async function failure(path: string, options: Parameters<typeof readFeed>[2] = { allow }): Promise<SourceError> {
  const error = await readFeed(peer.url(path), null, options).then(
    () => null,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(SourceError);
  return error as SourceError;
}

describe('readFeed: formats', () => {
  it('reads RSS 2.0: text without tags or entities, author, date, language, ids and links', async () => {
    const { items, feedTitle, notModified } = await readFeed(peer.url('/rss.xml'), null, { allow });
    expect(notModified).toBe(false);
    expect(feedTitle).toBe('Stad Gent – Nieuws');
    expect(items).toHaveLength(3);
    expect(items[0]).toEqual({
      kind: 'feed',
      externalId: 'gent-2025-0042', // guid, even though isPermaLink="false" (then it is not the link)
      url: 'https://stad.gent/nieuws/fietspad',
      author: 'Jan Peeters',
      authorDisplayName: 'Jan Peeters',
      title: 'Nieuw fietspad & brug aan de Coupure',
      text: 'Nieuw fietspad & brug aan de Coupure\nDe stad opent vandaag het fietspad.\nWerken duren tot juni én juli.',
      language: 'nl',
      publishedAt: new Date('2025-06-10T07:00:00Z'),
    });
    // No guid: the link (resolved against the feed address) is the id; "email (Name)" author; CEST date.
    expect(items[1]).toMatchObject({
      externalId: peer.url('/nieuws/zomer'),
      url: peer.url('/nieuws/zomer'),
      author: 'Persdienst Gent',
      authorDisplayName: 'Persdienst Gent',
      text: 'Zomerfeesten\nGentse Feesten & meer',
      publishedAt: new Date('2025-06-11T12:30:00Z'),
    });
    // A numeric guid stays exactly as written (no float rounding).
    expect(items[2]).toMatchObject({ externalId: '12345678901234567890', url: null, author: null, publishedAt: null });
  });

  it('reads Atom: alternate link, html title, entry language and feed author as fallback', async () => {
    const { items, feedTitle } = await readFeed(peer.url('/atom.xml'), null, { allow });
    expect(feedTitle).toBe('Ville de Liège');
    expect(items).toEqual([
      {
        kind: 'feed',
        externalId: 'urn:liege:news:1',
        url: 'https://www.liege.be/actualites/velo',
        author: 'Marie Dubois',
        authorDisplayName: 'Marie Dubois',
        title: 'Le vélo en ville',
        text: 'Le vélo en ville\nNouvelles pistes\ncyclables à Liège',
        language: 'fr',
        publishedAt: new Date('2025-06-01T08:00:00Z'), // published, not updated
      },
      {
        kind: 'feed',
        externalId: 'urn:liege:news:2',
        url: 'https://www.liege.be/de/radwege',
        author: 'Service presse',
        authorDisplayName: 'Service presse',
        title: 'Neue Radwege',
        text: 'Neue Radwege\nAuch in Eupen & Umgebung.',
        language: 'de',
        publishedAt: new Date('2025-06-03T08:00:00Z'),
      },
    ]);
  });

  it('reads JSON Feed 1.1: html and plain content, item and feed authors, languages', async () => {
    const { items, feedTitle } = await readFeed(peer.url('/feed.json'), null, { allow });
    expect(feedTitle).toBe('Provincie Antwerpen');
    expect(items).toEqual([
      {
        kind: 'feed',
        externalId: 'prov-1',
        url: 'https://www.provincieantwerpen.be/nieuws/1',
        author: 'An Janssens',
        authorDisplayName: 'An Janssens',
        title: 'Nieuwe natuurgebieden',
        text: 'Nieuwe natuurgebieden\nDe provincie koopt grond.\nKalmthout\nZoersel',
        language: 'nl',
        publishedAt: new Date('2025-06-05T10:00:00Z'),
      },
      {
        kind: 'feed',
        externalId: '2',
        url: null,
        author: 'Redactie',
        authorDisplayName: 'Redactie',
        title: 'Plain text item',
        // content_text is plain text: "&amp;" is what the author wrote, not an entity.
        text: 'Plain text item\nGeen HTML\nhier &amp; daar',
        language: 'en',
        publishedAt: null,
      },
    ]);
  });

  it('reads an empty Atom feed as no items', async () => {
    const { items } = await readFeed(peer.url('/empty-atom.xml'), null, { allow });
    expect(items).toEqual([]);
  });
});

describe('readFeed: character sets', () => {
  const expected = 'Fête de la musique à Ixelles\nCafé, crème brûlée en Noël-concert: één avond.';

  it.each([
    ['declared in the XML declaration (and a wrong utf-8 header)', '/latin1-declared.xml'],
    ['declared in the HTTP header', '/latin1-header.xml'],
    ['declared nowhere', '/latin1-undeclared.xml'],
  ])('decodes ISO-8859-1 %s', async (_label, path) => {
    const { items, feedTitle } = await readFeed(peer.url(path), null, { allow });
    expect(feedTitle).toBe("Commune d'Ixelles");
    expect(items[0]?.text).toBe(expected);
    expect(items[0]?.language).toBe('fr');
  });

  it('refuses an unknown character set and bytes invalid in the declared one', async () => {
    expect((await failure('/unknown-charset.xml')).reason).toBe('the feed uses a character set Kanaal cannot read ("x-klingon")');
    expect((await failure('/bad-utf16.xml')).reason).toBe(
      'the feed says it is written in utf-16le but contains bytes that are not valid there',
    );
  });
});

describe('readFeed: conditional requests', () => {
  it('sends the validators it was given and reads a 304 as no items, keeping the state', async () => {
    const first = await readFeed(peer.url('/rss.xml'), null, { allow });
    expect(first.state).toEqual({ etag: RSS_ETAG, lastModified: RSS_LAST_MODIFIED });
    expect(peer.requests.at(-1)?.headers['if-none-match']).toBeUndefined();

    const second = await readFeed(peer.url('/rss.xml'), first.state, { allow });
    const sent = peer.requests.at(-1)?.headers;
    expect(sent?.['if-none-match']).toBe(RSS_ETAG);
    expect(sent?.['if-modified-since']).toBe(RSS_LAST_MODIFIED);
    expect(second).toEqual({ items: [], state: first.state, notModified: true, feedTitle: null });

    // A stale validator gets the full feed again.
    const third = await readFeed(peer.url('/rss.xml'), { etag: '"old"', lastModified: null }, { allow });
    expect(third.notModified).toBe(false);
    expect(third.items).toHaveLength(3);
  });
});

describe('readFeed: bad input gives a plain SourceError', () => {
  it.each([
    ['/status/404', 'the address answered 404 (not found)'],
    ['/status/500', 'the address answered 500 (server error)'],
    ['/not-a-feed.html', 'the reply is not an RSS, Atom or JSON feed (it is a web page)'],
    ['/html-as-xml.xml', 'the reply is not an RSS, Atom or JSON feed (it is a web page)'],
    ['/other.json', 'the reply is not an RSS, Atom or JSON feed'],
    ['/broken.json', 'the feed is not valid JSON'],
    ['/malformed.xml', 'the feed is not well-formed XML'],
    ['/huge.xml', 'the feed is larger than 5 MB'],
    ['/bomb.xml', 'the feed is larger than 5 MB'],
    ['/redirect-private', 'the address points to a private network'],
    ['/redirect-metadata', 'the address points to a private network'],
    ['/redirect-localhost', 'the address points to a private network'],
  ])('%s → "%s"', async (path, reason) => {
    expect((await failure(path)).reason).toBe(reason);
  });

  it('keeps the status and Retry-After of a refusal', async () => {
    const error = await failure('/status/503');
    expect(error.reason).toBe('the address answered 503 (server error)');
    expect(error.details).toEqual({ status: 503, retryAfterSeconds: 120 });
  });

  it('gives up on a site that never finishes answering', async () => {
    const started = Date.now();
    const error = await failure('/slow.xml', { allow, timeoutMs: 800 });
    expect(error.reason).toBe('the site did not answer within 0.8 s');
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('refuses a loopback address without the allow list', async () => {
    const before = peer.requests.length;
    const error = await failure('/rss.xml', { allow: [] });
    expect(error.reason).toBe('the address points to a private network');
    expect(peer.requests.length).toBe(before); // refused before connecting
  });

  it('refuses addresses that are not http(s) in plain words', async () => {
    const error = await readFeed('file:///etc/passwd', null, { allow }).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(SourceError);
    expect((error as SourceError).reason).toBe('only web addresses starting with http:// or https:// can be used');
  });
});
