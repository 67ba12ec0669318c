import { and, eq, inArray, sql } from 'drizzle-orm';
import type { AppContext } from '../../app/context.js';
import { type ConnectedAccount, type ConnectorCredentials, ConnectorError, type MediaItem, type PublishRequest } from '../../networks/connector.js';
import { publishCost } from '../../networks/rate-limits.js';
import { connectorFor } from '../../networks/registry.js';
import { type LoadedAccount, loadConnectedAccount, noteConnectionOutcome, renewCredentials, storeCredentialsRenewedDuringCall } from '../connections/accounts.js';
import { connectionProblemOf } from '../connections/error-text.js';
import { contentSha256 } from './content.js';
import { loadMedia, MediaMissingError } from './media-store.js';
import { publicMediaUrlFor } from './media-url.js';
import { blockRateBuckets, takeRateTokens } from './rate-limit.js';
import { failureDetails, logAttempt, publishedRecorder, validPublishedPost } from './record.js';
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
 * Sends one claimed publication and records what happened (docs/publishing.md): a batch of one.
 * Never throws; returns the row as it ended up (null when another process had moved it).
 */
export async function publishClaimed(
  ctx: AppContext,
  claimed: PublicationRow,
  options: PublishOptions = {},
): Promise<PublicationRow | null> {
  const [result] = await publishClaimedBatch(ctx, [claimed], options);
  return result ?? null;
}

/**
 * Sends claimed publications and records what happened (docs/publishing.md). The batch enters the
 * send gate once and re-reads its rows with the pause re-check in one query, inside the gate; then
 * every row is sent side by side (rate-limit token, `connector.publish` with the idempotency key,
 * outcome); the claim decides how many rows of one channel go at once (jobs.ts). The gate is
 * left once every outcome is recorded. Never throws: every outcome, a broken connector reply
 * included, is recorded; if even recording fails, the row stays `publishing` and the sweep hands
 * it to reconcile. `onSettled` is told as each row is done. Returns the rows as they ended up, in
 * the order given (null where another process had moved one).
 */
export async function publishClaimedBatch(
  ctx: AppContext,
  claimed: readonly PublicationRow[],
  options: PublishOptions = {},
  onSettled?: (claimed: PublicationRow) => void,
): Promise<Array<PublicationRow | null>> {
  const results = new Map<string, PublicationRow | null>();
  const settle = (row: PublicationRow, result: PublicationRow | null) => {
    results.set(row.id, result);
    onSettled?.(row);
  };
  const mine = claimed.filter((c) => c.attemptId && c.state === 'publishing');
  for (const c of claimed) if (!mine.includes(c)) settle(c, null);
  const started = new Set<string>();
  try {
    if (mine.length > 0) {
      await withSendGateShared(ctx.database, async () => {
        const current = await recheckInsideGate(ctx, mine);
        await Promise.all(
          mine.map(async (c) => {
            started.add(c.id);
            settle(c, await sendOne(ctx, c, current.get(c.id), options));
          }),
        );
      });
    }
  } catch (error) {
    // Entering the gate or the re-check failed: nothing of these rows was sent. Queue them again shortly.
    ctx.log.error({ err: error }, 'publishing: send gate or re-check failed');
    for (const c of mine) {
      if (started.has(c.id)) continue;
      settle(c, await recordOutsideConnector(ctx, c, error, false, options));
    }
  }
  return claimed.map((c) => results.get(c.id) ?? null);
}

type Current = { row: PublicationRow; pauseId: string | null };

/** Re-reads the batch by attempt id with the pause predicate, in one query (inside the gate). */
async function recheckInsideGate(ctx: AppContext, batch: readonly PublicationRow[]): Promise<Map<string, Current>> {
  const found = await ctx.db
    .select({
      row: publications,
      // The claim's predicate (publishing_pause_for), asked only when some pause is active.
      pauseId: sql<string | null>`CASE WHEN EXISTS (SELECT 1 FROM publishing_pauses pp WHERE pp.lifted_at IS NULL)
                                       THEN publishing_pause_for(${publications.organisationId}, ${publications.channelId}) END`,
    })
    .from(publications)
    .where(
      and(
        inArray(
          publications.id,
          batch.map((c) => c.id),
        ),
        eq(publications.state, 'publishing'),
      ),
    );
  const attempts = new Map(batch.map((c) => [c.id, c.attemptId]));
  return new Map(found.filter((f) => f.row.attemptId === attempts.get(f.row.id)).map((f) => [f.row.id, f]));
}

/** One claimed row inside the gate: never throws (see publishClaimedBatch). */
async function sendOne(
  ctx: AppContext,
  claimed: PublicationRow,
  current: Current | undefined,
  options: PublishOptions,
): Promise<PublicationRow | null> {
  const attemptId = claimed.attemptId as string;
  if (!current) return null;
  const progress = { sending: false };
  try {
    return await sendInsideGate(ctx, current, attemptId, options, progress);
  } catch (error) {
    ctx.log.error({ err: error, publicationId: claimed.id, attemptId }, 'publishing: send failed outside the connector');
    // Before the network call nothing left: queue again shortly. After it, the post may exist.
    return recordOutsideConnector(ctx, claimed, error, progress.sending, options);
  }
}

/**
 * A send that failed outside the connector (our fault, or the database): before the network call
 * nothing left, so the row is queued again shortly; after it the post may exist, so it is
 * unconfirmed and reconcile decides. Never throws: if even this fails, the sweep takes over.
 */
async function recordOutsideConnector(
  ctx: AppContext,
  claimed: PublicationRow,
  error: unknown,
  sent: boolean,
  options: PublishOptions,
): Promise<PublicationRow | null> {
  const attemptId = claimed.attemptId as string;
  const mine = eq(publications.attemptId, attemptId);
  const startedAt = new Date();
  try {
    const moved = sent
      ? await moveState(ctx.db, claimed.id, 'publishing', 'unconfirmed', reconcileLater(options), mine)
      : await moveState(ctx.db, claimed.id, 'publishing', BACK_TO_QUEUE, { dueAt: secondsFromNow(30) }, mine);
    const { detail } = failureDetails(error);
    await logAttempt(ctx.db, { publicationId: claimed.id, attemptId, startedAt, outcome: sent ? 'ambiguous' : 'unavailable', detail });
    return moved;
  } catch (recordError) {
    ctx.log.error({ err: recordError, publicationId: claimed.id }, 'publishing: outcome not recorded; the sweep will reconcile');
    return null;
  }
}

function reconcileLater(options: PublishOptions) {
  return {
    nextReconcileAt: secondsFromNow(options.firstReconcileDelaySeconds ?? PUBLISH_LIMITS.firstReconcileDelaySeconds),
    reconcileCount: 0,
  };
}

/** How often a process notes a channel's success (channel health): every success was a write per send. */
export const SUCCESS_NOTE_EVERY_MS = 10_000;
const successNoted = new WeakMap<object, Map<string, number>>();

function notedSuccesses(ctx: AppContext): Map<string, number> {
  let noted = successNoted.get(ctx.db);
  if (!noted) {
    noted = new Map();
    successNoted.set(ctx.db, noted);
  }
  return noted;
}

/** Notes a success unless this process noted one for the channel in the last SUCCESS_NOTE_EVERY_MS. Never throws. */
async function noteSuccess(ctx: AppContext, channelId: string): Promise<void> {
  const noted = notedSuccesses(ctx);
  const last = noted.get(channelId);
  if (last !== undefined && Date.now() - last < SUCCESS_NOTE_EVERY_MS) return;
  noted.set(channelId, Date.now());
  try {
    await noteConnectionOutcome(ctx.db, channelId, null);
  } catch (error) {
    noted.delete(channelId);
    ctx.log.warn({ err: error, channelId }, 'publishing: could not note the channel’s success');
  }
}

/** Notes what a publication threw; the next success is noted at once (it clears the problem). */
async function noteError(ctx: AppContext, channelId: string, error: unknown): Promise<void> {
  notedSuccesses(ctx).delete(channelId);
  await noteConnectionOutcome(ctx.db, channelId, connectionProblemOf(error, 'publish'));
}

async function sendInsideGate(
  ctx: AppContext,
  current: Current,
  attemptId: string,
  options: PublishOptions,
  progress: { sending: boolean },
): Promise<PublicationRow | null> {
  const db = ctx.db;
  const { row } = current;
  const id = row.id;
  const mine = eq(publications.attemptId, attemptId);
  const startedAt = new Date();
  const fail = async (outcome: 'rejected' | 'auth_expired', reason: string, error?: unknown) => {
    const moved = await moveState(db, id, 'publishing', 'failed', { failureReason: reason }, mine);
    await logAttempt(db, { publicationId: id, attemptId, startedAt, outcome, ...(error ? failureDetails(error) : { detail: reason }) });
    return moved;
  };

  // 1. A pause committed after the claim: hold, never send.
  if (current.pauseId) {
    const moved = await moveState(db, id, 'publishing', 'held', { heldByPauseId: current.pauseId }, mine);
    await logAttempt(db, { publicationId: id, attemptId, startedAt, outcome: 'held_by_pause', detail: `pause ${current.pauseId}` });
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
    loaded.account.credentials = {
      ...loaded.account.credentials,
      imageUrlFor: publicMediaUrlFor({ publicUrl: ctx.config.publicUrl, keyring: ctx.keyring }),
    };
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
    // A session the SDK renewed during the call (Bluesky rotates refresh tokens): stored, or the next call fails.
    let renewedDuringCall: ConnectorCredentials | undefined;
    try {
      reply = await connector.publish(account, request, {
        timeoutMs: options.requestTimeoutMs ?? PUBLISH_LIMITS.requestTimeoutMs,
        allow: ctx.config.allowUrls,
        signal: AbortSignal.timeout(options.deadlineMs ?? PUBLISH_LIMITS.deadlineMs),
        onCredentials: (credentials) => {
          renewedDuringCall = credentials;
        },
      });
      await storeCredentialsRenewedDuringCall(ctx, row.channelId, renewedDuringCall);
    } catch (error) {
      await storeCredentialsRenewedDuringCall(ctx, row.channelId, renewedDuringCall);
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
      await noteError(ctx, row.channelId, error);
      return recordFailure(ctx, row, attemptId, startedAt, error, loaded, options);
    }
    const post = validPublishedPost(reply);
    if (!post) {
      const error = new ConnectorError('ambiguous', `the connector answered without a post id: ${JSON.stringify(reply)?.slice(0, 200)}`);
      return recordFailure(ctx, row, attemptId, startedAt, error, loaded, options);
    }
    const published = await publishedRecorder(db).record({
      row,
      attemptId,
      post,
      network: loaded.account.network,
      archived: media.archived,
      startedAt,
    });
    await noteSuccess(ctx, row.channelId);
    return published;
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
