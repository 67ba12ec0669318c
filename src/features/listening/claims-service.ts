import { type SQL, sql } from 'drizzle-orm';
import type { AppContext } from '../../app/context.js';
import { type Caller, requireAccess, subtreeIds, toPgArray } from '../../kit/access.js';
import { actorOf, recordAudit } from '../../kit/audit.js';
import { notFound } from '../../kit/errors.js';
import { rows } from '../../kit/sql.js';
import type { TClaimQuery, TMentionClaim } from './claims-schemas.js';
import type { ReviewStatus } from './impersonation-schema.js';
import type { TDecisionInput } from './impersonation-schemas.js';
import { decisionColumns, presentDecision, statusOfDecision } from './impersonation-service.js';

/** Reading and deciding speaking-for claims (found by claims-check.ts). */

type ClaimDbRow = {
  id: string;
  organisation_id: string;
  named_organisation_id: string;
  named_organisation_name: string;
  named_channel_id: string | null;
  named_channel_network: string | null;
  named_channel_handle: string | null;
  phrase: string;
  phrase_language: TMentionClaim['phraseLanguage'];
  reference: string;
  excerpt: string;
  author: string | null;
  author_display_name: string | null;
  mention_id: string;
  mention_kind: string;
  mention_url: string | null;
  mention_text: string;
  mention_occurred_at: string | Date;
  status: ReviewStatus;
  decided_by: string | null;
  decider_name: string | null;
  decided_at: string | Date | null;
  decision_note: string | null;
  created_at: string | Date;
};

const iso = (value: string | Date) => (value instanceof Date ? value : new Date(value)).toISOString();

function present(row: ClaimDbRow): TMentionClaim {
  return {
    id: row.id,
    organisationId: row.organisation_id,
    namedOrganisation: { id: row.named_organisation_id, name: row.named_organisation_name },
    namedChannel:
      row.named_channel_id && row.named_channel_network && row.named_channel_handle
        ? { id: row.named_channel_id, network: row.named_channel_network, handle: row.named_channel_handle }
        : null,
    phrase: row.phrase,
    phraseLanguage: row.phrase_language,
    reference: row.reference,
    excerpt: row.excerpt,
    author: row.author,
    authorDisplayName: row.author_display_name,
    mention: { id: row.mention_id, kind: row.mention_kind, url: row.mention_url, text: row.mention_text, occurredAt: iso(row.mention_occurred_at) },
    status: row.status,
    decision: presentDecision(row),
    createdAt: iso(row.created_at),
  };
}

async function selectClaims(ctx: AppContext, where: SQL, tail: SQL = sql``): Promise<ClaimDbRow[]> {
  return rows<ClaimDbRow>(
    ctx.db,
    sql`SELECT mc.id, mc.organisation_id, mc.named_organisation_id, o.name AS named_organisation_name, mc.named_channel_id,
               c.network AS named_channel_network, c.handle AS named_channel_handle, mc.phrase, mc.phrase_language, mc.reference,
               mc.excerpt, mc.author, mc.author_display_name, m.id AS mention_id, m.kind AS mention_kind, m.url AS mention_url,
               m.text AS mention_text, m.occurred_at AS mention_occurred_at, mc.status, mc.decided_by, u.name AS decider_name,
               mc.decided_at, mc.decision_note, mc.created_at
          FROM mention_claims mc
          JOIN mentions m ON m.id = mc.mention_id
          JOIN organisations o ON o.id = mc.named_organisation_id
          LEFT JOIN channels c ON c.id = mc.named_channel_id
          LEFT JOIN users u ON u.id = mc.decided_by
         WHERE ${where} ${tail}`,
  );
}

/** Claims found by an organisation's listening (and with `subtree`, below it), newest first. Needs `listening.read`. */
export async function listClaims(
  ctx: AppContext,
  caller: Caller,
  organisationId: string,
  query: TClaimQuery,
): Promise<{ claims: TMentionClaim[]; total: number }> {
  await requireAccess(ctx.db, caller, organisationId, 'listening.read');
  const organisations = query.subtree === 'true' ? await subtreeIds(ctx.db, organisationId) : [organisationId];
  const where = sql.join(
    [
      sql`mc.organisation_id = ANY(${toPgArray(organisations)}::uuid[])`,
      ...(query.status ? [sql`mc.status = ${query.status}`] : []),
      ...(query.namedOrganisationId ? [sql`mc.named_organisation_id = ${query.namedOrganisationId}::uuid`] : []),
      ...(query.mentionId ? [sql`mc.mention_id = ${query.mentionId}::uuid`] : []),
    ],
    sql` AND `,
  );
  const [count] = await rows<{ n: number | string }>(ctx.db, sql`SELECT count(*) AS n FROM mention_claims mc WHERE ${where}`);
  const found = await selectClaims(ctx, where, sql`ORDER BY mc.created_at DESC, mc.id LIMIT ${query.limit} OFFSET ${query.offset}`);
  return { claims: found.map(present), total: Number(count?.n ?? 0) };
}

async function loadClaim(ctx: AppContext, id: string): Promise<ClaimDbRow> {
  const [row] = await selectClaims(ctx, sql`mc.id = ${id}::uuid`);
  if (!row) throw notFound('Claim');
  return row;
}

export async function getClaim(ctx: AppContext, caller: Caller, id: string): Promise<TMentionClaim> {
  const row = await loadClaim(ctx, id);
  await requireAccess(ctx.db, caller, row.organisation_id, 'listening.read');
  return present(row);
}

/**
 * Dismisses or confirms a claim (a confirmation needs a note), or reopens it. Needs `listening.manage`;
 * audited. Reopening one that is open changes nothing and is not audited.
 */
export async function decideClaim(ctx: AppContext, caller: Caller, id: string, input: TDecisionInput): Promise<TMentionClaim> {
  const current = await loadClaim(ctx, id);
  await requireAccess(ctx.db, caller, current.organisation_id, 'listening.manage');
  const { status, note } = statusOfDecision(input, 'a claim');
  await ctx.db.transaction(async (tx) => {
    const [before] = await rows<{ status: ReviewStatus; decision_note: string | null }>(
      tx,
      sql`SELECT status, decision_note FROM mention_claims WHERE id = ${id}::uuid FOR UPDATE`,
    );
    if (!before) throw notFound('Claim');
    if (before.status === 'new' && status === 'new') return;
    await tx.execute(sql`UPDATE mention_claims SET ${decisionColumns(caller, status, note)} WHERE id = ${id}::uuid`);
    await recordAudit(tx, actorOf(caller), {
      organisationId: current.organisation_id,
      action: input.decision,
      entity: 'mention_claim',
      entityId: id,
      before: { status: before.status, note: before.decision_note },
      after: { status, note, mentionId: current.mention_id, namedOrganisationId: current.named_organisation_id, author: current.author },
    });
  });
  return present(await loadClaim(ctx, id));
}
