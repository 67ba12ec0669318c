import { escapeHtml, PAGE_CSS } from './directory-html.js';
import type { TInventory } from './inventory-service.js';
import {
  fill,
  formatDate,
  formatDateTime,
  formatNumber,
  INVENTORY_TEXT,
  LANGUAGE_LABELS,
  NETWORK_LABELS,
  STATUS_LABELS,
  UNIT_LABELS,
  type UiLang,
} from './registry-i18n.js';

const PRINT_CSS = `${PAGE_CSS}
.wrap { max-width: none; }
table { border-collapse: collapse; width: 100%; margin: 1rem 0 2rem; font-size: 0.9rem; }
caption { text-align: left; font-weight: 700; font-size: 1.1rem; padding: 0.5rem 0; }
th, td { border: 1px solid #8a8a8a; padding: 0.3rem 0.5rem; text-align: left; vertical-align: top; }
thead th { background: #eaeaea; }
tfoot th, tfoot td { font-weight: 700; background: #f5f5f5; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
ul.figures { list-style: none; margin: 0; padding: 0; }
${[1, 2, 3, 4, 5, 6].map((d) => `.depth-${d} { padding-left: ${0.5 + d * 1.25}rem; }`).join('\n')}
@page { size: A4 landscape; margin: 12mm; }
@media print {
  body { font-size: 9.5pt; }
  .skip { display: none; }
  a { color: inherit; text-decoration: none; }
  thead { display: table-header-group; }
  tfoot { display: table-footer-group; }
  tr { break-inside: avoid; }
  thead th, tfoot th, tfoot td { background: none; }
}
`;

/**
 * The inventory as a page meant for paper: two tables (per organisation, per channel) with
 * captions and column headers, numbers and dates written the way `lang` writes them.
 */
export function renderInventoryHtml(report: TInventory & { timeZone: string }): string {
  const lang: UiLang = report.lang;
  const t = INVENTORY_TEXT[lang];
  const num = (n: number) => formatNumber(n, lang);
  const date = (d: string | null) => (d ? formatDate(d, lang) : t.none);
  const title = `${t.title}: ${report.organisation.name}`;
  const orgRows = report.rows
    .map((r) => {
      const figures = Object.entries(r.followers.byNetwork)
        .map(([network, f]) => {
          const label = NETWORK_LABELS[network as keyof typeof NETWORK_LABELS][lang];
          const value = f.count === null ? t.none : `${num(f.count)} ${UNIT_LABELS[f.unit][lang]}`;
          return `<li>${escapeHtml(label)}: ${escapeHtml(value)}${f.measuredOn ? ` <span class="muted">(${escapeHtml(date(f.measuredOn))})</span>` : ''}</li>`;
        })
        .join('');
      return `<tr>
<th scope="row" class="depth-${Math.min(r.depth, 6)}">${escapeHtml(r.organisationName)}</th>
<td>${escapeHtml(r.networks.map((n) => NETWORK_LABELS[n][lang]).join(', ') || t.none)}</td>
<td class="num">${num(r.channelCount)}</td>
<td class="num">${r.channelCount ? num(r.followers.total) : t.none}</td>
<td>${figures ? `<ul class="figures">${figures}</ul>` : t.none}</td>
<td>${escapeHtml(r.audiences.join(', ') || t.none)}</td>
<td>${escapeHtml(r.languages.map((l) => LANGUAGE_LABELS[l][lang]).join(', ') || t.none)}</td>
<td>${escapeHtml(date(r.latestMeasuredOn))}</td>
</tr>`;
    })
    .join('\n');
  const channelRows = report.rows
    .flatMap((r) =>
      r.channels.map(
        (c) => `<tr>
<td>${escapeHtml(r.path.join(' › '))}</td>
<td>${escapeHtml(NETWORK_LABELS[c.network][lang])}</td>
<th scope="row">${escapeHtml(c.handle)}</th>
<td class="num">${c.followerCount === null ? t.none : escapeHtml(`${num(c.followerCount)} ${UNIT_LABELS[c.followerUnit][lang]}`)}</td>
<td>${escapeHtml(date(c.followersMeasuredOn))}</td>
<td>${escapeHtml(c.languages.map((l) => LANGUAGE_LABELS[l][lang]).join(', ') || t.none)}</td>
<td>${escapeHtml(c.audiences.join(', ') || t.none)}</td>
<td>${escapeHtml(STATUS_LABELS[c.status][lang])}</td>
</tr>`,
      ),
    )
    .join('\n');
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${PRINT_CSS}</style>
</head>
<body>
<main class="wrap">
<h1>${escapeHtml(title)}</h1>
<p class="muted">${escapeHtml(fill(t.generatedAt, { date: formatDateTime(report.generatedAt, lang, report.timeZone) }))}</p>
<table>
<caption>${escapeHtml(fill(t.caption, { name: report.organisation.name }))}</caption>
<thead><tr>
<th scope="col">${t.organisation}</th><th scope="col">${t.networks}</th><th scope="col">${t.channels}</th><th scope="col">${t.followers}</th>
<th scope="col">${t.followersByNetwork}</th><th scope="col">${t.audiences}</th><th scope="col">${t.languages}</th><th scope="col">${t.measuredOn}</th>
</tr></thead>
<tbody>
${orgRows}
</tbody>
<tfoot><tr>
<th scope="row">${t.total} (${num(report.totals.organisations)})</th><td>${escapeHtml(report.networks.map((n) => NETWORK_LABELS[n][lang]).join(', ') || t.none)}</td>
<td class="num">${num(report.totals.channels)}</td><td class="num">${num(report.totals.followers)}</td><td colspan="4"></td>
</tr></tfoot>
</table>
<h2>${t.detailCaption}</h2>
<table>
<caption>${escapeHtml(`${t.detailCaption}: ${report.organisation.name}`)}</caption>
<thead><tr>
<th scope="col">${t.organisation}</th><th scope="col">${t.network}</th><th scope="col">${t.handle}</th><th scope="col">${t.followers}</th>
<th scope="col">${t.measuredOn}</th><th scope="col">${t.languages}</th><th scope="col">${t.audiences}</th><th scope="col">${t.status}</th>
</tr></thead>
<tbody>
${channelRows}
</tbody>
</table>
</main>
</body>
</html>
`;
}

/** A small page for errors on the print route, which a person opens in a browser tab. */
export function renderErrorHtml(lang: UiLang, status: number, message: string): string {
  return `<!doctype html>
<html lang="${lang}">
<head><meta charset="utf-8"><title>${status}</title><style>${PAGE_CSS}</style></head>
<body><main class="wrap"><h1>${status}</h1><p>${escapeHtml(message)}</p><p><a href="/">Kanaal</a></p></main></body>
</html>
`;
}
