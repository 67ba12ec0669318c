import { sql } from 'drizzle-orm';
import type { AppContext } from '../../app/context.js';
import { toPgArray } from '../../kit/access.js';
import { rows } from '../../kit/sql.js';
import { arrivalHorizon, databaseNow, isoMicros, NIL_UUID } from './alert-cursor.js';
import { compileReferences, findClaims, type OrganisationReference, prefilterPatterns } from './claims-detect.js';

/**
 * Finding speaking-for claims among stored mentions, after ingest and outside its transaction.
 *
 * Ingest's only hook (`listeningEvents`) carries the mentions that matched a watchlist, not every
 * mention, and lives in one process. So the check reads the mentions table itself, from a durable
 * cursor on (seen_at, id): every minute (claims-jobs.ts) and, in a worker, soon after a batch
 * matched. Nothing is lost to a restart: the cursor only moves after the claims are stored.
 *
 * A mention's transaction may commit after one with a later seen_at was read, so the check reads
 * only up to the arrival horizon (alert-cursor.ts): seen_at is its transaction's start, and every
 * transaction that began before the horizon has ended. Each mention is so read once; storing a
 * claim twice would do nothing anyway (one per mention and organisation named), and a dismissed
 * claim stays dismissed.
 *
 * In SQL, a text must contain a word of one of the phrases (prefilterPatterns) to be read at all:
 * most mentions never leave the database. Only posts by accounts are checked (Mastodon, Bluesky,
 * own mentions): news articles quote spokespeople "namens" their organisation all the time.
 */

export const CLAIM_KINDS = ['mastodon', 'bluesky', 'own_mentions'] as const;
/** Where a new installation (or one upgraded to this check) starts reading. */
export const FIRST_LOOKBACK_MS = 7 * 86_400_000;
const BATCH = 500;

/**
 * A position in (seen_at, id) order. `at` is the time as Postgres writes it in UTC to the
 * microsecond (fixed width, so strings compare like times): a JavaScript Date would drop the
 * microseconds and the next read would start before the row it ended on.
 */
type Key = { at: string; id: string };
type CandidateMention = {
  id: string;
  organisation_id: string;
  author: string | null;
  author_display_name: string | null;
  text: string;
  title: string | null;
  seen_key: string;
};

const before = (a: Key, b: Key) => a.at < b.at || (a.at === b.at && a.id < b.id);

export type ClaimCheckResult = { read: number; claims: number; cursor: string };

/**
 * Reads the mentions stored since the cursor and stores the claims among them. Stops after
 * `budgetMs` (default 20 s) and carries on next time. Safe to run concurrently (the same claim is
 * stored once; the cursor never moves back).
 */
export async function checkMentionsForClaims(ctx: AppContext, options: { budgetMs?: number } = {}): Promise<ClaimCheckResult> {
  const deadline = Date.now() + (options.budgetMs ?? 20_000);
  // In its own statement, before the reads (see the module comment).
  const horizon = await arrivalHorizon(ctx.db);
  const [stored] = await rows<{ at: string; mention_id: string }>(
    ctx.db,
    sql`SELECT ${isoMicros(sql`seen_at`)} AS at, mention_id FROM mention_claims_cursor WHERE id`,
  );
  const start: Key = stored
    ? { at: stored.at, id: stored.mention_id }
    : { at: await databaseNow(ctx.db, -FIRST_LOOKBACK_MS), id: NIL_UUID };
  const patterns = toPgArray(prefilterPatterns());
  const context = new ScopeCache(ctx);
  let resume = start;
  let complete = false;
  let read = 0;
  let claims = 0;
  while (Date.now() < deadline) {
    const batch = await rows<CandidateMention>(
      ctx.db,
      sql`SELECT m.id, m.organisation_id, m.author, m.author_display_name, m.text, m.title, ${isoMicros(sql`m.seen_at`)} AS seen_key
            FROM mentions m
           WHERE m.seen_at >= ${resume.at}::timestamptz
             AND (m.seen_at, m.id) > (${resume.at}::timestamptz, ${resume.id}::uuid)
             AND m.seen_at < ${horizon.at}::timestamptz
             AND m.kind = ANY(${toPgArray(CLAIM_KINDS)}::text[])
             AND m.text ILIKE ANY(${patterns}::text[])
           ORDER BY m.seen_at, m.id
           LIMIT ${BATCH}`,
    );
    read += batch.length;
    claims += await storeClaims(ctx, context, batch);
    const last = batch[batch.length - 1];
    if (last) resume = { at: last.seen_key, id: last.id };
    if (batch.length < BATCH) {
      complete = true;
      break;
    }
  }
  // Read to the end: the cursor may go up to the horizon. Stopped early: no further than read.
  let next: Key = complete ? { at: horizon.at, id: NIL_UUID } : resume;
  if (before(next, start)) next = start;
  await ctx.db.execute(
    sql`INSERT INTO mention_claims_cursor (id, seen_at, mention_id, checked_at)
        VALUES (true, ${next.at}::timestamptz, ${next.id}::uuid, now())
        ON CONFLICT (id) DO UPDATE SET
          seen_at = CASE WHEN (EXCLUDED.seen_at, EXCLUDED.mention_id) > (mention_claims_cursor.seen_at, mention_claims_cursor.mention_id)
                         THEN EXCLUDED.seen_at ELSE mention_claims_cursor.seen_at END,
          mention_id = CASE WHEN (EXCLUDED.seen_at, EXCLUDED.mention_id) > (mention_claims_cursor.seen_at, mention_claims_cursor.mention_id)
                            THEN EXCLUDED.mention_id ELSE mention_claims_cursor.mention_id END,
          checked_at = now()`,
  );
  return { read, claims, cursor: next.at };
}

async function storeClaims(ctx: AppContext, scope: ScopeCache, batch: CandidateMention[]): Promise<number> {
  if (batch.length === 0) return 0;
  await scope.load();
  const data: Array<Record<string, string | null>> = [];
  for (const mention of batch) {
    if (scope.isRegistryAuthor(mention.author)) continue;
    const text = mention.title ? `${mention.title}\n${mention.text}` : mention.text;
    for (const hit of findClaims(text, scope.referencesFor(mention.organisation_id))) {
      data.push({
        o: mention.organisation_id,
        m: mention.id,
        n: hit.reference.organisationId,
        c: hit.reference.channelId,
        p: hit.phrase.phrase,
        l: hit.phrase.language,
        r: hit.reference.term,
        e: hit.excerpt,
        a: mention.author,
        ad: mention.author_display_name,
      });
    }
  }
  if (data.length === 0) return 0;
  const inserted = await rows<{ id: string }>(
    ctx.db,
    sql`INSERT INTO mention_claims (organisation_id, mention_id, named_organisation_id, named_channel_id, phrase, phrase_language, reference, excerpt, author, author_display_name)
        SELECT r.o, r.m, r.n, r.c, r.p, r.l, r.r, r.e, r.a, r.ad
          FROM json_to_recordset(${JSON.stringify(data)}::json)
            AS r(o uuid, m uuid, n uuid, c uuid, p text, l text, r text, e text, a text, ad text)
          JOIN mentions m ON m.id = r.m
        ON CONFLICT (mention_id, named_organisation_id) DO NOTHING
        RETURNING id`,
  );
  return inserted.length;
}

type OrganisationRow = { id: string; parent_id: string | null; name: string; names: Record<string, string>; short_name: string | null; slug: string };
type ChannelRow = { id: string; organisation_id: string; network: string; handle: string; display_name: string | null };

/**
 * The registry as the check needs it, read once per run and only when some mention passed the
 * prefilter: who is in the registry (handles and connected accounts' ids), and per listening
 * organisation the compiled references of itself and the organisations below it.
 */
class ScopeCache {
  private organisations: OrganisationRow[] | null = null;
  private channels: ChannelRow[] = [];
  private registryAuthors = new Set<string>();
  private compiled = new Map<string, ReturnType<typeof compileReferences>>();

  constructor(private readonly ctx: AppContext) {}

  async load(): Promise<void> {
    if (this.organisations) return;
    this.organisations = await rows<OrganisationRow>(this.ctx.db, sql`SELECT id, parent_id, name, names, short_name, slug FROM organisations`);
    this.channels = await rows<ChannelRow>(
      this.ctx.db,
      sql`SELECT id, organisation_id, network, handle, display_name FROM channels WHERE status <> 'archived'`,
    );
    const connected = await rows<{ remote_account_id: string }>(
      this.ctx.db,
      sql`SELECT cc.remote_account_id FROM channel_connections cc JOIN channels c ON c.id = cc.channel_id
           WHERE c.network = 'bluesky' AND cc.remote_account_id IS NOT NULL`,
    );
    // Every registry account, archived channels included: an old official account is still not an impostor.
    const all = await rows<{ handle: string }>(this.ctx.db, sql`SELECT handle FROM channels WHERE network IN ('mastodon', 'bluesky')`);
    for (const { handle } of all) this.registryAuthors.add(authorKey(handle));
    for (const { remote_account_id } of connected) this.registryAuthors.add(authorKey(remote_account_id));
  }

  isRegistryAuthor(author: string | null): boolean {
    return author !== null && this.registryAuthors.has(authorKey(author));
  }

  referencesFor(organisationId: string): ReturnType<typeof compileReferences> {
    const cached = this.compiled.get(organisationId);
    if (cached) return cached;
    const scope = new Set([organisationId]);
    const organisations = this.organisations ?? [];
    for (let grew = true; grew; ) {
      grew = false;
      for (const o of organisations) {
        if (o.parent_id && scope.has(o.parent_id) && !scope.has(o.id)) {
          scope.add(o.id);
          grew = true;
        }
      }
    }
    const references: OrganisationReference[] = [];
    for (const o of organisations.filter((x) => scope.has(x.id))) references.push(...organisationReferences(o));
    for (const c of this.channels.filter((x) => scope.has(x.organisation_id))) references.push(...channelReferences(c));
    const compiled = compileReferences(references);
    this.compiled.set(organisationId, compiled);
    return compiled;
  }
}

const authorKey = (value: string) => value.trim().replace(/^@/, '').toLowerCase();

function organisationReferences(o: OrganisationRow): OrganisationReference[] {
  const name = (term: string): OrganisationReference => ({ organisationId: o.id, channelId: null, term, kind: 'name' });
  const out = [name(o.name), ...Object.values(o.names ?? {}).filter((v): v is string => typeof v === 'string').map(name)];
  if (o.short_name) {
    const acronym = /^[\p{Lu}\p{N}&]{2,8}$/u.test(o.short_name.trim());
    out.push({ organisationId: o.id, channelId: null, term: o.short_name, kind: acronym ? 'acronym' : 'name' });
  }
  out.push(name(o.slug.replace(/[-_]+/g, ' ')));
  return out;
}

function channelReferences(c: ChannelRow): OrganisationReference[] {
  const ref = (term: string, kind: OrganisationReference['kind']): OrganisationReference => ({
    organisationId: c.organisation_id,
    channelId: c.id,
    term,
    kind,
  });
  const out: OrganisationReference[] = [];
  if (c.network === 'mastodon') {
    const [, user, host] = c.handle.split('@');
    if (user && host) out.push(ref(`@${user}@${host}`, 'handle'), ref(`@${user}`, 'handle'));
  } else if (c.network === 'bluesky') {
    const handle = c.handle.replace(/^@/, '');
    out.push(ref(`@${handle}`, 'handle'), ref(handle, 'handle'));
  } else if (/^@[^@\s]+$/.test(c.handle)) {
    out.push(ref(c.handle, 'handle')); // X, Instagram, Threads: "namens @stadgent"
  }
  if (c.display_name) out.push(ref(c.display_name, 'name'));
  return out;
}
