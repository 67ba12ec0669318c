import type { TDirectory, TDirectoryChannel } from './directory-service.js';
import {
  DIRECTORY_TEXT,
  fill,
  formatDateTime,
  LANGUAGE_LABELS,
  localName,
  NETWORK_LABELS,
  UI_LANGS,
  type UiLang,
} from './registry-i18n.js';
import { NETWORKS, type Network } from './schema.js';

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text made safe for HTML content and quoted attribute values. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

/** Shared look of Kanaal's server-rendered pages: system fonts, high contrast, visible focus. */
export const PAGE_CSS = `
:root { color-scheme: light; }
body { font: 1rem/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1a1a1a; background: #fff; margin: 0; }
.wrap { max-width: 60rem; margin: 0 auto; padding: 1rem 1.25rem 3rem; }
a { color: #0645ad; text-underline-offset: 0.15em; }
a:visited { color: #4b2a85; }
a:focus-visible, button:focus-visible, input:focus-visible, select:focus-visible { outline: 3px solid #1a1a1a; outline-offset: 2px; }
.skip { position: absolute; left: -9999px; top: 0; background: #1a1a1a; color: #fff; padding: 0.5rem 1rem; z-index: 1; }
.skip:focus { left: 0.5rem; top: 0.5rem; color: #fff; }
.muted { color: #4a4a4a; }
.badge { display: inline-block; font-size: 0.75rem; font-weight: 600; text-transform: uppercase; letter-spacing: 0.04em;
  background: #fff3cd; color: #5c3c00; border: 1px solid #5c3c00; border-radius: 0.25rem; padding: 0 0.35rem; vertical-align: middle; }
`;

const DIRECTORY_CSS = `${PAGE_CSS}
header.site { border-bottom: 1px solid #d0d0d0; }
header.site .wrap { display: flex; justify-content: space-between; align-items: center; padding-bottom: 1rem; gap: 1rem; flex-wrap: wrap; }
header.site ul { list-style: none; display: flex; gap: 0.75rem; margin: 0; padding: 0; }
[aria-current="true"] { font-weight: 700; color: #1a1a1a; text-decoration: none; }
form[role="search"] { display: flex; flex-wrap: wrap; gap: 0.5rem 1rem; align-items: end; margin: 1.5rem 0; }
form[role="search"] label { display: block; font-weight: 600; }
input, select, button { font: inherit; padding: 0.4rem 0.6rem; border: 1px solid #595959; border-radius: 0.25rem; background: #fff; color: #1a1a1a; }
button { background: #0645ad; color: #fff; border-color: #0645ad; cursor: pointer; }
section.org { border-top: 1px solid #d0d0d0; padding-top: 0.5rem; margin-top: 1.5rem; }
section.org.sub { margin-left: 1.5rem; }
ul.accounts { list-style: none; padding: 0; }
ul.accounts > li { padding: 0.6rem 0; border-bottom: 1px solid #ececec; }
.network { font-weight: 600; display: inline-block; min-width: 8rem; }
code { background: #f3f3f3; color: #1a1a1a; padding: 0.1rem 0.3rem; border-radius: 0.2rem; word-break: break-all; }
.note { font-size: 0.9rem; margin: 0.25rem 0 0; }
footer { border-top: 1px solid #d0d0d0; }
`;

export type DirectoryPageOptions = {
  lang: UiLang;
  q?: string;
  network?: Network;
  /** Other filters in force (organisation, language), kept by the search form and language links. */
  keep?: Record<string, string | undefined>;
  /** The organisation the page is narrowed to, or the only root organisation, for the heading. */
  headingOrganisation?: string;
  notFound?: boolean;
};

function pageUrl(params: Record<string, string | undefined>): string {
  const search = new URLSearchParams(Object.entries(params).filter((e): e is [string, string] => Boolean(e[1])));
  const text = search.toString();
  return `/directory${text ? `?${text}` : ''}`;
}

function renderChannel(c: TDirectoryChannel, lang: UiLang, organisationIsDemo: boolean): string {
  const t = DIRECTORY_TEXT[lang];
  const handleText = c.network === 'bluesky' ? `@${c.handle}` : c.handle;
  // A Mastodon profile that links back here is verified when this page carries rel="me" to it.
  const rel = c.network === 'mastodon' ? ' rel="me"' : '';
  const link = c.profileUrl ? `<a href="${escapeHtml(c.profileUrl)}"${rel}>${escapeHtml(handleText)}</a>` : escapeHtml(handleText);
  const languages = c.languages.map((l) => `<span lang="${l}">${escapeHtml(LANGUAGE_LABELS[l][lang])}</span>`).join(', ');
  const parts = [
    `<span class="network">${escapeHtml(NETWORK_LABELS[c.network][lang])}</span> ${link}`,
    c.displayName ? ` <span class="muted">(${escapeHtml(c.displayName)})</span>` : '',
    c.isDemo && !organisationIsDemo ? ` <span class="badge" title="${escapeHtml(t.demoNote)}">${escapeHtml(t.demo)}</span>` : '',
    languages ? `<p class="note">${escapeHtml(t.languages)}: ${languages}</p>` : '',
  ];
  if (c.relMe) parts.push(`<p class="note muted">${escapeHtml(t.relMeNote)} <code>${escapeHtml(c.relMe)}</code></p>`);
  if (c.blueskyHandle) {
    const note = c.blueskyOwnDomain
      ? t.blueskyOwnDomain
      : c.blueskyHandle !== c.handle
        ? fill(t.blueskyExpected, { handle: c.blueskyHandle })
        : t.blueskyShouldBeOwn;
    parts.push(`<p class="note muted">${escapeHtml(note)}</p>`);
  }
  return `<li>${parts.join('')}</li>`;
}

/**
 * The public directory page: one landmark each for header, search and results, an h1 and an h2
 * per organisation, a search form that works without JavaScript, language links.
 */
export function renderDirectoryHtml(directory: TDirectory, options: DirectoryPageOptions): string {
  const { lang } = options;
  const t = DIRECTORY_TEXT[lang];
  const heading = options.headingOrganisation ? fill(t.officialOf, { name: options.headingOrganisation }) : t.title;
  const count = directory.organisations.reduce((n, o) => n + o.channels.length, 0);
  const langLinks = UI_LANGS.map((l) => {
    const current = l === lang ? ' aria-current="true"' : '';
    const label = { nl: 'Nederlands', fr: 'Français', en: 'English' }[l];
    return `<li><a href="${escapeHtml(pageUrl({ ...options.keep, lang: l, q: options.q, network: options.network }))}" lang="${l}" hreflang="${l}"${current}>${label}</a></li>`;
  }).join('');
  const networkOptions = [`<option value="">${escapeHtml(t.allNetworks)}</option>`]
    .concat(
      NETWORKS.map(
        (n) => `<option value="${n}"${n === options.network ? ' selected' : ''}>${escapeHtml(NETWORK_LABELS[n][lang])}</option>`,
      ),
    )
    .join('');
  const sections = directory.organisations
    .map((o) => {
      const id = `org-${o.slug}`;
      const name = localName(o.names, o.name, lang);
      const badge = o.isDemo ? ` <span class="badge" title="${escapeHtml(t.demoNote)}">${escapeHtml(t.demo)}</span>` : '';
      const website = o.website
        ? `<p class="muted">${escapeHtml(t.website)}: <a href="${escapeHtml(websiteHref(o.website))}">${escapeHtml(o.website)}</a></p>`
        : '';
      return `<section class="org${o.depth > 0 ? ' sub' : ''}" aria-labelledby="${escapeHtml(id)}">
<h2 id="${escapeHtml(id)}">${escapeHtml(name)}${badge}</h2>${website}
<ul class="accounts">${o.channels.map((c) => renderChannel(c, lang, o.isDemo)).join('\n')}</ul>
</section>`;
    })
    .join('\n');
  const hidden = Object.entries(options.keep ?? {})
    .filter((e): e is [string, string] => Boolean(e[1]))
    .map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">`)
    .join('');
  const results = options.notFound ? t.notFound : count === 0 ? t.noResults : fill(t.results, { count: String(count) });
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(heading)}</title>
<style>${DIRECTORY_CSS}</style>
</head>
<body>
<a class="skip" href="#main">${escapeHtml(t.skip)}</a>
<header class="site"><div class="wrap">
<p><strong>Kanaal</strong></p>
<nav aria-label="${escapeHtml(t.languageSwitch)}"><ul>${langLinks}</ul></nav>
</div></header>
<main id="main" tabindex="-1"><div class="wrap">
<h1>${escapeHtml(heading)}</h1>
<p>${escapeHtml(t.intro)}</p>
<form role="search" method="get" action="/directory">
<input type="hidden" name="lang" value="${lang}">${hidden}
<div><label for="q">${escapeHtml(t.searchLabel)}</label><input id="q" name="q" type="search" value="${escapeHtml(options.q ?? '')}"></div>
<div><label for="network">${escapeHtml(t.networkLabel)}</label><select id="network" name="network">${networkOptions}</select></div>
<div><button type="submit">${escapeHtml(t.submit)}</button></div>
</form>
<p role="status">${escapeHtml(results)}</p>
${sections}
</div></main>
<footer><div class="wrap"><p class="muted">${escapeHtml(fill(t.generated, { date: formatDateTime(directory.generatedAt, lang, 'Europe/Brussels') }))}</p></div></footer>
</body>
</html>
`;
}

function websiteHref(website: string): string {
  return /^https?:\/\//i.test(website) ? website : `https://${website}`;
}
