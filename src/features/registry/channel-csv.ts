import { CsvError, parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { inArray, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client.js';
import { accessibleOrganisationIds, type Caller, requireAccess } from '../../kit/access.js';
import { recordAudit } from '../../kit/audit.js';
import { guardCell, unguardCell } from '../../kit/csv.js';
import { badRequest, unprocessable } from '../../kit/errors.js';
import {
  type ChannelRecord,
  checkChannelRecord,
  isHttpUrl,
  normaliseHandle,
  type TImportResult,
  type TImportRow,
} from './channel-schemas.js';
import {
  type ChannelRow,
  auditActorFor,
  audiencesOfChannels,
  recordOf,
  scopeOrganisationIds,
  selectChannels,
  writeChannel,
} from './channel-service.js';
import { type OrgNode, type OrgTree, loadOrgTree, todayIn } from './org-tree.js';
import { columnForHeader, CSV_COLUMNS, type CsvColumn, foldKey, LANGUAGE_LABELS, VALUE_ALIASES } from './registry-i18n.js';
import { audiences, CHANNEL_STATUSES, channels, FOLLOWER_UNITS, LANGUAGES, type Language, NETWORKS, VISIBILITIES } from './schema.js';

export const IMPORT_MAX_ROWS = 5_000;
export const IMPORT_MAX_BYTES = 5 * 1024 * 1024;

type CsvRow = { line: number; cells: Partial<Record<CsvColumn, string>> };
export type ParsedCsv = { columns: Set<CsvColumn>; rows: CsvRow[] };

/** `;`, `,` or tab: whichever occurs most often outside quotes in the header line. */
function detectDelimiter(text: string): string {
  const firstLine = text.split('\n').find((l) => l.trim() !== '') ?? '';
  const counts = new Map<string, number>([
    [';', 0],
    [',', 0],
    ['\t', 0],
  ]);
  let quoted = false;
  for (const ch of firstLine) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && counts.has(ch)) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  }
  const [best] = [...counts.entries()].sort((a, b) => b[1] - a[1]);
  return best && best[1] > 0 ? best[0] : ',';
}

/**
 * Reads channel CSV text (UTF-8, optional BOM, `;` `,` or tab separated, headers in English, Dutch
 * or French). Throws 400 for a file that is too large, malformed or has unknown columns.
 */
export function parseChannelCsv(text: string): ParsedCsv {
  if (Buffer.byteLength(text, 'utf8') > IMPORT_MAX_BYTES) throw badRequest(`The file is larger than ${IMPORT_MAX_BYTES / 1024 / 1024} MB.`);
  const normalised = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  let records: Array<{ record: string[]; raw: string; info: { lines: number } }>;
  try {
    // With info and raw set, each record comes wrapped with its raw text and position.
    records = parse(normalised, {
      delimiter: detectDelimiter(normalised),
      info: true,
      raw: true,
      skip_empty_lines: true,
      skip_records_with_empty_values: true,
      relax_column_count: true,
      trim: true,
    }) as unknown as typeof records;
  } catch (error) {
    if (error instanceof CsvError) throw badRequest(`The CSV cannot be read: ${error.message}`);
    throw error;
  }
  const [header, ...body] = records;
  if (!header) throw badRequest('The file is empty: it needs a header row and at least one channel.');
  const columns = header.record.map((h) => columnForHeader(h));
  const unknown = header.record.filter((_h, i) => !columns[i]);
  if (unknown.length > 0) throw badRequest(`Unknown columns: ${unknown.join(', ')}. Expected: ${CSV_COLUMNS.join(', ')}.`);
  const seen = new Set<CsvColumn>();
  for (const c of columns as CsvColumn[]) {
    if (seen.has(c)) throw badRequest(`The column ${c} appears twice.`);
    seen.add(c);
  }
  if (!seen.has('network') || !seen.has('handle')) throw badRequest('The file needs at least the columns network and handle.');
  if (body.length > IMPORT_MAX_ROWS) throw badRequest(`The file has ${body.length} rows; import at most ${IMPORT_MAX_ROWS} at a time.`);
  const rows = body.map(({ record, raw, info }) => {
    // info.lines is where the record ends; count back over line breaks inside quoted cells.
    const own = raw.replace(/\n$/, '').replace(/^(?:[^\S\n]*\n)+/, '');
    const cells: Partial<Record<CsvColumn, string>> = {};
    columns.forEach((c, i) => {
      if (c) cells[c] = unguardCell((record[i] ?? '').trim());
    });
    return { line: info.lines - (own.match(/\n/g)?.length ?? 0), cells };
  });
  return { columns: seen, rows };
}

// ─── Planning ───────────────────────────────────────────────────────────────

type Existing = { row: ChannelRow; audienceIds: string[]; audienceSlugs: string[] };
type AudienceEntry = { id: string; organisationId: string; slug: string; name: string; names: Record<string, string | undefined> };
type PlannedWrite = { existing: Existing | null; record: ChannelRecord; slugs: string[] };
type FieldProblem = { field: string; message: string };

const FIELD_TO_COLUMN: Record<string, CsvColumn> = {
  handle: 'handle',
  languages: 'languages',
  profileUrl: 'profile_url',
  followerCount: 'follower_count',
  followersMeasuredOn: 'followers_measured_on',
  audienceIds: 'audiences',
};

const LANGUAGE_ALIASES = new Map<string, Language>([
  ...LANGUAGES.map((l) => [l, l] as const),
  ...LANGUAGES.flatMap((l) => Object.values(LANGUAGE_LABELS[l]).map((label) => [foldKey(label), l] as const)),
  ['deutsch', 'de'],
  ['francais', 'fr'],
]);

function enumValue<T extends string>(raw: string, allowed: readonly T[], aliases: Record<string, T>): T | undefined {
  const key = foldKey(raw);
  return (allowed as readonly string[]).includes(key) ? (key as T) : aliases[key];
}

function parseCount(raw: string): number | undefined {
  const compact = /^\d+$/.test(raw) ? raw : /^\d{1,3}(?:[.,\s\u00a0\u202f']\d{3})+$/.test(raw) ? raw.replace(/\D/g, '') : null;
  const n = compact === null ? Number.NaN : Number(compact);
  return Number.isSafeInteger(n) && n <= 2_000_000_000 ? n : undefined;
}

/** YYYY-MM-DD, or the day-first forms Belgian spreadsheets produce (3/03/2025, 03-03-2025, 3.3.2025). */
function parseDate(raw: string): string {
  const dayFirst = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(raw);
  return dayFirst ? `${dayFirst[3]}-${dayFirst[2]?.padStart(2, '0')}-${dayFirst[1]?.padStart(2, '0')}` : raw;
}

/** A channel as the CSV shows it: what the export writes and what the plan compares. */
function columnValues(record: ChannelRecord, tree: OrgTree, slugs: string[]): Record<CsvColumn, string | number | string[] | null> {
  return {
    organisation: tree.byId.get(record.organisationId)?.slug ?? record.organisationId,
    network: record.network,
    handle: record.handle,
    display_name: record.displayName,
    profile_url: record.profileUrl,
    languages: record.languages,
    audiences: [...slugs].sort(),
    purpose: record.purpose,
    visibility: record.visibility,
    owner_team: record.ownerTeam,
    status: record.status,
    follower_count: record.followerCount,
    follower_unit: record.followerUnit,
    followers_measured_on: record.followersMeasuredOn,
  };
}

type PlanContext = {
  tree: OrgTree;
  writable: Set<string> | null; // null: every organisation (superadmin, command line)
  scope: Set<string> | null; // the query's organisation subtree
  defaultOrg: OrgNode | null;
  audiences: AudienceEntry[];
  existing: Map<string, Existing>;
};

const keyOf = (network: string, handle: string) => `${network}:${handle.toLowerCase()}`;

async function loadPlanContext(db: DbOrTx, caller: Caller, csv: ParsedCsv, organisationId: string | undefined): Promise<PlanContext> {
  const tree = await loadOrgTree(db);
  const keys = new Set<string>();
  for (const { cells } of csv.rows) {
    const network = enumValue(cells.network ?? '', NETWORKS, VALUE_ALIASES.network);
    const handle = network ? normaliseHandle(network, cells.handle ?? '') : null;
    if (network && handle && 'handle' in handle) keys.add(keyOf(network, handle.handle));
  }
  const rows = keys.size
    ? await db
        .select()
        .from(channels)
        .where(inArray(sql`${channels.network} || ':' || lower(${channels.handle})`, [...keys]))
    : [];
  const linked = await audiencesOfChannels(
    db,
    rows.map((r) => r.id),
  );
  const existing = new Map<string, Existing>();
  for (const row of rows) {
    const mine = linked.get(row.id) ?? [];
    existing.set(keyOf(row.network, row.handle), { row, audienceIds: mine.map((a) => a.id), audienceSlugs: mine.map((a) => a.slug) });
  }
  return {
    tree,
    writable: caller.isSuperadmin ? null : new Set(await accessibleOrganisationIds(db, caller, 'registry.write')),
    scope: organisationId ? tree.subtreeIds(organisationId) : null,
    defaultOrg: organisationId ? (tree.byId.get(organisationId) ?? null) : null,
    audiences: await db.select().from(audiences),
    existing,
  };
}

function mayWrite(ctx: PlanContext, organisationId: string): boolean {
  return (ctx.writable === null || ctx.writable.has(organisationId)) && (ctx.scope === null || ctx.scope.has(organisationId));
}

/** Audience tokens (slug or name) resolved in an organisation's catalogue, nearest organisation first. */
function resolveAudiences(
  ctx: PlanContext,
  organisationId: string,
  tokens: string[],
  current: string[],
): { ids: string[]; unknown: string[] } {
  const chain = ctx.tree.selfAndAncestorIds(organisationId);
  const catalogue = ctx.audiences
    .filter((a) => chain.includes(a.organisationId))
    .sort(
      (a, b) =>
        Number(current.includes(b.id)) - Number(current.includes(a.id)) ||
        chain.indexOf(a.organisationId) - chain.indexOf(b.organisationId),
    );
  const ids: string[] = [];
  const unknown: string[] = [];
  for (const token of tokens) {
    const folded = foldKey(token);
    const hit =
      catalogue.find((a) => a.slug === token.toLowerCase()) ??
      catalogue.find((a) => foldKey(a.name) === folded || Object.values(a.names).some((n) => n && foldKey(n) === folded));
    if (hit) ids.push(hit.id);
    else unknown.push(token);
  }
  return { ids, unknown };
}

function planRow(
  ctx: PlanContext,
  csv: ParsedCsv,
  row: CsvRow,
  seen: Map<string, number>,
): { out: TImportRow; write: PlannedWrite | null } {
  const { cells, line } = row;
  const problems: FieldProblem[] = [];
  const problem = (field: string, message: string) => problems.push({ field, message });
  const network = enumValue(cells.network ?? '', NETWORKS, VALUE_ALIASES.network);
  if (!network) problem('network', `unknown network "${cells.network ?? ''}" (use one of ${NETWORKS.join(', ')})`);
  const handleResult = network ? normaliseHandle(network, cells.handle ?? '') : null;
  if (handleResult && 'error' in handleResult) problem('handle', handleResult.error);
  const handle = handleResult && 'handle' in handleResult ? handleResult.handle : (cells.handle ?? '');
  const key = network ? keyOf(network, handle) : null;
  const existing = key && !problems.length ? (ctx.existing.get(key) ?? null) : null;
  if (key && !problems.length) {
    const earlier = seen.get(key);
    if (earlier) problem('handle', `this channel is already on line ${earlier} of the file`);
    else seen.set(key, line);
  }

  let org: OrgNode | undefined;
  if (cells.organisation) {
    org = ctx.tree.findBySlugOrName(cells.organisation);
    if (!org) problem('organisation', `no organisation with slug or name "${cells.organisation}"`);
  } else {
    org = existing ? ctx.tree.byId.get(existing.row.organisationId) : (ctx.defaultOrg ?? undefined);
    if (!org) problem('organisation', 'required: name the organisation in the row or choose one for the import');
  }
  if (existing && !mayWrite(ctx, existing.row.organisationId)) {
    problem('handle', 'this channel is registered for another organisation that you cannot change here');
  } else if (org && !mayWrite(ctx, org.id)) {
    problem('organisation', `you cannot add or change channels of ${org.name} here`);
  }

  const base: ChannelRecord = existing
    ? recordOf(existing.row, existing.audienceIds)
    : {
        ...{ organisationId: '', network: network ?? 'other', handle, displayName: null, profileUrl: null, languages: [], audienceIds: [] },
        ...{
          purpose: null,
          visibility: 'public',
          ownerTeam: null,
          status: 'active',
          followerCount: null,
          followerUnit: 'followers',
          followersMeasuredOn: null,
        },
      };
  const record: ChannelRecord = { ...base, organisationId: org?.id ?? base.organisationId, network: network ?? base.network, handle };
  const has = (column: CsvColumn) => csv.columns.has(column);
  // A column left out of the file keeps what is stored; an empty cell clears it.
  const text = (column: CsvColumn, max: number): string | null => {
    const value = cells[column] ?? '';
    if (value.length > max) problem(column, `must be at most ${max} characters`);
    return value === '' ? null : value;
  };
  if (has('display_name')) record.displayName = text('display_name', 200);
  if (has('purpose')) record.purpose = text('purpose', 2000);
  if (has('owner_team')) record.ownerTeam = text('owner_team', 200);
  if (has('profile_url')) {
    record.profileUrl = cells.profile_url || null;
    if (record.profileUrl && !isHttpUrl(record.profileUrl)) problem('profile_url', 'must be an http:// or https:// address');
  }
  if (has('languages')) {
    const tokens = (cells.languages ?? '').split(/[|,;/\s]+/).filter(Boolean);
    const codes = tokens.map((t) => LANGUAGE_ALIASES.get(foldKey(t)));
    const bad = tokens.filter((_t, i) => !codes[i]);
    if (bad.length) problem('languages', `unknown language ${bad.map((b) => `"${b}"`).join(', ')} (use nl, fr, de, en separated by |)`);
    record.languages = codes.filter((c): c is Language => Boolean(c));
  }
  const enumCell = <T extends string>(column: 'visibility' | 'status' | 'follower_unit', allowed: readonly T[], current: T): T => {
    if (!has(column) || !cells[column]) return current;
    const value = enumValue(cells[column] ?? '', allowed, VALUE_ALIASES[column] as Record<string, T>);
    if (!value) problem(column, `"${cells[column]}" is not one of ${allowed.join(', ')}`);
    return value ?? current;
  };
  record.visibility = enumCell('visibility', VISIBILITIES, record.visibility);
  record.status = enumCell('status', CHANNEL_STATUSES, record.status);
  record.followerUnit = enumCell('follower_unit', FOLLOWER_UNITS, record.followerUnit);
  if (has('follower_count')) {
    const raw = cells.follower_count ?? '';
    const count = raw === '' ? null : parseCount(raw);
    if (count === undefined) problem('follower_count', `"${raw}" is not a whole number of 0 or more`);
    record.followerCount = count ?? null;
  }
  if (has('followers_measured_on'))
    record.followersMeasuredOn = cells.followers_measured_on ? parseDate(cells.followers_measured_on) : null;
  if (org && has('audiences')) {
    const tokens = (cells.audiences ?? '')
      .split('|')
      .map((t) => t.trim())
      .filter(Boolean);
    const resolved = resolveAudiences(ctx, org.id, tokens, existing?.audienceIds ?? []);
    if (resolved.unknown.length) problem('audiences', `not in the audience catalogue of ${org.name}: ${resolved.unknown.join(', ')}`);
    record.audienceIds = resolved.ids;
  } else if (org && existing && org.id !== existing.row.organisationId) {
    const catalogue = new Set(ctx.audiences.filter((a) => ctx.tree.selfAndAncestorIds(org.id).includes(a.organisationId)).map((a) => a.id));
    if (record.audienceIds.some((id) => !catalogue.has(id))) problem('audiences', `some audiences are not in the catalogue of ${org.name}`);
  }

  const checked = org ? checkChannelRecord(record, todayIn(org.timeZone)) : { record, errors: [] };
  for (const e of checked.errors) {
    const column = FIELD_TO_COLUMN[e.path] ?? e.path;
    if (!problems.some((p) => p.field === column)) problem(column, e.message);
  }
  const slugs = checked.record.audienceIds.map((id) => ctx.audiences.find((a) => a.id === id)?.slug ?? id);
  const out: TImportRow = {
    line,
    action: 'create',
    handle,
    network: network ?? cells.network ?? '',
    organisation: org?.slug ?? cells.organisation ?? null,
  };
  if (problems.length) return { out: { ...out, action: 'error', errors: problems }, write: null };
  if (!existing) return { out, write: { existing: null, record: checked.record, slugs } };

  const before = columnValues(recordOf(existing.row, existing.audienceIds), ctx.tree, existing.audienceSlugs);
  const after = columnValues(checked.record, ctx.tree, slugs);
  const changes: NonNullable<TImportRow['changes']> = {};
  for (const column of CSV_COLUMNS) {
    if (JSON.stringify(before[column]) !== JSON.stringify(after[column])) changes[column] = { from: before[column], to: after[column] };
  }
  if (Object.keys(changes).length === 0) return { out: { ...out, action: 'unchanged' }, write: null };
  return { out: { ...out, action: 'update', changes }, write: { existing, record: checked.record, slugs } };
}

async function planImport(db: DbOrTx, caller: Caller, csv: ParsedCsv, organisationId: string | undefined) {
  const ctx = await loadPlanContext(db, caller, csv, organisationId);
  const seen = new Map<string, number>();
  const planned = csv.rows.map((row) => planRow(ctx, csv, row, seen));
  const rows = planned.map((p) => p.out);
  const count = (action: TImportRow['action']) => rows.filter((r) => r.action === action).length;
  const summary = { create: count('create'), update: count('update'), unchanged: count('unchanged'), errors: count('error') };
  return { rows, summary, writes: planned.flatMap((p) => (p.write ? [p.write] : [])) };
}

/**
 * `POST /api/channels/import`: plans the file row by row; unless `dryRun`, applies it in one
 * transaction (all rows or none), refusing with 422 when any row has an error. Each created or
 * updated channel gets its own audit entry, plus one 'import' entry summing up.
 */
export async function importChannelsCsv(
  db: Db,
  caller: Caller,
  text: string,
  options: { organisationId?: string; dryRun: boolean },
): Promise<TImportResult> {
  const csv = parseChannelCsv(text);
  if (options.organisationId) await requireAccess(db, caller, options.organisationId, 'registry.write');
  if (options.dryRun) {
    const { rows, summary } = await planImport(db, caller, csv, options.organisationId);
    return { dryRun: true, summary, rows };
  }
  return db.transaction(async (tx) => {
    const { rows, summary, writes } = await planImport(tx, caller, csv, options.organisationId);
    if (summary.errors > 0) {
      const fields = rows.flatMap((r) => (r.errors ?? []).map((e) => ({ path: `line.${r.line}.${e.field}`, message: e.message })));
      throw unprocessable(`Nothing was imported: ${summary.errors} row(s) have errors. Fix them and import again.`, fields);
    }
    const actor = auditActorFor(caller);
    for (const w of writes) await writeChannel(tx, actor, w.existing, w.record, w.slugs);
    await recordAudit(tx, actor, {
      organisationId: options.organisationId ?? null,
      action: 'import',
      entity: 'channel',
      entityId: null,
      after: { ...summary, rows: rows.length },
    });
    return { dryRun: false, summary, rows };
  });
}

/** The channels as CSV (UTF-8 with BOM, `,`, header row): the same columns the import reads. */
export async function exportChannelsCsv(
  db: DbOrTx,
  caller: Caller,
  options: { organisationId?: string; subtree: boolean },
): Promise<string> {
  const orgIds = await scopeOrganisationIds(db, caller, options.organisationId, options.subtree);
  const tree = await loadOrgTree(db);
  const found = orgIds.length ? await selectChannels(db, inArray(channels.organisationId, orgIds)) : [];
  const records = found.map((c) => {
    const values = columnValues(
      { ...c, audienceIds: c.audiences.map((a) => a.id) },
      tree,
      c.audiences.map((a) => a.slug),
    );
    return CSV_COLUMNS.map((column) => {
      const v = values[column];
      return guardCell(Array.isArray(v) ? v.join('|') : v === null ? '' : String(v));
    });
  });
  return stringify(records, { bom: true, header: true, columns: [...CSV_COLUMNS], record_delimiter: 'windows' });
}
