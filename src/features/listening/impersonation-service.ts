import { type SQL, sql } from 'drizzle-orm';
import type { AppContext } from '../../app/context.js';
import { type Caller, requireAccess, subtreeIds, toPgArray } from '../../kit/access.js';
import { actorOf, recordAudit } from '../../kit/audit.js';
import { AppError, badRequest, notFound } from '../../kit/errors.js';
import { rows } from '../../kit/sql.js';
import type { CodedParams } from '../../kit/coded-text.js';
import type { ScanErrorCode } from './impersonation-error-text.js';
import type { CandidateEvidence, ReviewStatus, SearchedNetwork } from './impersonation-schema.js';
import type { TCandidateQuery, TChannelScanStatus, TDecisionInput, TImpersonationCandidate } from './impersonation-schemas.js';
import { codedFieldError } from '../../kit/field-errors.js';

/** Reading and deciding impersonation candidates; scan status and "scan now". */

export const SCAN_JOB = 'impersonation-scan';

type CandidateDbRow = {
  id: string;
  organisation_id: string;
  channel_id: string;
  channel_network: SearchedNetwork;
  channel_handle: string;
  channel_display_name: string | null;
  network: SearchedNetwork;
  remote_id: string;
  handle: string;
  display_name: string | null;
  profile_url: string | null;
  avatar_url: string | null;
  score: number;
  evidence: CandidateEvidence[];
  status: ReviewStatus;
  decided_by: string | null;
  decider_name: string | null;
  decided_at: string | Date | null;
  decision_note: string | null;
  first_seen_at: string | Date;
  last_seen_at: string | Date;
};

const iso = (value: string | Date) => (value instanceof Date ? value : new Date(value)).toISOString();
const isoOrNull = (value: string | Date | null) => (value === null ? null : iso(value));

/** The decision part of a candidate or claim, as the API shows it. */
export function presentDecision(row: {
  status: ReviewStatus;
  decided_by: string | null;
  decider_name: string | null;
  decided_at: string | Date | null;
  decision_note: string | null;
}): TImpersonationCandidate['decision'] {
  if (row.status === 'new' || row.decided_at === null) return null;
  return {
    status: row.status,
    by: row.decided_by ? { id: row.decided_by, name: row.decider_name ?? '' } : null,
    at: iso(row.decided_at),
    note: row.decision_note,
  };
}

function present(row: CandidateDbRow): TImpersonationCandidate {
  return {
    id: row.id,
    organisationId: row.organisation_id,
    channel: { id: row.channel_id, network: row.channel_network, handle: row.channel_handle, displayName: row.channel_display_name },
    network: row.network,
    remoteId: row.remote_id,
    handle: row.handle,
    displayName: row.display_name,
    profileUrl: row.profile_url,
    avatarUrl: row.avatar_url,
    score: Math.round(Number(row.score) * 100) / 100,
    evidence: row.evidence,
    status: row.status,
    decision: presentDecision(row),
    firstSeenAt: iso(row.first_seen_at),
    lastSeenAt: iso(row.last_seen_at),
  };
}

async function selectCandidates(ctx: AppContext, where: SQL, tail: SQL = sql``): Promise<CandidateDbRow[]> {
  return rows<CandidateDbRow>(
    ctx.db,
    sql`SELECT ic.id, ic.organisation_id, ic.channel_id, c.network AS channel_network, c.handle AS channel_handle,
               c.display_name AS channel_display_name, ic.network, ic.remote_id, ic.handle, ic.display_name, ic.profile_url,
               ic.avatar_url, ic.score, ic.evidence, ic.status, ic.decided_by, u.name AS decider_name, ic.decided_at,
               ic.decision_note, ic.first_seen_at, ic.last_seen_at
          FROM impersonation_candidates ic
          JOIN channels c ON c.id = ic.channel_id
          LEFT JOIN users u ON u.id = ic.decided_by
         WHERE ${where} ${tail}`,
  );
}

/** Candidates of an organisation (and with `subtree`, those below it), best score first. Needs `listening.read`. */
export async function listCandidates(
  ctx: AppContext,
  caller: Caller,
  organisationId: string,
  query: TCandidateQuery,
): Promise<{ candidates: TImpersonationCandidate[]; total: number }> {
  await requireAccess(ctx.db, caller, organisationId, 'listening.read');
  const organisations = query.subtree === 'true' ? await subtreeIds(ctx.db, organisationId) : [organisationId];
  const where = sql.join(
    [
      sql`ic.organisation_id = ANY(${toPgArray(organisations)}::uuid[])`,
      ...(query.status ? [sql`ic.status = ${query.status}`] : []),
      ...(query.network ? [sql`ic.network = ${query.network}`] : []),
      ...(query.channelId ? [sql`ic.channel_id = ${query.channelId}::uuid`] : []),
    ],
    sql` AND `,
  );
  const [count] = await rows<{ n: number | string }>(ctx.db, sql`SELECT count(*) AS n FROM impersonation_candidates ic WHERE ${where}`);
  const found = await selectCandidates(
    ctx,
    where,
    sql`ORDER BY ic.score DESC, ic.last_seen_at DESC, ic.id LIMIT ${query.limit} OFFSET ${query.offset}`,
  );
  return { candidates: found.map(present), total: Number(count?.n ?? 0) };
}

async function loadCandidate(ctx: AppContext, id: string): Promise<CandidateDbRow> {
  const [row] = await selectCandidates(ctx, sql`ic.id = ${id}::uuid`);
  if (!row) throw notFound('Impersonation candidate');
  return row;
}

export async function getCandidate(ctx: AppContext, caller: Caller, id: string): Promise<TImpersonationCandidate> {
  const row = await loadCandidate(ctx, id);
  await requireAccess(ctx.db, caller, row.organisation_id, 'listening.read');
  return present(row);
}

const STATUS_OF_DECISION = { confirm: 'confirmed', dismiss: 'dismissed', reopen: 'new' } as const satisfies Record<
  TDecisionInput['decision'],
  ReviewStatus
>;

/** The status a decision leads to; a confirmation must say why (400 on `note`). */
export function statusOfDecision(input: TDecisionInput, what: string): { status: ReviewStatus; note: string | null } {
  const note = input.note?.trim() || null;
  if (input.decision === 'confirm' && !note) {
    throw badRequest(`A note is required to confirm ${what}.`, [codedFieldError('note', 'misuse_reason')]);
  }
  return { status: STATUS_OF_DECISION[input.decision], note };
}

/**
 * The decision columns to set: who decided, when and why; all cleared on reopening, since an open
 * item has no decision (the audit log keeps the one set aside, and the reopening's note).
 */
export function decisionColumns(caller: Caller, status: ReviewStatus, note: string | null): SQL {
  return status === 'new'
    ? sql`status = 'new', decided_by = NULL, decided_at = NULL, decision_note = NULL`
    : sql`status = ${status}, decided_by = ${caller.userId}::uuid, decided_at = now(), decision_note = ${note}`;
}

/**
 * Dismisses or confirms a candidate (again, if already decided), or reopens it. Needs `listening.manage`;
 * audited. Reopening one that is open changes nothing and is not audited.
 */
export async function decideCandidate(
  ctx: AppContext,
  caller: Caller,
  id: string,
  input: TDecisionInput,
): Promise<TImpersonationCandidate> {
  const current = await loadCandidate(ctx, id);
  await requireAccess(ctx.db, caller, current.organisation_id, 'listening.manage');
  const { status, note } = statusOfDecision(input, 'an impersonator');
  await ctx.db.transaction(async (tx) => {
    const [before] = await rows<{ status: ReviewStatus; decision_note: string | null }>(
      tx,
      sql`SELECT status, decision_note FROM impersonation_candidates WHERE id = ${id}::uuid FOR UPDATE`,
    );
    if (!before) throw notFound('Impersonation candidate');
    if (before.status === 'new' && status === 'new') return;
    await tx.execute(sql`UPDATE impersonation_candidates SET ${decisionColumns(caller, status, note)} WHERE id = ${id}::uuid`);
    await recordAudit(tx, actorOf(caller), {
      organisationId: current.organisation_id,
      action: input.decision,
      entity: 'impersonation_candidate',
      entityId: id,
      before: { status: before.status, note: before.decision_note },
      after: { status, note, network: current.network, handle: current.handle, channelId: current.channel_id },
    });
  });
  return present(await loadCandidate(ctx, id));
}

type ScanStatusRow = {
  id: string;
  organisation_id: string;
  network: SearchedNetwork;
  handle: string;
  display_name: string | null;
  scanned: boolean;
  requested_at: string | Date | null;
  started_at: string | Date | null;
  finished_at: string | Date | null;
  ok: boolean | null;
  error: string | null;
  error_code: ScanErrorCode | null;
  error_params: CodedParams | null;
  queries: number | null;
  accounts_seen: number | null;
  candidates: number | null;
  last_success_at: string | Date | null;
};

async function scannableChannels(ctx: AppContext, organisations: string[]): Promise<ScanStatusRow[]> {
  return rows<ScanStatusRow>(
    ctx.db,
    sql`SELECT c.id, c.organisation_id, c.network, c.handle, c.display_name, s.channel_id IS NOT NULL AS scanned,
               s.requested_at, s.started_at, s.finished_at, s.ok, s.error, s.error_code, s.error_params, s.queries, s.accounts_seen, s.candidates, s.last_success_at
          FROM channels c LEFT JOIN impersonation_scans s ON s.channel_id = c.id
         WHERE c.organisation_id = ANY(${toPgArray(organisations)}::uuid[])
           AND c.network IN ('mastodon', 'bluesky') AND c.status <> 'archived'
         ORDER BY c.network, lower(c.handle)`,
  );
}

/** The last scan of each Mastodon and Bluesky channel of the organisation (and below, with `subtree`). */
export async function listScanStatus(
  ctx: AppContext,
  caller: Caller,
  organisationId: string,
  subtree: boolean,
): Promise<TChannelScanStatus[]> {
  await requireAccess(ctx.db, caller, organisationId, 'listening.read');
  const organisations = subtree ? await subtreeIds(ctx.db, organisationId) : [organisationId];
  return (await scannableChannels(ctx, organisations)).map((r) => ({
    channelId: r.id,
    organisationId: r.organisation_id,
    network: r.network,
    handle: r.handle,
    displayName: r.display_name,
    lastScan:
      r.scanned && (r.started_at || r.requested_at)
        ? {
            requestedAt: isoOrNull(r.requested_at),
            startedAt: isoOrNull(r.started_at),
            finishedAt: isoOrNull(r.finished_at),
            running: r.started_at !== null && (r.finished_at === null || new Date(r.finished_at) < new Date(r.started_at)),
            ok: r.ok,
            error: r.error,
            errorCode: r.error_code,
            errorParams: r.error_params,
            queries: r.queries ?? 0,
            accountsSeen: r.accounts_seen ?? 0,
            candidates: r.candidates ?? 0,
            lastSuccessAt: isoOrNull(r.last_success_at),
          }
        : null,
  }));
}

/**
 * "Scan now": notes the request on each channel and hands the scan to the job queue (the search
 * takes seconds per channel; the request does not wait). Needs `listening.manage`.
 */
export async function requestScan(
  ctx: AppContext,
  caller: Caller,
  organisationId: string,
  subtree: boolean,
): Promise<{ queued: boolean; channels: number }> {
  await requireAccess(ctx.db, caller, organisationId, 'listening.manage');
  if (!ctx.queue)
    throw new AppError(503, 'internal', 'Background jobs are not running in this installation; the daily scan will run when they are.');
  const organisations = subtree ? await subtreeIds(ctx.db, organisationId) : [organisationId];
  const channels = await scannableChannels(ctx, organisations);
  if (channels.length > 0) {
    const data = channels.map((c) => ({ c: c.id, o: c.organisation_id }));
    await ctx.db.execute(
      sql`INSERT INTO impersonation_scans (channel_id, organisation_id, requested_at)
          SELECT r.c, r.o, now() FROM json_to_recordset(${JSON.stringify(data)}::json) AS r(c uuid, o uuid)
          ON CONFLICT (channel_id) DO UPDATE SET requested_at = now()`,
    );
    await ctx.queue.send(SCAN_JOB, { organisationId, subtree });
  }
  return { queued: channels.length > 0, channels: channels.length };
}
