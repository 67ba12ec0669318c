import { and, eq, sql } from 'drizzle-orm';
import type { AppContext } from '../../app/context.js';
import { rows } from '../../kit/sql.js';
import type { ConnectorCredentials, PublishRequest } from '../../networks/connector.js';
import { reconcileCost } from '../../networks/rate-limits.js';
import { connectorFor } from '../../networks/registry.js';
import { loadConnectedAccount, storeCredentialsRenewedDuringCall } from '../connections/accounts.js';
import { loadMedia } from './media-store.js';
import { takeRateTokens } from './rate-limit.js';
import { failureDetails, logAttempt, recordPublished, validPublishedPost } from './record.js';
import { type ArchivedMedia, type PublicationRow, publications } from './schema.js';
import { BACK_TO_QUEUE, moveState } from './states.js';

/**
 * Reconcile: an `unconfirmed` publication (ambiguous answer, or a stale claim) is looked up on the
 * network before anything is sent again. Found → `published`; certainly absent → back to the queue
 * (`scheduled`, or `held` under a pause); lookup failing → stays `unconfirmed`, retried with backoff,
 * and after `attentionAfter` lookups it carries a reason a person sees. Nothing here ever sends.
 */
export const RECONCILE_LIMITS = {
  /** Backoff between failed lookups: 30 s doubling, at most an hour. */
  firstBackoffSeconds: 30,
  maxBackoffSeconds: 3600,
  attentionAfter: 8,
  requestTimeoutMs: 30_000,
};

export function reconcileBackoffSeconds(failedLookups: number): number {
  return Math.min(RECONCILE_LIMITS.maxBackoffSeconds, RECONCILE_LIMITS.firstBackoffSeconds * 2 ** Math.max(0, failedLookups - 1));
}

/** Looks `row` up on the network and records the outcome. Never throws; returns the row as it ended up. */
export async function reconcileUnconfirmed(ctx: AppContext, row: PublicationRow): Promise<PublicationRow | null> {
  const db = ctx.db;
  const attemptId = row.attemptId;
  const [current] = await db
    .select()
    .from(publications)
    .where(and(eq(publications.id, row.id), eq(publications.state, 'unconfirmed')));
  if (!current || !attemptId || current.attemptId !== attemptId) return null;
  const mine = eq(publications.attemptId, attemptId);
  const startedAt = new Date();

  const lookupFailed = async (detail: string, extra: { httpStatus?: number | null; requestId?: string | null } = {}) => {
    const count = current.reconcileCount + 1;
    const [updated] = await db
      .update(publications)
      .set({
        reconcileCount: count,
        nextReconcileAt: sql`now() + make_interval(secs => ${reconcileBackoffSeconds(count)})`,
        failureReason:
          count >= RECONCILE_LIMITS.attentionAfter
            ? `Kanaal could not find out whether this was published (${count} lookups failed; last: ${detail}). Check the account by hand before sending it again.`
            : current.failureReason,
        updatedAt: sql`now()`,
      })
      .where(and(eq(publications.id, current.id), eq(publications.state, 'unconfirmed'), mine))
      .returning();
    await logAttempt(db, {
      publicationId: current.id,
      attemptId,
      startedAt,
      outcome: 'ambiguous',
      ...extra,
      detail: `reconcile lookup failed: ${detail}`,
    });
    return updated ?? null;
  };

  try {
    const loaded = await loadConnectedAccount(db, ctx.keyring, current.channelId).catch(() => null);
    const connector = loaded ? connectorFor(loaded.account.network) : null;
    if (!loaded || !connector) return lookupFailed('the channel is not connected or its network has no connector');
    const decision = await takeRateTokens(db, loaded.account.network, loaded.rateKey, reconcileCost());
    if (!decision.ok) {
      const [updated] = await db
        .update(publications)
        .set({ nextReconcileAt: sql`now() + make_interval(secs => ${decision.retryAfterMs / 1000})` })
        .where(and(eq(publications.id, current.id), eq(publications.state, 'unconfirmed'), mine))
        .returning();
      return updated ?? null;
    }
    // The lookup matches text, media count and alt texts; bytes are only needed for the archive hash.
    let archived: ArchivedMedia[];
    let media: PublishRequest['media'];
    try {
      const loadedMedia = await loadMedia(ctx.mediaStorage, current.media);
      archived = loadedMedia.archived;
      media = loadedMedia.items;
    } catch {
      archived = current.media.map((m) => ({ ...m, sha256: null, bytes: 0 }));
      media = current.media.map((m) => ({ fileName: m.fileName, mimeType: m.mimeType, altText: m.altText, bytes: Buffer.alloc(0) }));
    }
    const request: PublishRequest = {
      idempotencyKey: current.idempotencyKey,
      text: current.text,
      language: current.language ?? undefined,
      media,
    };
    const since = await firstAttemptAt(ctx, current);
    let found: unknown;
    let renewedDuringCall: ConnectorCredentials | undefined;
    try {
      found = await connector.findPublished(loaded.account, request, since, {
        timeoutMs: RECONCILE_LIMITS.requestTimeoutMs,
        allow: ctx.config.allowUrls,
        onCredentials: (credentials) => {
          renewedDuringCall = credentials;
        },
      });
    } catch (error) {
      const details = failureDetails(error);
      return lookupFailed(details.detail, details);
    } finally {
      await storeCredentialsRenewedDuringCall(ctx, current.channelId, renewedDuringCall);
    }
    if (found === null) {
      const moved = await moveState(
        db,
        current.id,
        'unconfirmed',
        BACK_TO_QUEUE,
        { nextReconcileAt: null, reconcileCount: 0, failureReason: null },
        mine,
      );
      await logAttempt(db, {
        publicationId: current.id,
        attemptId,
        startedAt,
        outcome: 'absent_on_reconcile',
        detail: `not on the account since ${since.toISOString()}`,
      });
      return moved;
    }
    const post = validPublishedPost(found);
    if (!post) return lookupFailed(`the connector answered without a post id: ${JSON.stringify(found)?.slice(0, 200)}`);
    return await recordPublished(db, current, attemptId, {
      post,
      network: loaded.account.network,
      archived,
      outcome: 'found_on_reconcile',
      startedAt,
    });
  } catch (error) {
    ctx.log.error({ err: error, publicationId: current.id }, 'publishing: reconcile failed');
    return lookupFailed(failureDetails(error).detail).catch(() => null);
  }
}

/** Since when the post could exist: the first attempt of this publication (or the current claim). */
async function firstAttemptAt(ctx: AppContext, row: PublicationRow): Promise<Date> {
  const [found] = await rows<{ first: Date | string | null }>(
    ctx.db,
    sql`SELECT min(started_at) AS first FROM publication_attempts WHERE publication_id = ${row.id}::uuid`,
  );
  const first = found?.first ? new Date(found.first) : null;
  const claimed = row.claimedAt ?? row.updatedAt;
  return first && first < claimed ? first : claimed;
}
