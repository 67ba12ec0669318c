import { and, eq, sql } from 'drizzle-orm';
import type { AppContext } from '../../app/context.js';
import { rows } from '../../kit/sql.js';
import { type ConnectedAccount, ConnectorError, type MediaItem, type PublishRequest } from '../../networks/connector.js';
import { publishCost } from '../../networks/rate-limits.js';
import { connectorFor } from '../../networks/registry.js';
import { type LoadedAccount, loadConnectedAccount, noteConnectionOutcome, renewCredentials } from '../connections/accounts.js';
import { contentSha256 } from './content.js';
import { loadMedia, MediaMissingError } from './media-store.js';
import { publicMediaUrlFor } from './media-url.js';
import { blockRateBuckets, takeRateTokens } from './rate-limit.js';
import { failureDetails, logAttempt, recordPublished, validPublishedPost } from './record.js';
import type { ArchivedMedia, PublicationRow } from './schema.js';
import { publications } from './schema.js';
import { withSendGateShared } from './send-gate.js';
import { BACK_TO_QUEUE, moveState } from './states.js';

/** Time limits of one send. The sweep treats a claim older than `deadlineMs` + a margin as stale. */
export const PUBLISH_LIMITS = {
  /** Per HTTP request to the network. */
  requestTimeoutMs: 30_000,
  /** The whole publish (uploads, media processing, the post): aborted after this. */
  deadlineMs: 4 * 60_000,
  /** First reconcile this long after an ambiguous answer: a request still being processed has finished by then. */
  firstReconcileDelaySeconds: 90,
  /** `unavailable` retries: 30 s doubling up to 15 minutes, and after this many attempts the row fails. */
  unavailableMaxAttempts: 12,
};

export type PublishOptions = { requestTimeoutMs?: number; deadlineMs?: number; firstReconcileDelaySeconds?: number };

const secondsFromNow = (seconds: number) => sql`now() + make_interval(secs => ${Math.max(0, seconds)})`;

/**
 * Sends one claimed publication and records what happened (docs/publishing.md). Inside the send
 * gate: re-read by attempt id, pause re-check, rate-limit token, `connector.publish` with the
 * idempotency key, outcome. Never throws: every outcome, a broken connector reply included, is
 * recorded; if even recording fails, the row stays `publishing` and the sweep hands it to reconcile.
 * Returns the row as it ended up (null when another process had moved it).
 */
export async function publishClaimed(
  ctx: AppContext,
  claimed: PublicationRow,
  options: PublishOptions = {},
): Promise<PublicationRow | null> {
  const attemptId = claimed.attemptId;
  if (!attemptId || claimed.state !== 'publishing') return null;
  const progress = { sending: false };
  try {
    return await withSendGateShared(ctx.database, () => sendInsideGate(ctx, claimed.id, attemptId, options, progress));
  } catch (error) {
    ctx.log.error({ err: error, publicationId: claimed.id, attemptId }, 'publishing: send failed outside the connector');
    const startedAt = new Date();
    try {
      const { detail } = failureDetails(error);
      // Before the network call nothing left: queue again shortly. After it, the post may exist.
      const moved = progress.sending
        ? await moveState(ctx.db, claimed.id, 'publishing', 'unconfirmed', reconcileLater(options), eq(publications.attemptId, attemptId))
        : await moveState(
            ctx.db,
            claimed.id,
            'publishing',
            BACK_TO_QUEUE,
            { dueAt: secondsFromNow(30) },
            eq(publications.attemptId, attemptId),
          );
      await logAttempt(ctx.db, {
        publicationId: claimed.id,
        attemptId,
        startedAt,
        outcome: progress.sending ? 'ambiguous' : 'unavailable',
        detail,
      });
      return moved;
    } catch (recordError) {
      ctx.log.error({ err: recordError, publicationId: claimed.id }, 'publishing: outcome not recorded; the sweep will reconcile');
      return null;
    }
  }
}

function reconcileLater(options: PublishOptions) {
  return {
    nextReconcileAt: secondsFromNow(options.firstReconcileDelaySeconds ?? PUBLISH_LIMITS.firstReconcileDelaySeconds),
    reconcileCount: 0,
  };
}

async function sendInsideGate(
  ctx: AppContext,
  id: string,
  attemptId: string,
  options: PublishOptions,
  progress: { sending: boolean },
): Promise<PublicationRow | null> {
  const db = ctx.db;
  const mine = eq(publications.attemptId, attemptId);
  const [row] = await db
    .select()
    .from(publications)
    .where(and(eq(publications.id, id), eq(publications.state, 'publishing'), mine));
  if (!row) return null;
  const startedAt = new Date();
  const fail = async (outcome: 'rejected' | 'auth_expired', reason: string, error?: unknown) => {
    const moved = await moveState(db, id, 'publishing', 'failed', { failureReason: reason }, mine);
    await logAttempt(db, { publicationId: id, attemptId, startedAt, outcome, ...(error ? failureDetails(error) : { detail: reason }) });
    return moved;
  };

  // 1. A pause committed after the claim: hold, never send.
  const [paused] = await rows<{ pause_id: string | null }>(
    db,
    sql`SELECT publishing_pause_for(${row.organisationId}::uuid, ${row.channelId}::uuid) AS pause_id`,
  );
  if (paused?.pause_id) {
    const moved = await moveState(db, id, 'publishing', 'held', { heldByPauseId: paused.pause_id }, mine);
    await logAttempt(db, { publicationId: id, attemptId, startedAt, outcome: 'held_by_pause', detail: `pause ${paused.pause_id}` });
    return moved;
  }

  // 2. What to send, and with which account.
  if (contentSha256(row) !== row.contentSha256) return fail('rejected', 'The content changed after it was scheduled; schedule it again.');
  let loaded: LoadedAccount | null;
  try {
    loaded = await loadConnectedAccount(db, ctx.keyring, row.channelId);
  } catch (error) {
    return fail('auth_expired', 'The channel’s stored credentials cannot be opened: reconnect the channel.', error);
  }
  if (!loaded) return fail('auth_expired', 'The channel is not connected to its account: connect the channel.');
  const connector = connectorFor(loaded.account.network);
  if (!connector) return fail('rejected', `Kanaal cannot publish to ${loaded.account.network} yet.`);
  let media: { items: MediaItem[]; archived: ArchivedMedia[] };
  try {
    media = await loadMedia(ctx.mediaStorage, row.media);
    // Networks that fetch images by URL (Instagram, Threads) find a signer here; never sealed or stored.
    loaded.account.credentials = { ...loaded.account.credentials, imageUrlFor: publicMediaUrlFor({ publicUrl: ctx.config.publicUrl, keyring: ctx.keyring }) };
  } catch (error) {
    if (!(error instanceof MediaMissingError)) throw error;
    return fail('rejected', error.message);
  }

  // 3. A token from the account's buckets; when there is none, come back when there will be.
  const decision = await takeRateTokens(db, loaded.account.network, loaded.rateKey, publishCost(row.media.length));
  if (!decision.ok) {
    const moved = await moveState(db, id, 'publishing', BACK_TO_QUEUE, { dueAt: secondsFromNow(decision.retryAfterMs / 1000) }, mine);
    await logAttempt(db, { publicationId: id, attemptId, startedAt, outcome: 'rate_limited', detail: `not sent: ${decision.reason}` });
    return moved;
  }

  // 4. The call, with one credential refresh on auth_expired where the network has refresh.
  const request: PublishRequest = {
    idempotencyKey: row.idempotencyKey,
    text: row.text,
    language: row.language ?? undefined,
    media: media.items,
  };
  let account: ConnectedAccount = loaded.account;
  let refreshed = false;
  for (;;) {
    progress.sending = true;
    let reply: unknown;
    try {
      reply = await connector.publish(account, request, {
        timeoutMs: options.requestTimeoutMs ?? PUBLISH_LIMITS.requestTimeoutMs,
        allow: ctx.config.allowUrls,
        signal: AbortSignal.timeout(options.deadlineMs ?? PUBLISH_LIMITS.deadlineMs),
      });
    } catch (error) {
      const kind = error instanceof ConnectorError ? error.kind : 'ambiguous';
      if (kind === 'auth_expired' && connector.refresh && !refreshed) {
        refreshed = true;
        try {
          // Another process may be renewing this channel's token right now: use what it stores.
          const credentials =
            (await renewCredentials(db, ctx.keyring, row.channelId, connector)) ??
            (await new Promise((resolve) => setTimeout(resolve, 2000)).then(
              async () => (await loadConnectedAccount(db, ctx.keyring, row.channelId))?.account.credentials,
            ));
          if (!credentials) throw new Error('the channel was disconnected while publishing');
          account = { ...account, credentials };
          continue; // 401 means the post was not processed: sending again is safe.
        } catch (refreshError) {
          ctx.log.warn({ err: refreshError, channelId: row.channelId }, 'publishing: credential refresh failed');
        }
      }
      await noteConnectionOutcome(db, row.channelId, failureDetails(error).detail);
      return recordFailure(ctx, row, attemptId, startedAt, error, loaded, options);
    }
    const post = validPublishedPost(reply);
    if (!post) {
      const error = new ConnectorError('ambiguous', `the connector answered without a post id: ${JSON.stringify(reply)?.slice(0, 200)}`);
      return recordFailure(ctx, row, attemptId, startedAt, error, loaded, options);
    }
    await noteConnectionOutcome(db, row.channelId, null);
    return recordPublished(db, row, attemptId, {
      post,
      network: loaded.account.network,
      archived: media.archived,
      outcome: 'published',
      startedAt,
    });
  }
}

/** What each failure kind means for the row (docs/publishing.md). */
async function recordFailure(
  ctx: AppContext,
  row: PublicationRow,
  attemptId: string,
  startedAt: Date,
  error: unknown,
  loaded: LoadedAccount,
  options: PublishOptions,
): Promise<PublicationRow | null> {
  const db = ctx.db;
  const mine = eq(publications.attemptId, attemptId);
  const details = failureDetails(error);
  // Anything that is not a classified ConnectorError (a bug, an unreadable reply) may have left: ambiguous.
  const kind = error instanceof ConnectorError ? error.kind : 'ambiguous';
  const log = (outcome: 'rate_limited' | 'unavailable' | 'auth_expired' | 'rejected' | 'ambiguous', detail = details.detail) =>
    logAttempt(db, {
      publicationId: row.id,
      attemptId,
      startedAt,
      outcome,
      httpStatus: details.httpStatus,
      requestId: details.requestId,
      detail,
    });
  let moved: PublicationRow | null;
  switch (kind) {
    case 'rate_limited': {
      // Refused before processing: safe to send again once the network's wait is over.
      const wait = (error as ConnectorError).details.retryAfterSeconds ?? 60;
      await blockRateBuckets(db, loaded.account.network, loaded.rateKey, wait);
      moved = await moveState(db, row.id, 'publishing', BACK_TO_QUEUE, { dueAt: secondsFromNow(wait) }, mine);
      await log('rate_limited', `${details.detail} (retry after ${wait} s)`);
      return moved;
    }
    case 'unavailable': {
      if (row.attemptsCount >= PUBLISH_LIMITS.unavailableMaxAttempts) {
        moved = await moveState(
          db,
          row.id,
          'publishing',
          'failed',
          { failureReason: `The network could not be reached after ${row.attemptsCount} attempts: ${details.detail}` },
          mine,
        );
      } else {
        const backoff = Math.min(15 * 60, 30 * 2 ** Math.max(0, row.attemptsCount - 1));
        moved = await moveState(db, row.id, 'publishing', BACK_TO_QUEUE, { dueAt: secondsFromNow(backoff) }, mine);
      }
      await log('unavailable');
      return moved;
    }
    case 'auth_expired':
      moved = await moveState(
        db,
        row.id,
        'publishing',
        'failed',
        { failureReason: `The network refused the channel’s credentials (${details.detail}): reconnect the channel.` },
        mine,
      );
      await log('auth_expired');
      return moved;
    case 'rejected':
      moved = await moveState(db, row.id, 'publishing', 'failed', { failureReason: details.detail }, mine);
      await log('rejected');
      return moved;
    default:
      // The request left and the outcome is unknown: never resend blindly, reconcile first.
      moved = await moveState(db, row.id, 'publishing', 'unconfirmed', reconcileLater(options), mine);
      await log('ambiguous');
      return moved;
  }
}
