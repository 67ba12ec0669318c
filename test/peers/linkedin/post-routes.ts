import {
  forbidden,
  jsonBody,
  liError,
  type PeerContext,
  type Reply,
  type RequestContext,
  type Route,
  TOO_MANY,
  validationError,
} from './http.js';
import { mayActAs, organizationIdOf } from './image-routes.js';
import { parseCommentary } from './little-text.js';
import type { LiPost, LiPostContent } from './store.js';

/**
 * The Posts API (learn.microsoft.com/linkedin/marketing/community-management/shares/posts-api):
 * - `POST /rest/posts` → 201, empty body, the new post's URN in `x-restli-id` (`urn:li:share:…`,
 *   `urn:li:ugcPost:…` for multi-image). Rest.li validation: unknown fields refused; author,
 *   visibility, distribution.feedDistribution and lifecycleState required; commentary in little
 *   text (little-text.ts), at most 3 000 characters; `content.media {id, altText}` or
 *   `content.multiImage.images[{id, altText}]` (2–20) of AVAILABLE images of the author, alt
 *   text at most 4 086 characters. The same commentary again from the same author within
 *   `duplicateWindowMs` → 422 "Content is a duplicate of urn:li:share:…".
 *   Needs `w_organization_social` and a posting role on the page.
 * - `GET /rest/posts?q=author&author={urn}&count&start&sortBy=LAST_MODIFIED|CREATED&viewContext=READER|AUTHOR`
 *   → `{paging: {start, count, total, links}, elements}`, newest first; count at most 100; pages
 *   are cut from the index before deleted posts are left out, so they may come up short.
 *   Needs `r_organization_social` and a role on the page.
 * - `GET /rest/posts/{urn}`, `DELETE /rest/posts/{urn}` (204).
 */

const MAX_COMMENTARY = 3000;
const MAX_ALT_TEXT = 4086;
const MAX_IMAGES = 20;
const CREATE_FIELDS = new Set([
  'author',
  'commentary',
  'visibility',
  'distribution',
  'content',
  'lifecycleState',
  'isReshareDisabledByAuthor',
  'contentLandingPage',
  'contentCallToActionLabel',
  'container',
  'adContext',
  'reshareContext',
]);
const VISIBILITY = new Set(['PUBLIC', 'CONNECTIONS', 'LOGGED_IN', 'CONTAINER']);
const LIFECYCLE = new Set(['PUBLISHED', 'DRAFT']);
const FEED = new Set(['MAIN_FEED', 'NONE']);

function view(post: LiPost): Record<string, unknown> {
  return {
    id: post.id,
    author: post.author,
    commentary: post.commentary,
    visibility: post.visibility,
    distribution: post.distribution,
    ...(post.content ? { content: post.content } : {}),
    lifecycleState: post.lifecycleState,
    isReshareDisabledByAuthor: post.isReshareDisabledByAuthor,
    createdAt: post.createdAt,
    lastModifiedAt: post.lastModifiedAt,
    publishedAt: post.createdAt,
    lifecycleStateInfo: { isEditedByAuthor: false },
  };
}

type Checked<T> = { ok: T } | { reply: Reply };

function checkImages(peer: PeerContext, author: string, content: unknown): Checked<LiPostContent | null> {
  if (content === undefined) return { ok: null };
  if (!content || typeof content !== 'object') return { reply: validationError('/content', 'must be a record') };
  const keys = Object.keys(content);
  if (keys.length !== 1 || (keys[0] !== 'media' && keys[0] !== 'multiImage')) {
    return { reply: validationError('/content', `exactly one of media, multiImage expected (peer), got ${keys.join(', ')}`) };
  }
  const raw = content as { media?: unknown; multiImage?: { images?: unknown } };
  const items = raw.media !== undefined ? [raw.media] : raw.multiImage?.images;
  const path = raw.media !== undefined ? '/content/media' : '/content/multiImage/images';
  if (!Array.isArray(items)) return { reply: validationError(path, 'field is required but not found and has no default value') };
  if (raw.multiImage && (items.length < 2 || items.length > MAX_IMAGES)) {
    return { reply: validationError(path, `array must have between 2 and ${MAX_IMAGES} items`) };
  }
  const images: Array<{ id: string; altText?: string }> = [];
  for (const [index, item] of items.entries()) {
    const at = raw.media !== undefined ? path : `${path}/${index}`;
    const { id, altText, ...extra } = (item ?? {}) as { id?: unknown; altText?: unknown };
    if (Object.keys(extra).length > 0)
      return { reply: validationError(`${at}/${Object.keys(extra)[0]}`, 'unrecognized field found but not allowed') };
    if (typeof id !== 'string') return { reply: validationError(`${at}/id`, 'field is required but not found and has no default value') };
    if (altText !== undefined && (typeof altText !== 'string' || [...altText].length > MAX_ALT_TEXT)) {
      return { reply: validationError(`${at}/altText`, `length must be at most ${MAX_ALT_TEXT}`) };
    }
    const image = peer.state.images.get(id);
    if (!image || image.owner !== author)
      return { reply: validationError(`${at}/id`, `Image ${id} does not exist or does not belong to ${author}`) };
    if (image.status !== 'AVAILABLE')
      return { reply: validationError(`${at}/id`, `Image ${id} is in status ${image.status}, not AVAILABLE`) };
    images.push(altText === undefined ? { id } : { id, altText });
  }
  return { ok: raw.media !== undefined ? { media: images[0] as { id: string } } : { multiImage: { images } } };
}

function utcDay(ms: number): number {
  return Math.floor(ms / 86_400_000);
}

function createPost(peer: PeerContext, request: RequestContext): Reply {
  peer.state.createPostRequests += 1;
  const member = request.member;
  if (!member) return liError(401, 'INVALID_ACCESS_TOKEN', 'Invalid access token', 65600);
  const quotaKey = `${member.id}:${utcDay(peer.now())}`;
  const calls = (peer.state.dailyPostCalls.get(quotaKey) ?? 0) + 1;
  peer.state.dailyPostCalls.set(quotaKey, calls);
  if (calls > peer.settings.postsPerMemberPerDay) return TOO_MANY();

  const body = jsonBody(request.raw);
  if (!body) return liError(400, 'ILLEGAL_ARGUMENT', 'Request body is not valid JSON');
  const unknown = Object.keys(body).find((key) => !CREATE_FIELDS.has(key));
  if (unknown) return validationError(`/${unknown}`, 'unrecognized field found but not allowed');
  const { author, commentary = '', visibility, distribution, lifecycleState, isReshareDisabledByAuthor = false } = body;
  const required = { author, visibility, distribution, lifecycleState };
  const missing = Object.entries(required).find(([, value]) => value === undefined);
  if (missing) return validationError(`/${missing[0]}`, 'field is required but not found and has no default value');
  if (typeof author !== 'string' || !/^urn:li:(organization|person):[A-Za-z0-9_-]+$/.test(author)) {
    return validationError('/author', `"${String(author)}" is not a valid person or organization URN`);
  }
  if (typeof visibility !== 'string' || !VISIBILITY.has(visibility))
    return validationError('/visibility', `"${String(visibility)}" is not an enum symbol`);
  if (typeof lifecycleState !== 'string' || !LIFECYCLE.has(lifecycleState)) {
    return validationError('/lifecycleState', `"${String(lifecycleState)}" is not an allowed lifecycle state`);
  }
  const feed = (distribution as { feedDistribution?: unknown } | null)?.feedDistribution;
  if (typeof feed !== 'string' || !FEED.has(feed))
    return validationError('/distribution/feedDistribution', 'field is required and must be MAIN_FEED or NONE');
  if (typeof commentary !== 'string') return validationError('/commentary', 'must be a string');
  if (typeof isReshareDisabledByAuthor !== 'boolean') return validationError('/isReshareDisabledByAuthor', 'must be a boolean');

  const organizationId = organizationIdOf(author);
  if (organizationId !== null && !peer.state.organizations.has(organizationId))
    return liError(404, 'NOT_FOUND', `Author ${author} not found`);
  if (!mayActAs(peer, request, author, 'w_organization_social')) return forbidden(`partnerApiPostsExternal.CREATE.${request.version}01`);

  const parsed = parseCommentary(commentary);
  if ([...parsed.plain].length > MAX_COMMENTARY) {
    return validationError('/commentary', `length of ${[...parsed.plain].length} exceeds the maximum of ${MAX_COMMENTARY}`);
  }
  const content = checkImages(peer, author, body.content);
  if ('reply' in content) return content.reply;
  if (parsed.plain.trim() === '' && !content.ok) return validationError('/commentary', 'a post needs commentary or content');

  const since = peer.now() - peer.settings.duplicateWindowMs;
  const duplicate =
    parsed.plain.trim() !== '' ? peer.state.postsOf(author).find((p) => p.createdAt >= since && p.plainText === parsed.plain) : undefined;
  if (duplicate) return liError(422, 'DUPLICATE_POST', `Content is a duplicate of ${duplicate.id}`, 0);

  const kind = content.ok?.multiImage ? 'ugcPost' : 'share';
  const post: LiPost = {
    id: `urn:li:${kind}:${peer.state.nextActivityId()}`,
    author,
    createdBy: member.id,
    submittedCommentary: commentary,
    commentary: parsed.stored,
    plainText: parsed.plain,
    visibility,
    distribution: distribution as Record<string, unknown>,
    content: content.ok,
    lifecycleState,
    isReshareDisabledByAuthor,
    createdAt: peer.now(),
    lastModifiedAt: peer.now(),
    deleted: false,
  };
  peer.state.posts.set(post.id, post);
  return { status: 201, headers: { 'x-restli-id': post.id, location: `/rest/posts/${encodeURIComponent(post.id)}` } };
}

function findByAuthor(peer: PeerContext, request: RequestContext): Reply {
  const q = request.query;
  if (q.get('q') !== 'author') return liError(400, 'ILLEGAL_ARGUMENT', `Finder "${q.get('q') ?? ''}" is not supported`);
  const author = q.get('author') ?? '';
  if (!/^urn:li:(organization|person):[A-Za-z0-9_-]+$/.test(author))
    return liError(400, 'ILLEGAL_ARGUMENT', `Invalid author URN "${author}"`);
  const count = Number(q.get('count') ?? 10);
  const start = Number(q.get('start') ?? 0);
  if (!Number.isInteger(count) || count < 1 || count > 100) return liError(400, 'ILLEGAL_ARGUMENT', 'count must be between 1 and 100');
  if (!Number.isInteger(start) || start < 0) return liError(400, 'ILLEGAL_ARGUMENT', 'start must be a non-negative integer');
  const sortBy = q.get('sortBy') ?? 'LAST_MODIFIED';
  const viewContext = q.get('viewContext') ?? 'READER';
  if (sortBy !== 'LAST_MODIFIED' && sortBy !== 'CREATED') return liError(400, 'ILLEGAL_ARGUMENT', `Invalid sortBy "${sortBy}"`);
  if (viewContext !== 'READER' && viewContext !== 'AUTHOR') return liError(400, 'ILLEGAL_ARGUMENT', `Invalid viewContext "${viewContext}"`);
  if (!mayActAs(peer, request, author, 'r_organization_social'))
    return forbidden(`partnerApiPostsExternal.FINDER-author.${request.version}01`);

  // LinkedIn pages over its index and filters afterwards: deleted posts (and drafts, for
  // readers) still take their place, so a page may hold fewer than `count` with more to come.
  const field = sortBy === 'CREATED' ? 'createdAt' : 'lastModifiedAt';
  const indexed = [...peer.state.posts.values()].filter((p) => p.author === author).sort((a, b) => b[field] - a[field]);
  const page = indexed
    .slice(start, start + count)
    .filter((p) => !p.deleted && (viewContext === 'AUTHOR' || p.lifecycleState === 'PUBLISHED'));
  const links =
    start + count < indexed.length
      ? [
          {
            type: 'application/json',
            rel: 'next',
            href: `/rest/posts?author=${encodeURIComponent(author)}&count=${count}&q=author&start=${start + count}`,
          },
        ]
      : [];
  return { status: 200, body: { paging: { start, count, total: indexed.length, links }, elements: page.map(view) } };
}

function ownPost(peer: PeerContext, request: RequestContext, encoded: string | undefined, scope: string): LiPost | Reply {
  const post = peer.state.posts.get(decodeURIComponent(encoded ?? ''));
  if (!post || post.deleted) return liError(404, 'NOT_FOUND', 'Post not found');
  if (!mayActAs(peer, request, post.author, scope)) return forbidden(`partnerApiPostsExternal.${request.method}.${request.version}01`);
  return post;
}

function getPost(peer: PeerContext, request: RequestContext, match: string[]): Reply {
  const post = ownPost(peer, request, match[1], 'r_organization_social');
  return 'status' in post ? post : { status: 200, body: view(post) };
}

function deletePost(peer: PeerContext, request: RequestContext, match: string[]): Reply {
  const post = ownPost(peer, request, match[1], 'w_organization_social');
  if ('status' in post) return post;
  post.deleted = true;
  return { status: 204 };
}

export const postRoutes: Route[] = [
  { method: 'POST', pattern: /^\/rest\/posts$/, kind: 'rest', handle: createPost },
  { method: 'GET', pattern: /^\/rest\/posts$/, kind: 'rest', handle: findByAuthor },
  { method: 'GET', pattern: /^\/rest\/posts\/([^/]+)$/, kind: 'rest', handle: getPost },
  { method: 'DELETE', pattern: /^\/rest\/posts\/([^/]+)$/, kind: 'rest', handle: deletePost },
];
