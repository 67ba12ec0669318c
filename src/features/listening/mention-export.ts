import { stringify } from 'csv-stringify/sync';
import { sql } from 'drizzle-orm';
import type { AppContext } from '../../app/context.js';
import { type Caller, requireAccess } from '../../kit/access.js';
import { actorOf, recordAudit } from '../../kit/audit.js';
import { guardCell } from '../../kit/csv.js';
import { rows } from '../../kit/sql.js';
import { type MentionFilters, mentionFilterSql } from './mention-search.js';
import type { SourceKind } from './sources/item.js';

/**
 * The mentions of a filtered list as CSV, for a report or an archive: newest first, at most
 * EXPORT_MAX_ROWS (the newest), with column names in the reader's language. Each export is audited
 * (it takes authors' posts out of Kanaal), with its filters and how many rows it held.
 */

export const EXPORT_MAX_ROWS = 50_000;

export type ExportLanguage = 'nl' | 'fr' | 'en';

const COLUMNS = [
  'timeLocal',
  'timeUtc',
  'kind',
  'author',
  'authorName',
  'title',
  'text',
  'url',
  'language',
  'watchlists',
  'sources',
  'mentionId',
] as const;
type Column = (typeof COLUMNS)[number];

// The same words as the web app's mentions page (web/src/i18n/locales: listening.*).
const HEADERS: Record<ExportLanguage, Record<Column, string>> = {
  nl: {
    timeLocal: 'Tijd ({{zone}})',
    timeUtc: 'Tijd (UTC)',
    kind: 'Soort bron',
    author: 'Auteur',
    authorName: 'Naam auteur',
    title: 'Titel',
    text: 'Tekst',
    url: 'Adres',
    language: 'Taal',
    watchlists: 'Zoekprofielen',
    sources: 'Bronnen',
    mentionId: 'Id van de vermelding',
  },
  fr: {
    timeLocal: 'Heure ({{zone}})',
    timeUtc: 'Heure (UTC)',
    kind: 'Type de source',
    author: 'Auteur',
    authorName: 'Nom de l’auteur',
    title: 'Titre',
    text: 'Texte',
    url: 'Adresse',
    language: 'Langue',
    watchlists: 'Profils de veille',
    sources: 'Sources',
    mentionId: 'Id de la mention',
  },
  en: {
    timeLocal: 'Time ({{zone}})',
    timeUtc: 'Time (UTC)',
    kind: 'Source kind',
    author: 'Author',
    authorName: 'Author name',
    title: 'Title',
    text: 'Text',
    url: 'Address',
    language: 'Language',
    watchlists: 'Watchlists',
    sources: 'Sources',
    mentionId: 'Mention id',
  },
};

const KIND_NAMES: Record<ExportLanguage, Record<SourceKind, string>> = {
  nl: { feed: 'Nieuwsfeed', page: 'Webpagina', mastodon: 'Mastodon', bluesky: 'Bluesky', own_mentions: 'Vermeldingen van onze accounts' },
  fr: { feed: 'Flux d’actualités', page: 'Page web', mastodon: 'Mastodon', bluesky: 'Bluesky', own_mentions: 'Mentions de nos comptes' },
  en: { feed: 'News feed', page: 'Web page', mastodon: 'Mastodon', bluesky: 'Bluesky', own_mentions: 'Mentions of our accounts' },
};

type ExportRow = {
  time_local: string;
  time_utc: string;
  kind: SourceKind;
  author: string | null;
  author_display_name: string | null;
  title: string | null;
  text: string;
  url: string | null;
  language: string | null;
  watchlists: string | null;
  sources: string | null;
  id: string;
};

export type MentionExport = { csv: string; rows: number; truncated: boolean };

export async function exportMentionsCsv(
  ctx: AppContext,
  caller: Caller,
  filters: MentionFilters,
  language: ExportLanguage,
): Promise<MentionExport> {
  await requireAccess(ctx.db, caller, filters.organisationId, 'listening.read');
  const [organisation] = await rows<{ time_zone: string }>(
    ctx.db,
    sql`SELECT time_zone FROM organisations WHERE id = ${filters.organisationId}::uuid`,
  );
  const zone = organisation?.time_zone ?? 'Europe/Brussels';
  const { conditions, join, at, id } = mentionFilterSql(filters);
  // Watchlists and sources as one cell each, names in a stable order, joined by " | ".
  const found = await rows<ExportRow>(
    ctx.db,
    sql`SELECT to_char(m.occurred_at AT TIME ZONE ${zone}, 'YYYY-MM-DD HH24:MI:SS') AS time_local,
               to_char(m.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS time_utc,
               m.kind, m.author, m.author_display_name, m.title, m.text, m.url, m.language, m.id,
               (SELECT string_agg(w.name, ' | ' ORDER BY w.name) FROM mention_matches x JOIN watchlists w ON w.id = x.watchlist_id
                 WHERE x.mention_id = m.id) AS watchlists,
               (SELECT string_agg(s.name, ' | ' ORDER BY s.name) FROM listening_sources s
                 WHERE s.id = m.source_id OR s.id IN (SELECT ms.source_id FROM mention_sources ms WHERE ms.mention_id = m.id)) AS sources
          FROM mentions m ${join}
         WHERE ${sql.join(conditions, sql` AND `)}
         ORDER BY ${at} DESC, ${id} DESC
         LIMIT ${EXPORT_MAX_ROWS + 1}`,
  );
  const truncated = found.length > EXPORT_MAX_ROWS;
  const kept = truncated ? found.slice(0, EXPORT_MAX_ROWS) : found;
  const headers = HEADERS[language];
  const header = COLUMNS.map((column) => headers[column].replace('{{zone}}', zone));
  const records = kept.map((row) =>
    [
      row.time_local,
      row.time_utc,
      KIND_NAMES[language][row.kind] ?? row.kind,
      row.author ?? '',
      row.author_display_name ?? '',
      row.title ?? '',
      row.text,
      row.url ?? '',
      row.language ?? '',
      row.watchlists ?? '',
      row.sources ?? '',
      row.id,
    ].map(guardCell),
  );
  // In a transaction of its own: the audit chain's lock is held until the entry is written.
  await ctx.db.transaction((tx) =>
    recordAudit(tx, actorOf(caller), {
      organisationId: filters.organisationId,
      action: 'export',
      entity: 'mentions',
      entityId: null,
      after: { filters, rows: kept.length, truncated },
    }),
  );
  // A BOM and CRLF, as spreadsheet programs expect of a UTF-8 CSV.
  return { csv: stringify([header, ...records], { bom: true, record_delimiter: 'windows' }), rows: kept.length, truncated };
}
