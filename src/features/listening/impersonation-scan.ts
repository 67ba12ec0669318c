import { sql } from 'drizzle-orm';
import type { AppContext } from '../../app/context.js';
import { subtreeIds, toPgArray } from '../../kit/access.js';
import { recordAudit, SYSTEM_ACTOR } from '../../kit/audit.js';
import { rows } from '../../kit/sql.js';
import { loadConnectedAccount } from '../connections/accounts.js';
import { type ScanError, scanError } from './impersonation-error-text.js';
import { localPartOf, mastodonDomainOf, searchQueries } from './impersonation-queries.js';
import type { SearchedNetwork } from './impersonation-schema.js';
import { judgeAccount, type OfficialNames, type RemoteAccount, type Verdict } from './impersonation-score.js';
import { checkInstanceAddress, type SearchTarget, SearchFailure, searchAccounts } from './impersonation-search.js';

/**
 * The impersonation scan: for each official Mastodon and Bluesky channel (not archived), search
 * the network for accounts named like it (impersonation-queries.ts), leave out the channel itself
 * and every account in the registry (any organisation's channel with that network and handle),
 * judge the rest with the lookalike engine (impersonation-score.ts) and store those it finds
 * confusable, with the evidence. The outcome of each channel's search is kept on
 * impersonation_scans; a bad or slow answer ends that channel's search with its reason, as a code
 * with its values and in plain English words (`error_code`, `error_params`, `error`), and never
 * the scan. Candidates found before a failure are kept.
 */

export type ScanOptions = {
  /** Only this organisation's channels (with `subtree`, also those of the organisations below it). */
  organisationId?: string;
  subtree?: boolean;
  /** Per search request. Default 10 s. */
  timeoutMs?: number;
};

export type ChannelScanOutcome = {
  channelId: string;
  organisationId: string;
  network: SearchedNetwork;
  handle: string;
  ok: boolean;
  /** Why the search failed, in English; null when it worked. */
  error: string | null;
  queries: number;
  accountsSeen: number;
  candidates: number;
};

type OfficialChannel = {
  id: string;
  organisation_id: string;
  network: SearchedNetwork;
  handle: string;
  display_name: string | null;
  profile_url: string | null;
  organisation_name: string;
};

/** Channels searched at once: enough to finish a large registry within a job's time, few enough to be polite. */
const PARALLEL_CHANNELS = 3;

/** Scans the channels in scope; returns one outcome per channel. Throws only on database trouble. */
export async function scanForImpersonators(ctx: AppContext, options: ScanOptions = {}): Promise<ChannelScanOutcome[]> {
  const organisationIds = options.organisationId
    ? options.subtree
      ? await subtreeIds(ctx.db, options.organisationId)
      : [options.organisationId]
    : null;
  const channels = await rows<OfficialChannel>(
    ctx.db,
    sql`SELECT c.id, c.organisation_id, c.network, c.handle, c.display_name, c.profile_url, o.name AS organisation_name
          FROM channels c JOIN organisations o ON o.id = c.organisation_id
         WHERE c.network IN ('mastodon', 'bluesky') AND c.status <> 'archived'
           AND (${organisationIds === null} OR c.organisation_id = ANY(${toPgArray(organisationIds ?? [])}::uuid[]))
         ORDER BY c.organisation_id, c.network, lower(c.handle)`,
  );
  if (channels.length === 0) return [];
  const registry = await registryHandles(ctx);
  const outcomes: ChannelScanOutcome[] = [];
  let next = 0;
  const worker = async () => {
    for (let channel = channels[next++]; channel; channel = channels[next++]) {
      outcomes.push(await scanChannel(ctx, channel, registry, options.timeoutMs));
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL_CHANNELS, channels.length) }, worker));
  return outcomes.sort((a, b) => a.handle.localeCompare(b.handle));
}

/** `network:handle` (lower case) of every channel in the registry, archived ones included. */
async function registryHandles(ctx: AppContext): Promise<Set<string>> {
  const found = await rows<{ network: string; handle: string }>(
    ctx.db,
    sql`SELECT network, lower(handle) AS handle FROM channels WHERE network IN ('mastodon', 'bluesky')`,
  );
  return new Set(found.map((r) => registryKey(r.network, r.handle)));
}

const registryKey = (network: string, handle: string) => `${network}:${handle.trim().replace(/^@/, '').toLowerCase()}`;

async function scanChannel(
  ctx: AppContext,
  channel: OfficialChannel,
  registry: Set<string>,
  timeoutMs: number | undefined,
): Promise<ChannelScanOutcome> {
  const outcome: ChannelScanOutcome = {
    channelId: channel.id,
    organisationId: channel.organisation_id,
    network: channel.network,
    handle: channel.handle,
    ok: true,
    error: null,
    queries: 0,
    accountsSeen: 0,
    candidates: 0,
  };
  await ctx.db.execute(
    sql`INSERT INTO impersonation_scans (channel_id, organisation_id, started_at) VALUES (${channel.id}::uuid, ${channel.organisation_id}::uuid, now())
        ON CONFLICT (channel_id) DO UPDATE SET started_at = now(), organisation_id = EXCLUDED.organisation_id`,
  );
  const official: OfficialNames = {
    network: channel.network,
    handle: channel.handle,
    localPart: localPartOf(channel.network, channel.handle),
    displayName: channel.display_name?.trim() || channel.organisation_name,
  };
  const found = new Map<string, RemoteAccount>();
  let failure: ScanError | null = null;
  try {
    const target = await targetOf(ctx, channel, timeoutMs);
    for (const query of searchQueries({ localPart: official.localPart, displayName: official.displayName })) {
      outcome.queries += 1;
      for (const account of await searchAccounts(target, query, { timeoutMs })) found.set(account.remoteId, account);
    }
  } catch (error) {
    if (error instanceof SearchFailure) failure = { code: error.code, params: error.params, text: error.message };
    else {
      ctx.log.error({ err: error, channelId: channel.id }, 'impersonation scan: search failed');
      failure = scanError('unexpected');
    }
    outcome.ok = false;
    outcome.error = failure.text;
  }
  outcome.accountsSeen = found.size;
  const judged: Array<{ account: RemoteAccount; verdict: Verdict }> = [];
  for (const account of found.values()) {
    if (registry.has(registryKey(account.network, account.handle))) continue;
    const verdict = judgeAccount(official, account);
    if (verdict) judged.push({ account, verdict });
  }
  outcome.candidates = judged.length;
  await storeCandidates(ctx, channel, judged);
  await ctx.db.execute(
    sql`UPDATE impersonation_scans
           SET finished_at = now(), ok = ${outcome.ok}, error = ${outcome.error}, error_code = ${failure?.code ?? null},
               error_params = ${failure ? JSON.stringify(failure.params) : null}::jsonb, queries = ${outcome.queries},
               accounts_seen = ${outcome.accountsSeen}, candidates = ${outcome.candidates},
               last_success_at = CASE WHEN ${outcome.ok} THEN now() ELSE last_success_at END
         WHERE channel_id = ${channel.id}::uuid`,
  );
  return outcome;
}

/**
 * Where to search: Mastodon on the channel's own instance — the connection's address, else the
 * origin of its profile URL (the web domain, which may differ from the handle's account domain),
 * else https://<account domain> — with the connection's token if any; Bluesky on the AppView.
 */
async function targetOf(ctx: AppContext, channel: OfficialChannel, timeoutMs: number | undefined): Promise<SearchTarget> {
  if (channel.network === 'bluesky') return { network: 'bluesky', appViewUrl: ctx.config.blueskyAppView };
  const domain = mastodonDomainOf(channel.handle);
  if (!domain) throw new SearchFailure('handle_not_mastodon', { handle: channel.handle });
  let instanceUrl: string | null = null;
  let accessToken: string | null = null;
  try {
    const loaded = await loadConnectedAccount(ctx.db, ctx.keyring, channel.id);
    if (loaded) {
      instanceUrl = loaded.account.apiBaseUrl.replace(/\/+$/, '');
      const token = loaded.account.credentials.accessToken;
      accessToken = typeof token === 'string' && token !== '' ? token : null;
    }
  } catch (error) {
    // A token sealed under a key that is gone: search without it (the instance may allow that).
    ctx.log.warn({ err: error, channelId: channel.id }, 'impersonation scan: the channel token could not be opened');
  }
  if (!instanceUrl && channel.profile_url && /^https?:\/\//i.test(channel.profile_url) && URL.canParse(channel.profile_url)) {
    instanceUrl = new URL(channel.profile_url).origin;
  }
  instanceUrl ??= `https://${domain}`;
  await checkInstanceAddress(instanceUrl, { allow: ctx.config.allowUrls, timeoutMs });
  return { network: 'mastodon', instanceUrl, domain, accessToken };
}

type Existing = { remote_id: string; id: string; status: string; handle: string; display_name: string | null };

/**
 * Inserts new candidates and refreshes known ones. A dismissed candidate whose handle or display
 * name changed is looked at again (status new, decision cleared, audited as `reopen`); otherwise
 * a decision stands. Candidates still new whose handle has since joined the registry are removed.
 */
async function storeCandidates(
  ctx: AppContext,
  channel: OfficialChannel,
  judged: Array<{ account: RemoteAccount; verdict: Verdict }>,
): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    await tx.execute(
      sql`DELETE FROM impersonation_candidates ic
           WHERE ic.channel_id = ${channel.id}::uuid AND ic.status = 'new'
             AND EXISTS (SELECT 1 FROM channels r WHERE r.network = ic.network
                           AND lower(ltrim(r.handle, '@')) = lower(ltrim(ic.handle, '@')))`,
    );
    if (judged.length === 0) return;
    const existing = await rows<Existing>(
      tx,
      sql`SELECT remote_id, id, status, handle, display_name FROM impersonation_candidates WHERE channel_id = ${channel.id}::uuid`,
    );
    const before = new Map(existing.map((e) => [e.remote_id, e]));
    const data = judged.map(({ account, verdict }) => ({
      r: account.remoteId,
      h: account.handle,
      d: account.displayName,
      p: account.profileUrl,
      a: account.avatarUrl,
      s: verdict.score,
      e: verdict.evidence,
    }));
    await tx.execute(
      sql`INSERT INTO impersonation_candidates AS ic
            (organisation_id, channel_id, network, remote_id, handle, display_name, profile_url, avatar_url, score, evidence)
          SELECT ${channel.organisation_id}::uuid, ${channel.id}::uuid, ${channel.network}, r.r, r.h, r.d, r.p, r.a, r.s, r.e
            FROM json_to_recordset(${JSON.stringify(data)}::json) AS r(r text, h text, d text, p text, a text, s real, e jsonb)
          ON CONFLICT (channel_id, network, remote_id) DO UPDATE SET
            organisation_id = EXCLUDED.organisation_id,
            handle = EXCLUDED.handle,
            display_name = EXCLUDED.display_name,
            profile_url = EXCLUDED.profile_url,
            avatar_url = EXCLUDED.avatar_url,
            score = EXCLUDED.score,
            evidence = EXCLUDED.evidence,
            last_seen_at = now(),
            status = CASE WHEN ic.status = 'dismissed' AND (ic.handle IS DISTINCT FROM EXCLUDED.handle OR ic.display_name IS DISTINCT FROM EXCLUDED.display_name)
                          THEN 'new' ELSE ic.status END,
            decided_by = CASE WHEN ic.status = 'dismissed' AND (ic.handle IS DISTINCT FROM EXCLUDED.handle OR ic.display_name IS DISTINCT FROM EXCLUDED.display_name)
                              THEN NULL ELSE ic.decided_by END,
            decided_at = CASE WHEN ic.status = 'dismissed' AND (ic.handle IS DISTINCT FROM EXCLUDED.handle OR ic.display_name IS DISTINCT FROM EXCLUDED.display_name)
                              THEN NULL ELSE ic.decided_at END,
            decision_note = CASE WHEN ic.status = 'dismissed' AND (ic.handle IS DISTINCT FROM EXCLUDED.handle OR ic.display_name IS DISTINCT FROM EXCLUDED.display_name)
                                 THEN NULL ELSE ic.decision_note END`,
    );
    for (const { account } of judged) {
      const was = before.get(account.remoteId);
      if (was?.status !== 'dismissed') continue;
      if (was.handle === account.handle && was.display_name === account.displayName) continue;
      await recordAudit(tx, SYSTEM_ACTOR, {
        organisationId: channel.organisation_id,
        action: 'reopen',
        entity: 'impersonation_candidate',
        entityId: was.id,
        before: { status: 'dismissed', handle: was.handle, displayName: was.display_name },
        after: { status: 'new', handle: account.handle, displayName: account.displayName },
      });
    }
  });
}
