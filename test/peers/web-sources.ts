/**
 * A loopback web server that plays the sites listening reads: feeds in each format and character
 * set, pages that change, and every way a site misbehaves (gzip bomb, endless trickle, oversize
 * body, HTML where a feed was expected, broken XML, error statuses, redirects to private
 * addresses). Port chosen by the system; reach it with the allow list `['127.0.0.1']`.
 */
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import zlib from 'node:zlib';
import { startHttpPeer } from './kit/http.js';

export type WebSourcesPeer = {
  /** http://127.0.0.1:PORT */
  origin: string;
  url(path: string): string;
  /** Every request, in order (path and headers), for assertions on what the client sent. */
  requests: Array<{ path: string; headers: IncomingHttpHeaders }>;
  /** The watched part of /watched.html (inside `#news`); the sidebar counts requests by itself. */
  watched: { news: string[] };
  close(): Promise<void>;
};

export const RSS_ETAG = '"rss-v1"';
export const RSS_LAST_MODIFIED = 'Tue, 10 Jun 2025 08:00:00 GMT';

export const RSS_FEED = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Stad Gent – Nieuws</title><link>https://stad.gent/</link><language>nl-BE</language>
<item>
  <title>Nieuw fietspad &amp;amp; brug aan de Coupure</title>
  <link>https://stad.gent/nieuws/fietspad</link>
  <guid isPermaLink="false">gent-2025-0042</guid>
  <description><![CDATA[<p>De stad&nbsp;opent <b>vandaag</b> het fietspad.</p><p>Werken duren tot juni &eacute;n juli.</p><script>alert(1)</script>]]></description>
  <dc:creator>Jan Peeters</dc:creator>
  <pubDate>Tue, 10 Jun 2025 09:00:00 +0200</pubDate>
</item>
<item>
  <title>Zomerfeesten</title>
  <link>/nieuws/zomer</link>
  <description>&lt;p&gt;Gentse Feesten &amp;amp; meer&lt;/p&gt;</description>
  <author>pers@stad.gent (Persdienst Gent)</author>
  <pubDate>Wed, 11 Jun 2025 14:30:00 CEST</pubDate>
</item>
<item><title>12345678901234567890</title><guid>12345678901234567890</guid><description>Numbers stay text.</description></item>
</channel></rss>`;

export const ATOM_FEED = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="fr-BE">
  <title>Ville de Liège</title><id>urn:liege:news</id><updated>2025-06-02T10:00:00Z</updated>
  <author><name>Service presse</name></author>
  <entry>
    <id>urn:liege:news:1</id>
    <title type="html">Le &lt;em&gt;vélo&lt;/em&gt; en ville</title>
    <link rel="edit" href="https://www.liege.be/edit/1"/>
    <link rel="alternate" type="text/html" href="https://www.liege.be/actualites/velo"/>
    <author><name>Marie Dubois</name><email>marie@liege.be</email></author>
    <published>2025-06-01T10:00:00+02:00</published>
    <updated>2025-06-02T10:00:00Z</updated>
    <content type="html">&lt;p&gt;Nouvelles pistes&lt;/p&gt;&lt;p&gt;cyclables à Liège&lt;/p&gt;</content>
  </entry>
  <entry xml:lang="de">
    <id>urn:liege:news:2</id>
    <title>Neue Radwege</title>
    <link href="https://www.liege.be/de/radwege"/>
    <updated>2025-06-03T08:00:00Z</updated>
    <summary>Auch in Eupen &amp; Umgebung.</summary>
  </entry>
</feed>`;

export const JSON_FEED = JSON.stringify({
  version: 'https://jsonfeed.org/version/1.1',
  title: 'Provincie Antwerpen',
  language: 'nl',
  authors: [{ name: 'Redactie' }],
  items: [
    {
      id: 'prov-1',
      url: 'https://www.provincieantwerpen.be/nieuws/1',
      title: 'Nieuwe natuurgebieden',
      content_html: '<p>De provincie koopt <a href="#">grond</a>.</p><ul><li>Kalmthout</li><li>Zoersel</li></ul>',
      date_published: '2025-06-05T12:00:00+02:00',
      authors: [{ name: 'An Janssens' }],
    },
    { id: 2, title: 'Plain text item', content_text: 'Geen  HTML\n\nhier &amp; daar', language: 'en-GB' },
  ],
});

/** An RSS feed in ISO-8859-1 bytes with accents; the charset is declared only where the path says. */
const LATIN1_ITEMS = `<channel><title>Commune d'Ixelles</title><language>fr</language>
<item><title>Fête de la musique à Ixelles</title><link>https://www.ixelles.be/fete</link>
<description>Café, crème brûlée en Noël-concert: één avond.</description></item></channel></rss>`;
const latin1 = (declaration: string) => Buffer.from(`${declaration}<rss version="2.0">${LATIN1_ITEMS}`, 'latin1');

function watchedPage(news: string[], visit: number): string {
  return `<!doctype html><html lang="nl-BE"><head><title>Persberichten – Gemeente Zottegem</title>
<style>.x{}</style></head><body>
<nav><a href="/">Home</a></nav>
<main><h1>Persberichten</h1><section id="news">${news.map((line) => `<article><p>${line}</p></article>`).join('')}</section>
<aside class="sidebar">Bezoeker nummer ${visit} – laatst geladen om ${new Date(visit * 1000).toISOString()}</aside></main>
<script>var tracking = ${visit};</script></body></html>`;
}

const ARTICLE_PAGE = `<!doctype html><html lang="fr"><head><title>Budget 2026 | Namur</title></head><body>
<header><nav><a href="/">Accueil</a> <a href="/contact">Contact</a></nav></header>
<main><article><h1>Le budget 2026 est adopté</h1>
${Array.from({ length: 6 }, (_, i) => `<p>Le conseil communal de Namur a adopté le budget 2026, paragraphe ${i + 1}, avec des investissements dans les écoles, les voiries et les crèches de la ville.</p>`).join('\n')}
</article></main><footer>© Ville de Namur</footer></body></html>`;

export async function startWebSources(): Promise<WebSourcesPeer> {
  const requests: WebSourcesPeer['requests'] = [];
  const watched = { news: ['Eerste bericht over de markt.'] };
  const timers = new Set<NodeJS.Timeout>();
  let visits = 0;
  // Built on first use: ~20 kB on the wire, 20 MB inflated.
  let bomb: Buffer | undefined;

  const http = await startHttpPeer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://peer').pathname;
    requests.push({ path, headers: req.headers });
    route(path, req, res);
  });
  const { port } = http;

  function send(res: ServerResponse, status: number, type: string, body: string | Buffer, headers: Record<string, string> = {}) {
    return res.writeHead(status, { 'content-type': type, ...headers }).end(body);
  }

  /** Answers one request; returns the response only so each case can end with `return`. */
  function route(path: string, req: IncomingMessage, res: ServerResponse): ServerResponse | undefined {
    const status = /^\/status\/(\d{3})$/.exec(path);
    if (status) {
      const code = Number(status[1]);
      return send(res, code, 'text/html', `<h1>${code}</h1>`, code === 503 || code === 429 ? { 'retry-after': '120' } : {});
    }
    switch (path) {
      case '/rss.xml': {
        const validators = { etag: RSS_ETAG, 'last-modified': RSS_LAST_MODIFIED };
        if (req.headers['if-none-match'] === RSS_ETAG) return res.writeHead(304, validators).end();
        return send(res, 200, 'application/rss+xml; charset=utf-8', RSS_FEED, validators);
      }
      case '/atom.xml':
        return send(res, 200, 'application/atom+xml', ATOM_FEED);
      case '/empty-atom.xml':
        return send(res, 200, 'application/atom+xml', '<feed xmlns="http://www.w3.org/2005/Atom"><title>Nothing yet</title></feed>');
      case '/feed.json':
        return send(res, 200, 'application/feed+json', JSON_FEED);
      case '/latin1-declared.xml': // encoding only in the XML declaration, server stamps utf-8 (a common misconfiguration)
        return send(res, 200, 'text/xml; charset=utf-8', latin1('<?xml version="1.0" encoding="ISO-8859-1"?>\n'));
      case '/latin1-header.xml': // encoding only in the HTTP header
        return send(res, 200, 'application/rss+xml; charset=windows-1252', latin1('<?xml version="1.0"?>\n'));
      case '/latin1-undeclared.xml': // declared nowhere
        return send(res, 200, 'application/xml', latin1(''));
      case '/unknown-charset.xml':
        return send(res, 200, 'application/xml', '<?xml version="1.0" encoding="x-klingon"?><rss><channel/></rss>');
      case '/bad-utf16.xml':
        return send(res, 200, 'application/xml; charset=utf-16le', Buffer.from([0x3c, 0x00, 0x72]));
      case '/bomb.xml':
        bomb ??= zlib.gzipSync(Buffer.alloc(20 * 1024 * 1024, 0x20));
        return send(res, 200, 'application/rss+xml', bomb, { 'content-encoding': 'gzip' });
      case '/huge.xml': {
        // 6 MB, chunked (no content-length): the limit must hold while streaming.
        res.writeHead(200, { 'content-type': 'application/rss+xml' });
        res.write('<rss version="2.0"><channel>');
        const chunk = Buffer.alloc(64 * 1024, 0x20);
        for (let i = 0; i < 96; i++) res.write(chunk);
        return res.end('</channel></rss>');
      }
      case '/slow.xml': {
        // Headers at once, then one byte a while, never the end.
        res.writeHead(200, { 'content-type': 'application/rss+xml' });
        res.write('<rss version="2.0"><channel>');
        const timer = setInterval(() => res.write(' '), 100);
        timers.add(timer);
        res.on('close', () => {
          clearInterval(timer);
          timers.delete(timer);
        });
        return;
      }
      case '/not-a-feed.html':
        return send(
          res,
          200,
          'text/html; charset=utf-8',
          '<!doctype html><html><head><title>Home</title></head><body><p>Welcome</p></body></html>',
        );
      case '/html-as-xml.xml': // a web page served with an XML type
        return send(res, 200, 'application/xml', '<!DOCTYPE html>\n<html><body><p>Welcome<br></body></html>');
      case '/malformed.xml':
        return send(
          res,
          200,
          'application/rss+xml',
          '<?xml version="1.0"?><rss version="2.0"><channel><item><title>Broken</item></channel>',
        );
      case '/other.json':
        return send(res, 200, 'application/json', '{"status":"ok","count":3}');
      case '/broken.json':
        return send(res, 200, 'application/feed+json', '{"version": "https://jsonfeed.org/version/1.1", "items": [');
      case '/redirect-private':
        return res.writeHead(302, { location: 'http://10.0.0.1/feed.xml' }).end();
      case '/redirect-metadata':
        return res.writeHead(301, { location: 'http://169.254.169.254/latest/meta-data/' }).end();
      case '/redirect-localhost':
        return res.writeHead(302, { location: `http://localhost:${port}/rss.xml` }).end();
      case '/watched.html':
        visits += 1;
        return send(res, 200, 'text/html; charset=utf-8', watchedPage(watched.news, visits));
      case '/article.html':
        return send(res, 200, 'text/html; charset=utf-8', ARTICLE_PAGE);
      case '/latin1-page.html':
        return send(
          res,
          200,
          'text/html',
          Buffer.from(
            '<html><head><meta charset="iso-8859-1"><title>Fête</title></head><body><p id="x">Noël à Mons</p></body></html>',
            'latin1',
          ),
        );
      case '/report.pdf':
        return send(res, 200, 'application/pdf', '%PDF-1.4\n');
      default:
        return send(res, 404, 'text/plain', 'not found');
    }
  }

  const origin = http.url;
  return {
    origin,
    url: (path) => `${origin}${path}`,
    requests,
    watched,
    close: () => {
      for (const timer of timers) clearInterval(timer);
      return http.close();
    },
  };
}
