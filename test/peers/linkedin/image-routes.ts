import { forbidden, jsonBody, liError, type PeerContext, type Reply, type RequestContext, type Route, validationError } from './http.js';
import type { LiImage } from './store.js';

/**
 * The Images API (learn.microsoft.com/linkedin/marketing/community-management/shares/images-api):
 * - `POST /rest/images?action=initializeUpload` with `{initializeUploadRequest: {owner}}` (a page
 *   the member may post for, or the member) → 200 `{value: {uploadUrlExpiresAt, uploadUrl, image}}`;
 * - `PUT {uploadUrl}` with the bytes and the Bearer token → 201 (the URL is on another host in
 *   production; here on the peer, under `/dms-uploads/`);
 * - `GET /rest/images/{urn}` → `{id, owner, status, mediaType?}`; status WAITING_UPLOAD until the
 *   bytes come, then AVAILABLE (JPEG, PNG, GIF) or PROCESSING_FAILED (anything else).
 * Needs `w_organization_social` for a page (`w_member_social` for the member).
 */

const UPLOAD_URL_TTL_MS = 60 * 60_000;
const MAX_IMAGE_BYTES = 36 * 1024 * 1024;

export function organizationIdOf(urn: string): number | null {
  const match = /^urn:li:organization:(\d+)$/.exec(urn);
  return match ? Number(match[1]) : null;
}

/** Whether the token's member may act as `owner` (a page they hold a posting role on, or themselves). */
export function mayActAs(peer: PeerContext, request: RequestContext, owner: string, pageScope: string): boolean {
  const member = request.member;
  if (!member || !request.token) return false;
  if (owner === `urn:li:person:${member.id}`) return request.token.scopes.includes('w_member_social');
  const organizationId = organizationIdOf(owner);
  return organizationId !== null && request.token.scopes.includes(pageScope) && peer.state.canActAs(member.id, organizationId);
}

function sniff(bytes: Buffer): string | null {
  if (bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (bytes.subarray(0, 4).toString('latin1') === 'GIF8') return 'image/gif';
  return null;
}

function initializeUpload(peer: PeerContext, request: RequestContext): Reply {
  if (request.query.get('action') !== 'initializeUpload') return liError(400, 'ILLEGAL_ARGUMENT', 'Unsupported action');
  const body = jsonBody(request.raw);
  const init = body?.initializeUploadRequest as { owner?: unknown } | undefined;
  if (!init || typeof init !== 'object')
    return validationError('/initializeUploadRequest', 'field is required but not found and has no default value');
  const owner = typeof init.owner === 'string' ? init.owner : '';
  if (!/^urn:li:(organization|person):[A-Za-z0-9_-]+$/.test(owner)) {
    return validationError('/initializeUploadRequest/owner', `"${owner}" is not a valid owner URN`);
  }
  const organizationId = organizationIdOf(owner);
  if (organizationId !== null && !peer.state.organizations.has(organizationId))
    return liError(404, 'NOT_FOUND', `Owner ${owner} not found`);
  if (!mayActAs(peer, request, owner, 'w_organization_social')) return forbidden(`images.ACTION.initializeUpload.${request.version}`);
  const id = `D4E10AQ${peer.state.secret(12)}`;
  const image: LiImage = {
    urn: `urn:li:image:${id}`,
    owner,
    uploadToken: peer.state.secret(18),
    uploadUrlExpiresAt: peer.now() + UPLOAD_URL_TTL_MS,
    status: 'WAITING_UPLOAD',
    bytes: null,
    mediaType: null,
  };
  peer.state.images.set(image.urn, image);
  const uploadUrl = `${peer.baseUrl}/dms-uploads/${id}/uploaded-image/0?ca=vector_feedshare&cn=uploads&sync=0&v=beta&ut=${image.uploadToken}`;
  return { status: 200, body: { value: { uploadUrlExpiresAt: image.uploadUrlExpiresAt, uploadUrl, image: image.urn } } };
}

function upload(peer: PeerContext, request: RequestContext, match: string[]): Reply {
  const image = peer.state.images.get(`urn:li:image:${match[1]}`);
  if (!image || request.query.get('ut') !== image.uploadToken) return liError(404, 'NOT_FOUND', 'Upload URL not found');
  if (image.uploadUrlExpiresAt < peer.now()) return liError(403, 'ACCESS_DENIED', 'Upload URL has expired');
  if (image.status !== 'WAITING_UPLOAD') return liError(409, 'CONFLICT', 'Image was already uploaded');
  if (request.raw.length === 0) return liError(400, 'ILLEGAL_ARGUMENT', 'Empty upload');
  if (request.raw.length > MAX_IMAGE_BYTES) return liError(413, 'PAYLOAD_TOO_LARGE', 'Image is too large');
  image.bytes = Buffer.from(request.raw);
  image.mediaType = sniff(image.bytes);
  image.status = image.mediaType ? 'AVAILABLE' : 'PROCESSING_FAILED';
  return { status: 201, headers: { etag: `"${peer.state.secret(8)}"` } };
}

function getImage(peer: PeerContext, request: RequestContext, match: string[]): Reply {
  const image = peer.state.images.get(decodeURIComponent(match[1] ?? ''));
  if (!image) return liError(404, 'NOT_FOUND', 'Image not found');
  if (!mayActAs(peer, request, image.owner, 'r_organization_social') && !mayActAs(peer, request, image.owner, 'w_organization_social')) {
    return forbidden(`images.GET.${request.version}`);
  }
  return {
    status: 200,
    body: { id: image.urn, owner: image.owner, status: image.status, ...(image.mediaType ? { mediaType: image.mediaType } : {}) },
  };
}

export const imageRoutes: Route[] = [
  { method: 'POST', pattern: /^\/rest\/images$/, kind: 'rest', handle: initializeUpload },
  { method: 'GET', pattern: /^\/rest\/images\/([^/]+)$/, kind: 'rest', handle: getImage },
  { method: 'PUT', pattern: /^\/dms-uploads\/([A-Za-z0-9_-]+)\/uploaded-image\/0$/, kind: 'upload', handle: upload },
];
