import { field, type Reply } from '../x/http.js';
import { type PeerContext, type RequestContext, type Route, yammerError } from './routing.js';
import { compareIds, type VeFile, type VeGroup, type VeMessage, type VeUser, yammerTime } from './store.js';

/**
 * The Yammer REST API v1 endpoints Kanaal uses (learn.microsoft.com/rest/api/yammer), JSON only:
 * - `GET /api/v1/users/current.json` → the user (id, network_id, name, full_name, email…).
 * - `GET /api/v1/groups/{id}.json` → the group, 404 when there is none.
 * - `POST /api/v1/messages.json` (form-encoded as documented; JSON also taken): `body`,
 *   `group_id`, repeated `attached_objects[]=uploaded_file:{id}` → 201
 *   `{messages: [message], references, meta}`. The poster must be a member of the group; files
 *   must be their own uploads to that group. No idempotency key exists.
 * - `GET /api/v1/messages/in_group/{id}.json`: newest first, `older_than`, `newer_than`,
 *   `limit` (at most 20), `threaded=true` (thread starters only); `meta.older_available`.
 * - `POST /v4/uploadSmallFile` (filesng.yammer.com; multipart: network_id, target_type, group_id,
 *   filename, file of at most 4 MB) → 201 with the file's `id`.
 */

const PAGE_SIZE = 20;
const MAX_FILE_BYTES = 4 * 1024 * 1024;
const MAX_ATTACHMENTS = 20;

function userJson(peer: PeerContext, user: VeUser): Record<string, unknown> {
  return {
    type: 'user',
    id: Number(user.id),
    network_id: Number(user.networkId),
    network_name: peer.state.network.name,
    state: 'active',
    name: user.name,
    full_name: user.fullName,
    email: user.email,
    job_title: '',
    url: `${peer.baseUrl}/api/v1/users/${user.id}`,
    web_url: peer.state.webUrl('users', user.id),
  };
}

function groupJson(peer: PeerContext, group: VeGroup): Record<string, unknown> {
  return {
    type: 'group',
    id: Number(group.id),
    network_id: Number(group.networkId),
    name: group.name,
    full_name: group.fullName,
    privacy: group.privacy,
    stats: { members: group.memberIds.size },
    url: `${peer.baseUrl}/api/v1/groups/${group.id}`,
    web_url: `https://www.yammer.com/${peer.state.network.permalink}/groups/${group.name}`,
  };
}

function fileJson(peer: PeerContext, file: VeFile): Record<string, unknown> {
  return {
    type: file.contentType.startsWith('image/') ? 'image' : 'file',
    id: Number(file.id),
    network_id: Number(file.networkId),
    name: file.filename,
    original_name: file.filename,
    full_name: file.filename,
    content_type: file.contentType,
    size: file.bytes.length,
    owner_type: 'group',
    owner_id: file.groupId === null ? null : Number(file.groupId),
    storage_type: 'SHAREPOINT',
    web_url: peer.state.webUrl('files', file.id),
    download_url: `${peer.baseUrl}/api/v1/uploaded_files/${file.id}/download`,
  };
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c);
}

function messageJson(peer: PeerContext, message: VeMessage): Record<string, unknown> {
  const group = peer.state.groups.get(message.groupId);
  return {
    id: Number(message.id),
    sender_id: Number(message.senderId),
    sender_type: 'user',
    replied_to_id: message.repliedToId === null ? null : Number(message.repliedToId),
    thread_id: Number(message.threadId),
    network_id: Number(message.networkId),
    group_id: Number(message.groupId),
    created_at: yammerTime(message.createdAt),
    message_type: 'update',
    privacy: group?.privacy ?? 'public',
    direct_message: false,
    system_message: false,
    url: `${peer.baseUrl}/api/v1/messages/${message.id}`,
    web_url: peer.state.webUrl('messages', message.id),
    body: { parsed: message.body, plain: message.body, rich: escapeHtml(message.body).replaceAll('\n', '<br>') },
    content_excerpt: message.body.slice(0, 200),
    attachments: message.fileIds.flatMap((id) => {
      const file = peer.state.files.get(id);
      return file ? [fileJson(peer, file)] : [];
    }),
    liked_by: { count: 0, names: [] },
    notified_user_ids: [],
  };
}

function visibleGroup(peer: PeerContext, request: RequestContext, id: string | undefined): VeGroup | Reply {
  const group = id ? peer.state.groups.get(id) : undefined;
  if (!group || group.networkId !== request.user?.networkId) return yammerError(404, 'Group not found.', 404);
  if (group.privacy === 'private' && !group.memberIds.has(request.user.id)) {
    return yammerError(403, 'You do not have permission to view this group.', 403);
  }
  return group;
}

function current(peer: PeerContext, request: RequestContext): Reply {
  return request.user ? { status: 200, body: userJson(peer, request.user) } : yammerError(401, 'Token not found.', 16);
}

function showGroup(peer: PeerContext, request: RequestContext, match: string[]): Reply {
  const group = visibleGroup(peer, request, match[1]);
  return 'status' in group ? group : { status: 200, body: groupJson(peer, group) };
}

function createMessage(peer: PeerContext, request: RequestContext): Reply {
  const user = request.user as VeUser;
  peer.state.postMessageRequests += 1;
  const json = request.body.json;
  const text = (field(request.body, 'body') ?? '').replace(/\r\n?/g, '\n').trim();
  const attached = json ? [json.attached_objects ?? []].flat().map(String) : request.all('attached_objects[]');
  const groupId = field(request.body, 'group_id');
  if (!groupId) return { status: 400, body: { group_id: ["can't be blank (this peer serves group messages only)"] } };
  const group = visibleGroup(peer, request, groupId);
  if ('status' in group) return group;
  if (!group.memberIds.has(user.id)) return yammerError(403, 'You must be a member of this group to post in it.', 403);
  if (attached.length > MAX_ATTACHMENTS) return { status: 400, body: { attachments: [`at most ${MAX_ATTACHMENTS} per message`] } };
  const fileIds: string[] = [];
  for (const object of attached) {
    const id = /^uploaded_file:(\d+)$/.exec(object)?.[1];
    const file = id ? peer.state.files.get(id) : undefined;
    if (!file || file.uploaderId !== user.id || file.groupId !== group.id) {
      return yammerError(400, `Invalid attached object: ${object}`, 400);
    }
    fileIds.push(file.id);
  }
  if (text === '' && fileIds.length === 0) return { status: 400, body: { body: ["can't be blank"] } };
  const id = peer.state.nextId();
  const message: VeMessage = {
    id,
    senderId: user.id,
    networkId: user.networkId,
    groupId: group.id,
    threadId: id,
    repliedToId: null,
    body: text,
    fileIds,
    createdAt: peer.now(),
    deleted: false,
  };
  peer.state.messages.set(id, message);
  return { status: 201, body: { messages: [messageJson(peer, message)], references: [userJson(peer, user)], meta: {} } };
}

function inGroup(peer: PeerContext, request: RequestContext, match: string[]): Reply {
  const group = visibleGroup(peer, request, match[1]);
  if ('status' in group) return group;
  const q = request.query;
  const olderThan = q.get('older_than');
  const newerThan = q.get('newer_than');
  const limitRaw = q.get('limit');
  const limit = limitRaw === null ? PAGE_SIZE : Math.min(PAGE_SIZE, Math.max(1, Number(limitRaw) || PAGE_SIZE));
  const matching = peer.state
    .messagesIn(group.id)
    .filter(
      (m) =>
        (!olderThan || compareIds(m.id, olderThan) < 0) &&
        (!newerThan || compareIds(m.id, newerThan) > 0) &&
        (q.get('threaded') !== 'true' || m.repliedToId === null),
    );
  const page = matching.slice(0, limit);
  const senders = new Map(
    page.flatMap((m) => {
      const sender = peer.state.users.get(m.senderId);
      return sender ? [[sender.id, sender] as const] : [];
    }),
  );
  return {
    status: 200,
    body: {
      messages: page.map((m) => messageJson(peer, m)),
      references: [...senders.values()].map((u) => userJson(peer, u)),
      meta: { older_available: matching.length > page.length, requested_poll_interval: 60, feed_name: group.fullName },
    },
  };
}

function uploadSmallFile(peer: PeerContext, request: RequestContext): Reply {
  const user = request.user as VeUser;
  const file = request.body.form.get('file');
  const filename = field(request.body, 'filename');
  if (field(request.body, 'network_id') !== user.networkId)
    return { status: 400, body: { message: 'network_id does not match the user.' } };
  if (field(request.body, 'target_type') !== 'GROUP') return { status: 400, body: { message: 'This peer takes target_type GROUP only.' } };
  const group = visibleGroup(peer, request, field(request.body, 'group_id'));
  if ('status' in group) return group;
  if (!group.memberIds.has(user.id)) return yammerError(403, 'You must be a member of this group to upload to it.', 403);
  if (!filename || !Buffer.isBuffer(file)) return { status: 400, body: { message: 'filename and file are required.' } };
  if (file.length > MAX_FILE_BYTES) return { status: 400, body: { message: 'File exceeds the 4MB limit of uploadSmallFile.' } };
  // The shared multipart parser keeps no part headers: the type comes from the name, as Yammer shows it.
  const contentType = guessType(filename);
  const stored: VeFile = {
    id: peer.state.nextId(),
    networkId: user.networkId,
    groupId: group.id,
    uploaderId: user.id,
    filename,
    contentType,
    bytes: file,
    createdAt: peer.now(),
  };
  peer.state.files.set(stored.id, stored);
  return { status: 201, body: fileJson(peer, stored) };
}

function guessType(filename: string): string {
  const ext = filename.split('.').pop()?.toLowerCase() ?? '';
  const types: Record<string, string> = {
    png: 'image/png',
    jpg: 'image/jpeg',
    jpeg: 'image/jpeg',
    gif: 'image/gif',
    webp: 'image/webp',
    mp4: 'video/mp4',
  };
  return types[ext] ?? 'application/octet-stream';
}

export const apiRoutes: Route[] = [
  { method: 'GET', pattern: /^\/api\/v1\/users\/current(?:\.json)?$/, auth: 'user', bucket: 'other', handle: current },
  { method: 'GET', pattern: /^\/api\/v1\/groups\/(\d+)(?:\.json)?$/, auth: 'user', bucket: 'other', handle: showGroup },
  { method: 'POST', pattern: /^\/api\/v1\/messages(?:\.json)?$/, auth: 'user', bucket: 'messages', handle: createMessage },
  { method: 'GET', pattern: /^\/api\/v1\/messages\/in_group\/(\d+)(?:\.json)?$/, auth: 'user', bucket: 'messages', handle: inGroup },
  { method: 'POST', pattern: /^\/v4\/uploadSmallFile$/, auth: 'user', bucket: 'other', handle: uploadSmallFile },
];
