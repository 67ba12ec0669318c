import { CsvError, parse } from 'csv-parse/sync';
import { and, eq, inArray, ne } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client.js';
import { type Caller, requireAccess, subtreeIds } from '../../kit/access.js';
import { actorOf, recordAudit } from '../../kit/audit.js';
import { badRequest, type FieldError, unprocessable } from '../../kit/errors.js';
import { parsePlannedTime } from '../compose/local-time.js';
import { createPost } from '../compose/post-service.js';
import { setPlannedAt } from '../compose/service.js';
import { channels, LANGUAGES, type Language, organisations } from '../registry/schema.js';
import { wallClock } from './zoned.js';
import { codedFieldError } from '../../kit/field-errors.js';

/**
 * Bulk planning from CSV: one draft post per row (channel handle, planned local date-time, text,
 * language), planned in the organisation's time zone. A dry run reports what each row would
 * become; a real run is all-or-nothing (any invalid row: 422, nothing created).
 */

export const PLAN_IMPORT_MAX_ROWS = 1000;
const HEADERS: Record<string, 'channel' | 'planned' | 'text' | 'language'> = {
  channel: 'channel', handle: 'channel', kanaal: 'channel', canal: 'channel',
  planned: 'planned', planned_at: 'planned', plannedat: 'planned', when: 'planned', datum: 'planned', date: 'planned', gepland: 'planned', planifie: 'planned',
  text: 'text', tekst: 'text', texte: 'text',
  language: 'language', taal: 'language', langue: 'language',
};

export type PlanImportRow = {
  line: number;
  channel: string;
  channelId: string | null;
  plannedAt: Date | null;
  plannedLocal: string | null;
  offset: string | null;
  language: Language | null;
  text: string;
  ok: boolean;
  errors: FieldError[];
  postId: string | null;
};
export type PlanImportReport = { dryRun: boolean; organisationId: string; timeZone: string; valid: number; invalid: number; created: number; rows: PlanImportRow[] };

function readCsv(text: string): { line: number; cells: Record<string, string> }[] {
  const body = text.replace(/^\uFEFF/, '');
  const firstLine = body.split('\n')[0] ?? '';
  const delimiter = [';', '\t', ','].sort((a, b) => firstLine.split(b).length - firstLine.split(a).length)[0] ?? ',';
  let records: string[][];
  try {
    records = parse(body, { delimiter, skip_empty_lines: true, relax_column_count: true, trim: true }) as string[][];
  } catch (error) {
    if (error instanceof CsvError) throw badRequest(`The CSV cannot be read: ${error.message}`);
    throw error;
  }
  const [header, ...rest] = records;
  if (!header) throw badRequest('The CSV is empty.');
  const columns = header.map((h) => HEADERS[h.toLowerCase().normalize('NFKD').replace(/\p{M}/gu, '').replace(/[\s-]+/g, '_')]);
  const unknown = header.filter((_h, i) => !columns[i]);
  if (unknown.length) throw badRequest(`Unknown columns: ${unknown.join(', ')}. Use channel, planned, text, language.`);
  for (const needed of ['channel', 'planned', 'text'] as const) {
    if (!columns.includes(needed)) throw badRequest(`The CSV needs a "${needed}" column.`);
  }
  if (rest.length > PLAN_IMPORT_MAX_ROWS) throw badRequest(`At most ${PLAN_IMPORT_MAX_ROWS} rows at once.`);
  return rest.map((cells, i) => ({ line: i + 2, cells: Object.fromEntries(columns.map((c, j) => [c, cells[j] ?? ''])) }));
}

async function checkRows(db: DbOrTx, organisationId: string, timeZone: string, text: string, now: Date): Promise<PlanImportRow[]> {
  const rows = readCsv(text);
  const ids = await subtreeIds(db, organisationId);
  const known = await db
    .select({ id: channels.id, handle: channels.handle, languages: channels.languages })
    .from(channels)
    .where(and(inArray(channels.organisationId, ids), ne(channels.status, 'archived')));
  const byHandle = new Map(known.map((c) => [c.handle.toLowerCase(), c]));
  return rows.map(({ line, cells }) => {
    const errors: FieldError[] = [];
    const handle = cells.channel ?? '';
    const channel = byHandle.get(handle.toLowerCase());
    if (!channel) errors.push(handle ? codedFieldError('channel', 'unknown_channel', { handle }) : codedFieldError('channel', 'required'));
    const planned = parsePlannedTime(cells.planned ?? '', timeZone);
    if (!planned.ok) errors.push({ ...planned.problem, path: 'planned' });
    else if (planned.instant <= now) errors.push(codedFieldError('planned', 'in_future'));
    const language = (cells.language ?? '').toLowerCase();
    const knownLanguage = (LANGUAGES as readonly string[]).includes(language);
    if (language && !knownLanguage) errors.push(codedFieldError('language', 'not_one_of', { options: LANGUAGES.join(', ') }));
    const body = cells.text ?? '';
    if (body.trim() === '') errors.push(codedFieldError('text', 'required'));
    const wall = planned.ok ? wallClock(planned.instant, timeZone) : null;
    return {
      line,
      channel: handle,
      channelId: channel?.id ?? null,
      plannedAt: planned.ok ? planned.instant : null,
      plannedLocal: wall?.local ?? null,
      offset: wall?.offset ?? null,
      language: knownLanguage ? (language as Language) : null,
      text: body,
      ok: errors.length === 0,
      errors,
      postId: null,
    };
  });
}

/** Checks (dry run) or creates draft posts from CSV text for an organisation (compose.write). */
export async function importPlanCsv(db: Db, caller: Caller, organisationId: string, text: string, options: { dryRun: boolean }, now = new Date()): Promise<PlanImportReport> {
  await requireAccess(db, caller, organisationId, 'compose.write');
  const [org] = await db.select({ timeZone: organisations.timeZone }).from(organisations).where(eq(organisations.id, organisationId));
  const timeZone = org?.timeZone ?? 'Europe/Brussels';
  const rows = await checkRows(db, organisationId, timeZone, text, now);
  const invalid = rows.filter((r) => !r.ok);
  const report = (created: number): PlanImportReport => ({ dryRun: options.dryRun, organisationId, timeZone, valid: rows.length - invalid.length, invalid: invalid.length, created, rows });
  if (options.dryRun) return report(0);
  if (invalid.length > 0) {
    throw unprocessable(
      'Some rows cannot be imported; nothing was created. Run a dry run to see the report.',
      invalid.flatMap((r) => r.errors.map((e) => ({ ...e, path: `rows.${r.line}.${e.path}` }))),
    );
  }
  await db.transaction(async (tx) => {
    for (const row of rows) {
      const post = await createPost(tx as unknown as Db, caller, organisationId, {
        title: row.text.slice(0, 80),
        baseText: row.text,
        texts: row.language ? { [row.language]: row.text } : {},
        channels: [{ channelId: row.channelId as string, mediaIds: [] }],
      });
      await setPlannedAt(tx, post.id, row.plannedAt, timeZone);
      row.postId = post.id;
    }
    await recordAudit(tx, actorOf(caller), {
      organisationId,
      action: 'import',
      entity: 'post',
      entityId: null,
      after: { posts: rows.map((r) => ({ postId: r.postId, channelId: r.channelId, plannedAt: r.plannedAt?.toISOString() })) },
    });
  });
  return report(rows.length);
}
