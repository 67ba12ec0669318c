import { and, arrayContains, asc, eq, getTableColumns, ilike, inArray, ne, or, type SQL, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client.js';
import { accessibleOrganisationIds, type Caller, requireAccess } from '../../kit/access.js';
import { type AuditActor, actorOf, recordAudit } from '../../kit/audit.js';
import { badRequest, conflict, type FieldError, isForeignKeyViolation, isUniqueViolation, notFound } from '../../kit/errors.js';
import { audienceCatalogue } from './audience-service.js';
import {
  type ChannelRecord,
  checkChannelRecord,
  type TChannel,
  type TChannelCreate,
  type TChannelListQuery,
  type TChannelPatch,
} from './channel-schemas.js';
import { loadOrgTree, todayIn } from './org-tree.js';
import { audiences, channelAudiences, channels, followerMeasurements, organisations } from './schema.js';
import { codedFieldError } from '../../kit/field-errors.js';

export type ChannelRow = typeof channels.$inferSelect;

// The command line acts as the installation itself: it passes every access check and is recorded
// in the audit log as "cli" (no user row to point at).
const CLI_USER_ID = '00000000-0000-0000-0000-000000000000';
export const CLI_CALLER: Caller = { userId: CLI_USER_ID, email: 'cli', name: 'Command line', isSuperadmin: true, via: 'token' };

export function auditActorFor(caller: Caller): AuditActor {
  return caller.userId === CLI_USER_ID ? { userId: null, label: 'cli' } : actorOf(caller);
}

/** The audit log's picture of a channel: every stored field, audiences by slug. */
export function channelSnapshot(record: ChannelRecord, audienceSlugs: string[]) {
  const { audienceIds: _ids, ...fields } = record;
  return { ...fields, audiences: [...audienceSlugs].sort() };
}

export function recordOf(row: ChannelRow, audienceIds: string[]): ChannelRecord {
  return {
    organisationId: row.organisationId,
    network: row.network,
    handle: row.handle,
    displayName: row.displayName,
    profileUrl: row.profileUrl,
    languages: row.languages,
    audienceIds,
    purpose: row.purpose,
    visibility: row.visibility,
    ownerTeam: row.ownerTeam,
    status: row.status,
    followerCount: row.followerCount,
    followerUnit: row.followerUnit,
    followersMeasuredOn: row.followersMeasuredOn,
  };
}

type LinkedAudience = { channelId: string; id: string; name: string; slug: string };

/** Audiences linked to each channel, by channel id (sorted by name). */
export async function audiencesOfChannels(db: DbOrTx, channelIds: string[]): Promise<Map<string, LinkedAudience[]>> {
  const byChannel = new Map<string, LinkedAudience[]>();
  if (channelIds.length === 0) return byChannel;
  const linked = await db
    .select({ channelId: channelAudiences.channelId, id: audiences.id, name: audiences.name, slug: audiences.slug })
    .from(channelAudiences)
    .innerJoin(audiences, eq(audiences.id, channelAudiences.audienceId))
    .where(inArray(channelAudiences.channelId, channelIds))
    .orderBy(asc(audiences.name));
  for (const a of linked) byChannel.set(a.channelId, [...(byChannel.get(a.channelId) ?? []), a]);
  return byChannel;
}

async function present(db: DbOrTx, found: Array<ChannelRow & { organisationName: string }>): Promise<TChannel[]> {
  const linked = await audiencesOfChannels(
    db,
    found.map((c) => c.id),
  );
  return found.map((c) => ({ ...c, audiences: (linked.get(c.id) ?? []).map(({ id, name, slug }) => ({ id, name, slug })) }));
}

const withOrganisationName = { ...getTableColumns(channels), organisationName: organisations.name };

/** Channels matching `where`, with organisation name, ordered by organisation, network and handle. */
export async function selectChannels(db: DbOrTx, where: SQL | undefined): Promise<TChannel[]> {
  const found = await db
    .select(withOrganisationName)
    .from(channels)
    .innerJoin(organisations, eq(organisations.id, channels.organisationId))
    .where(where)
    .orderBy(asc(organisations.name), asc(channels.network), asc(sql`lower(${channels.handle})`));
  return present(db, found);
}

/**
 * The organisations a list covers: one organisation (and by default its subtree) after an access
 * check, or every organisation the caller may read.
 */
export async function scopeOrganisationIds(
  db: DbOrTx,
  caller: Caller,
  organisationId: string | undefined,
  subtree: boolean,
): Promise<string[]> {
  const readable = await accessibleOrganisationIds(db, caller, 'registry.read');
  if (!organisationId) return readable;
  await requireAccess(db, caller, organisationId, 'registry.read');
  if (!subtree) return [organisationId];
  const allowed = new Set(readable);
  return [...(await loadOrgTree(db)).subtreeIds(organisationId)].filter((id) => caller.isSuperadmin || allowed.has(id));
}

/** `GET /api/channels`: the channels of organisations the caller may read, filtered. */
export async function listChannels(db: DbOrTx, caller: Caller, query: TChannelListQuery): Promise<TChannel[]> {
  const orgIds = await scopeOrganisationIds(db, caller, query.organisationId, query.subtree);
  if (orgIds.length === 0) return [];
  const conditions: Array<SQL | undefined> = [inArray(channels.organisationId, orgIds)];
  if (query.network) conditions.push(eq(channels.network, query.network));
  if (query.status) conditions.push(eq(channels.status, query.status));
  if (query.language) conditions.push(arrayContains(channels.languages, [query.language]));
  if (query.q) {
    const pattern = `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    conditions.push(
      or(
        ilike(channels.handle, pattern),
        ilike(channels.displayName, pattern),
        ilike(channels.purpose, pattern),
        ilike(channels.ownerTeam, pattern),
        ilike(organisations.name, pattern),
      ),
    );
  }
  return selectChannels(db, and(...conditions));
}

async function loadChannel(db: DbOrTx, id: string): Promise<ChannelRow> {
  const [row] = await db.select().from(channels).where(eq(channels.id, id));
  if (!row) throw notFound('Channel');
  return row;
}

export async function getChannel(db: DbOrTx, caller: Caller, id: string): Promise<TChannel> {
  const row = await loadChannel(db, id);
  await requireAccess(db, caller, row.organisationId, 'registry.read');
  const [channel] = await selectChannels(db, eq(channels.id, id));
  if (!channel) throw notFound('Channel');
  return channel;
}

/**
 * Validates a complete record: the pure rules, audiences from the organisation's catalogue and the
 * (network, handle) pair free. Throws 400 / 409; returns the normalised record and audience slugs.
 */
async function validateForWrite(
  db: DbOrTx,
  record: ChannelRecord,
  exceptId: string | null,
): Promise<{ record: ChannelRecord; slugs: string[] }> {
  const tree = await loadOrgTree(db);
  const org = tree.byId.get(record.organisationId);
  if (!org) throw notFound('Organisation');
  const checked = checkChannelRecord(record, todayIn(org.timeZone));
  const errors: FieldError[] = [...checked.errors];
  const catalogue = new Map((await audienceCatalogue(db, record.organisationId)).map((a) => [a.id, a.slug]));
  const foreign = checked.record.audienceIds.filter((id) => !catalogue.has(id));
  if (foreign.length > 0)
    errors.push({ path: 'audienceIds', message: `not in this organisation's audience catalogue: ${foreign.join(', ')}` });
  if (errors.length > 0) throw badRequest(`Invalid channel: ${errors.map((e) => e.path).join(', ')}`, errors);
  await assertHandleFree(db, checked.record, exceptId);
  return { record: checked.record, slugs: checked.record.audienceIds.map((id) => catalogue.get(id) ?? id) };
}

async function assertHandleFree(db: DbOrTx, record: ChannelRecord, exceptId: string | null): Promise<void> {
  const clash = await db
    .select({ id: channels.id })
    .from(channels)
    .where(
      and(
        eq(channels.network, record.network),
        sql`lower(${channels.handle}) = lower(${record.handle})`,
        exceptId ? ne(channels.id, exceptId) : undefined,
      ),
    );
  if (clash.length > 0) throw duplicateHandle(record);
}

function duplicateHandle(record: ChannelRecord) {
  return conflict(`A ${record.network} channel ${record.handle} is already registered.`, [codedFieldError('handle', 'handle_taken')]);
}

/**
 * Writes a validated record (insert when `existing` is null), its audience links and, when the
 * follower figures changed, a follower measurement; records the audit entry. Returns the row id.
 */
export async function writeChannel(
  tx: DbOrTx,
  actor: AuditActor,
  existing: { row: ChannelRow; audienceSlugs: string[] } | null,
  record: ChannelRecord,
  audienceSlugs: string[],
): Promise<string> {
  const { audienceIds, ...fields } = record;
  let id: string;
  if (existing) {
    await tx
      .update(channels)
      .set({ ...fields, updatedAt: new Date() })
      .where(eq(channels.id, existing.row.id));
    id = existing.row.id;
    await tx.delete(channelAudiences).where(eq(channelAudiences.channelId, id));
  } else {
    const [row] = await tx.insert(channels).values(fields).returning({ id: channels.id });
    if (!row) throw new Error('channel insert returned nothing');
    id = row.id;
  }
  if (audienceIds.length > 0) await tx.insert(channelAudiences).values(audienceIds.map((audienceId) => ({ channelId: id, audienceId })));
  const figuresChanged =
    !existing || existing.row.followerCount !== record.followerCount || existing.row.followersMeasuredOn !== record.followersMeasuredOn;
  if (figuresChanged && record.followerCount !== null && record.followersMeasuredOn !== null) {
    await tx
      .insert(followerMeasurements)
      .values({ channelId: id, measuredOn: record.followersMeasuredOn, followerCount: record.followerCount, source: 'manual' })
      .onConflictDoUpdate({
        target: [followerMeasurements.channelId, followerMeasurements.measuredOn],
        set: { followerCount: record.followerCount, source: 'manual' },
      });
  }
  await recordAudit(tx, actor, {
    organisationId: record.organisationId,
    action: existing ? 'update' : 'create',
    entity: 'channel',
    entityId: id,
    before: existing ? channelSnapshot(recordOf(existing.row, []), existing.audienceSlugs) : undefined,
    after: channelSnapshot(record, audienceSlugs),
  });
  return id;
}

function defaultsFor(input: TChannelCreate): ChannelRecord {
  return {
    organisationId: input.organisationId,
    network: input.network,
    handle: input.handle,
    displayName: input.displayName || null,
    profileUrl: input.profileUrl || null,
    languages: input.languages,
    audienceIds: input.audienceIds ?? [],
    purpose: input.purpose || null,
    visibility: input.visibility ?? 'public',
    ownerTeam: input.ownerTeam || null,
    status: input.status ?? 'active',
    followerCount: input.followerCount ?? null,
    followerUnit: input.followerUnit ?? 'followers',
    followersMeasuredOn: input.followersMeasuredOn ?? null,
  };
}

export async function createChannel(db: Db, caller: Caller, input: TChannelCreate): Promise<TChannel> {
  await requireAccess(db, caller, input.organisationId, 'registry.write');
  const id = await db
    .transaction(async (tx) => {
      const { record, slugs } = await validateForWrite(tx, defaultsFor(input), null);
      return writeChannel(tx, auditActorFor(caller), null, record, slugs);
    })
    .catch(rethrowDuplicate(input));
  return getChannel(db, caller, id);
}

export async function updateChannel(db: Db, caller: Caller, id: string, patch: TChannelPatch): Promise<TChannel> {
  const row = await loadChannel(db, id);
  await requireAccess(db, caller, row.organisationId, 'registry.write');
  if (patch.organisationId && patch.organisationId !== row.organisationId) {
    await requireAccess(db, caller, patch.organisationId, 'registry.write');
  }
  await db
    .transaction(async (tx) => {
      const linked = (await audiencesOfChannels(tx, [id])).get(id) ?? [];
      const current = recordOf(
        row,
        linked.map((a) => a.id),
      );
      const merged: ChannelRecord = { ...current };
      for (const [key, value] of Object.entries(patch) as Array<[keyof ChannelRecord, unknown]>) {
        if (value === undefined) continue;
        (merged as Record<string, unknown>)[key] = value === '' ? null : value;
      }
      const { record, slugs } = await validateForWrite(tx, merged, id);
      await writeChannel(tx, auditActorFor(caller), { row, audienceSlugs: linked.map((a) => a.slug) }, record, slugs);
    })
    .catch(rethrowDuplicate({ network: patch.network ?? row.network, handle: patch.handle ?? row.handle }));
  return getChannel(db, caller, id);
}

export async function deleteChannel(db: Db, caller: Caller, id: string): Promise<void> {
  const row = await loadChannel(db, id);
  await requireAccess(db, caller, row.organisationId, 'registry.write');
  await db.transaction(async (tx) => {
    const linked = (await audiencesOfChannels(tx, [id])).get(id) ?? [];
    await tx
      .delete(channels)
      .where(eq(channels.id, id))
      .catch((error: unknown) => {
        // Publications keep their channel for the record; such a channel is archived, not deleted.
        if (isForeignKeyViolation(error)) throw conflict('This channel has publications on record. Set its status to archived instead of deleting it.');
        throw error;
      });
    await recordAudit(tx, auditActorFor(caller), {
      organisationId: row.organisationId,
      action: 'delete',
      entity: 'channel',
      entityId: id,
      before: channelSnapshot(
        recordOf(row, []),
        linked.map((a) => a.slug),
      ),
    });
  });
}

/** Two writers racing for the same handle: the unique index decides, and the loser reads a 409 on `handle`. */
function rethrowDuplicate(what: { network: ChannelRecord['network']; handle: string }) {
  return (error: unknown): never => {
    if (isUniqueViolation(error)) throw duplicateHandle({ ...what } as ChannelRecord);
    throw error;
  };
}
