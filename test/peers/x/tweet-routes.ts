import { countText } from '../../../src/networks/text-count.js';
import { invalidRequest, problem, type Reply } from './http.js';
import type { PeerContext, RequestContext, Route } from './routing.js';
import { compareIds, type XTweet } from './store.js';
import { wrapForX } from './tco.js';

/**
 * Users and tweets as X API v2 documents them (docs.x.com/x-api/users/get-my-user,
 * /x-api/posts/create-post, /x-api/posts/delete-post, /x-api/posts/get-posts-by-user… "user
 * posts timeline"):
 * - `GET /2/users/me` → `{data: {id, name, username}}`.
 * - `POST /2/tweets` (JSON `{text, media: {media_ids}}`) → 201 `{data: {id, text, edit_history_tweet_ids}}`.
 *   Refusals: text over 280 by twitter-text's weighted count (the rule of networks/text-count.ts)
 *   → 403 "Your Tweet text is too long…"; the same text as a live tweet of the same account
 *   within `settings.duplicateWindowMs` → 403 "You are not allowed to create a Tweet with
 *   duplicate content."; unknown/unfinished/foreign media, more than 4 → 400 Invalid Request.
 * - `GET /2/users/:id/tweets`: newest first, `max_results` 5–100 (default 10), `pagination_token`,
 *   `since_id`, `until_id`, `start_time`, `end_time`, `exclude`, `tweet.fields` (created_at,
 *   author_id, attachments, entities), `expansions=attachments.media_keys` with `media.fields`
 *   (type, alt_text) in `includes.media`; `meta: {result_count, newest_id, oldest_id, next_token}`.
 * - `DELETE /2/tweets/:id` (own tweets) → `{data: {deleted: true}}`.
 */

const MAX_MEDIA = 4;

function me(_peer: PeerContext, request: RequestContext): Reply {
  const user = request.user;
  if (!user) return problem(401, 'Unauthorized', 'Unauthorized');
  return { status: 200, body: { data: { id: user.id, name: user.name, username: user.username } } };
}

function createTweet(peer: PeerContext, request: RequestContext): Reply {
  const user = request.user;
  if (!user) return problem(401, 'Unauthorized', 'Unauthorized');
  peer.state.postTweetRequests += 1;
  const json = request.body.json ?? {};
  const text = typeof json.text === 'string' ? json.text : '';
  const mediaIds = ((json.media as { media_ids?: unknown } | undefined)?.media_ids ?? []) as unknown;
  if (!Array.isArray(mediaIds) || mediaIds.some((id) => typeof id !== 'string')) {
    return invalidRequest('media.media_ids must be an array of strings.', { 'media.media_ids': [] });
  }
  if (text.trim() === '' && mediaIds.length === 0) return invalidRequest('Text is required when no media is attached.', { text: [] });
  if (mediaIds.length > MAX_MEDIA) return invalidRequest('Your media IDs are invalid.', { 'media.media_ids': mediaIds });
  const media = mediaIds.map((id: string) => peer.state.media.get(id));
  if (media.some((m) => !m?.finalized || m.ownerId !== user.id)) {
    return invalidRequest('Your media IDs are invalid.', { 'media.media_ids': mediaIds });
  }
  if (countText('x', text).over) {
    return problem(
      403,
      'Forbidden',
      'Your Tweet text is too long. For more information on how X determines text length see https://github.com/twitter/twitter-text.',
    );
  }
  const since = peer.now() - peer.settings.duplicateWindowMs;
  if (text !== '' && peer.state.tweetsOf(user.id).some((t) => t.createdAt >= since && t.submittedText === text)) {
    return problem(403, 'Forbidden', 'You are not allowed to create a Tweet with duplicate content.');
  }
  const id = peer.state.nextId();
  const mediaKeys = media.flatMap((m) => (m ? [m.mediaKey] : []));
  const wrapped = wrapForX(text, mediaKeys.length > 0 ? { tweetUrl: `https://x.com/${user.username}/status/${id}`, mediaKeys } : null);
  const tweet: XTweet = {
    id,
    authorId: user.id,
    submittedText: text,
    text: wrapped.text,
    urls: wrapped.urls,
    mediaIds: mediaIds as string[],
    createdAt: peer.now(),
    deleted: false,
  };
  peer.state.tweets.set(id, tweet);
  return { status: 201, body: { data: { id, text: tweet.text, edit_history_tweet_ids: [id] } } };
}

function listParam(query: URLSearchParams, key: string): Set<string> {
  return new Set(
    (query.get(key) ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  );
}

function timeline(peer: PeerContext, request: RequestContext, match: string[]): Reply {
  const userId = match[1] ?? '';
  const q = request.query;
  if (!peer.state.users.has(userId)) {
    return {
      status: 200,
      body: {
        errors: [
          {
            value: userId,
            detail: `Could not find user with id: [${userId}].`,
            title: 'Not Found Error',
            resource_type: 'user',
            parameter: 'id',
            resource_id: userId,
            type: 'https://api.twitter.com/2/problems/resource-not-found',
          },
        ],
      },
    };
  }
  const maxRaw = q.get('max_results');
  const max = maxRaw === null ? 10 : Number(maxRaw);
  if (!Number.isInteger(max) || max < 5 || max > 100) {
    return invalidRequest(`The \`max_results\` query parameter value [${maxRaw}] is not between 5 and 100`, {
      max_results: [maxRaw ?? ''],
    });
  }
  const times: Record<string, number> = {};
  for (const key of ['start_time', 'end_time']) {
    const value = q.get(key);
    if (value === null) continue;
    const at = Date.parse(value);
    if (Number.isNaN(at))
      return invalidRequest(`Invalid '${key}':'${value}'. '${key}' must be a valid RFC 3339 date-time.`, { [key]: [value] });
    times[key] = at;
  }
  const sinceId = q.get('since_id');
  const untilId = q.get('until_id');
  const token = q.get('pagination_token');
  const before = token ? Buffer.from(token, 'base64url').toString('utf8') : null;
  let tweets = peer.state
    .tweetsOf(userId)
    .filter(
      (t) =>
        (times.start_time === undefined || t.createdAt >= times.start_time) &&
        (times.end_time === undefined || t.createdAt < times.end_time) &&
        (!sinceId || compareIds(t.id, sinceId) > 0) &&
        (!untilId || compareIds(t.id, untilId) < 0) &&
        (!before || compareIds(t.id, before) < 0),
    );
  tweets = tweets.slice(0, 3200);
  const page = tweets.slice(0, max);
  const fields = listParam(q, 'tweet.fields');
  const expansions = listParam(q, 'expansions');
  const mediaFields = listParam(q, 'media.fields');
  const includesMedia: Record<string, unknown>[] = [];
  const data = page.map((t) => {
    const out: Record<string, unknown> = { id: t.id, text: t.text, edit_history_tweet_ids: [t.id] };
    const keys = t.mediaIds.flatMap((id) => {
      const m = peer.state.media.get(id);
      return m ? [m] : [];
    });
    if (fields.has('created_at')) out.created_at = new Date(t.createdAt).toISOString();
    if (fields.has('author_id')) out.author_id = t.authorId;
    if (fields.has('attachments') && keys.length > 0) out.attachments = { media_keys: keys.map((m) => m.mediaKey) };
    if (fields.has('entities') && t.urls.length > 0) out.entities = { urls: t.urls };
    if (expansions.has('attachments.media_keys')) {
      for (const m of keys) {
        const item: Record<string, unknown> = {
          media_key: m.mediaKey,
          type: m.mediaType === 'image/gif' ? 'animated_gif' : m.mediaType.startsWith('video/') ? 'video' : 'photo',
        };
        if (mediaFields.has('alt_text') && m.altText !== null) item.alt_text = m.altText;
        includesMedia.push(item);
      }
    }
    return out;
  });
  const meta: Record<string, unknown> = { result_count: page.length };
  const first = page[0];
  const last = page[page.length - 1];
  if (first && last) {
    meta.newest_id = first.id;
    meta.oldest_id = last.id;
    if (tweets.length > page.length) meta.next_token = Buffer.from(last.id).toString('base64url');
  }
  const body: Record<string, unknown> = page.length > 0 ? { data, meta } : { meta };
  if (includesMedia.length > 0) body.includes = { media: includesMedia };
  return { status: 200, body };
}

function deleteTweet(peer: PeerContext, request: RequestContext, match: string[]): Reply {
  const tweet = peer.state.tweets.get(match[1] ?? '');
  if (!tweet || tweet.deleted) return { status: 200, body: { data: { deleted: false } } };
  if (tweet.authorId !== request.user?.id)
    return problem(403, 'Forbidden', 'You are not allowed to delete a Tweet that is not authored by you.');
  tweet.deleted = true;
  return { status: 200, body: { data: { deleted: true } } };
}

export const tweetRoutes: Route[] = [
  {
    method: 'GET',
    pattern: /^\/2\/users\/me$/,
    endpoint: 'GET /2/users/me',
    auth: 'user',
    scopes: ['users.read', 'tweet.read'],
    handle: me,
  },
  {
    method: 'POST',
    pattern: /^\/2\/tweets$/,
    endpoint: 'POST /2/tweets',
    auth: 'user',
    scopes: ['tweet.read', 'tweet.write', 'users.read'],
    handle: createTweet,
  },
  {
    method: 'DELETE',
    pattern: /^\/2\/tweets\/(\d+)$/,
    endpoint: 'DELETE /2/tweets/:id',
    auth: 'user',
    scopes: ['tweet.read', 'tweet.write', 'users.read'],
    handle: deleteTweet,
  },
  {
    method: 'GET',
    pattern: /^\/2\/users\/(\d+)\/tweets$/,
    endpoint: 'GET /2/users/:id/tweets',
    auth: 'user',
    scopes: ['tweet.read', 'users.read'],
    handle: timeline,
  },
];
