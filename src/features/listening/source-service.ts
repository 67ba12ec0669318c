import { and, asc, eq, inArray } from 'drizzle-orm';
import type { z } from 'zod';
import type { AppContext } from '../../app/context.js';
import type { DbOrTx } from '../../db/client.js';
import { type Caller, requireAccess } from '../../kit/access.js';
import { actorOf, recordAudit } from '../../kit/audit.js';
import { badRequest, type FieldError, notFound } from '../../kit/errors.js';
import { assertReachableUrl, UnsafeUrlError } from '../../kit/safe-fetch.js';
import { channels } from '../registry/schema.js';
import { type ListeningSourceRow, listeningSources } from './schema.js';
import type { TListeningSource, TSourceInput, TSourcePatch } from './schemas.js';
import { DEFAULT_SILENT_AFTER_HOURS, SETTINGS_SCHEMAS, urlOf } from './source-settings.js';
import type { SourceKind } from './sources/item.js';
import { fieldErrorOfZodIssue } from '../../kit/field-errors.js';

/** Listening sources: CRUD and how a source's state is shown. */

/** Whether an active source has been quiet for longer than its threshold. */
export function isSilent(row: ListeningSourceRow, now = new Date()): boolean {
  if (!row.active || row.silentAfterHours === null) return false;
  const since = (row.lastItemAt ?? row.createdAt).getTime();
  return now.getTime() - since > row.silentAfterHours * 3_600_000;
}

export function presentSource(row: ListeningSourceRow, now = new Date()): TListeningSource {
  const iso = (d: Date | null) => d?.toISOString() ?? null;
  const cursor = row.state.cursor;
  return {
    id: row.id,
    organisationId: row.organisationId,
    kind: row.kind,
    name: row.name,
    settings: row.settings,
    active: row.active,
    pollIntervalSeconds: row.pollIntervalSeconds,
    silentAfterHours: row.silentAfterHours,
    state: {
      lastPolledAt: iso(row.lastPolledAt),
      lastSuccessAt: iso(row.lastSuccessAt),
      lastError: row.lastError,
      lastErrorCode: row.lastErrorCode,
      lastErrorParams: row.lastErrorParams,
      lastErrorAt: iso(row.lastErrorAt),
      lastItemAt: iso(row.lastItemAt),
      itemsSeen: Number(row.itemsSeen),
      silent: isSilent(row, now),
      cursor: typeof cursor === 'number' ? cursor : null,
    },
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** What the audit log keeps of a source: its definition, not its run-time state. */
function auditView(row: ListeningSourceRow) {
  return {
    kind: row.kind,
    name: row.name,
    settings: row.settings,
    active: row.active,
    pollIntervalSeconds: row.pollIntervalSeconds,
    silentAfterHours: row.silentAfterHours,
  };
}

export async function loadSource(db: DbOrTx, id: string): Promise<ListeningSourceRow> {
  const [row] = await db.select().from(listeningSources).where(eq(listeningSources.id, id));
  if (!row) throw notFound('Listening source');
  return row;
}

/**
 * The kind's settings parsed (defaults filled in), the URL it reads checked against the
 * private-network rules, and any channel it names checked to belong to the organisation.
 * Every problem comes back as a 400 naming `settings.…`.
 */
async function validSettings(
  ctx: AppContext,
  organisationId: string,
  kind: SourceKind,
  input: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const parsed = (SETTINGS_SCHEMAS[kind] as z.ZodType<Record<string, unknown>>).safeParse(input);
  if (!parsed.success) {
    const fields: FieldError[] = parsed.error.issues.map((issue) =>
      fieldErrorOfZodIssue(['settings', ...issue.path.map(String)].join('.'), issue),
    );
    throw badRequest('The source settings are not valid.', fields);
  }
  const settings = parsed.data;
  const target = urlOf(kind, settings);
  if (target) {
    try {
      await assertReachableUrl(target.url, { allow: ctx.config.allowUrls, timeoutMs: 5000 });
    } catch (error) {
      // Only a private or forbidden address is refused here; a name that does not resolve today may tomorrow.
      if (error instanceof UnsafeUrlError)
        throw badRequest('This address cannot be read.', [{ path: target.path, message: error.message }]);
    }
  }
  const channelIds = [
    ...(typeof settings.channelId === 'string' ? [settings.channelId] : []),
    ...(Array.isArray(settings.channelIds) ? (settings.channelIds as string[]) : []),
  ];
  if (channelIds.length > 0) {
    const found = await ctx.db
      .select({ id: channels.id })
      .from(channels)
      .where(
        and(
          inArray(channels.id, channelIds),
          eq(channels.organisationId, organisationId),
          inArray(channels.network, ['mastodon', 'bluesky']),
        ),
      );
    const known = new Set(found.map((c) => c.id));
    const unknown = channelIds.filter((id) => !known.has(id));
    if (unknown.length > 0) {
      const path = kind === 'mastodon' ? 'settings.channelId' : 'settings.channelIds';
      throw badRequest('The source names a channel it cannot use.', [
        { path, message: `Not a Mastodon or Bluesky channel of this organisation: ${unknown.join(', ')}` },
      ]);
    }
  }
  return settings;
}

export async function listSources(ctx: AppContext, caller: Caller, organisationId: string): Promise<TListeningSource[]> {
  await requireAccess(ctx.db, caller, organisationId, 'listening.read');
  const list = await ctx.db
    .select()
    .from(listeningSources)
    .where(eq(listeningSources.organisationId, organisationId))
    .orderBy(asc(listeningSources.name), asc(listeningSources.id));
  const now = new Date();
  return list.map((row) => presentSource(row, now));
}

export async function getSource(ctx: AppContext, caller: Caller, id: string): Promise<TListeningSource> {
  const row = await loadSource(ctx.db, id);
  await requireAccess(ctx.db, caller, row.organisationId, 'listening.read');
  return presentSource(row);
}

export async function createSource(
  ctx: AppContext,
  caller: Caller,
  organisationId: string,
  input: TSourceInput,
): Promise<TListeningSource> {
  await requireAccess(ctx.db, caller, organisationId, 'listening.manage');
  const settings = await validSettings(ctx, organisationId, input.kind, input.settings);
  const row = await ctx.db.transaction(async (tx) => {
    const [created] = await tx
      .insert(listeningSources)
      .values({
        organisationId,
        kind: input.kind,
        name: input.name,
        settings,
        active: input.active ?? true,
        pollIntervalSeconds: input.pollIntervalSeconds ?? 900,
        silentAfterHours: input.silentAfterHours === undefined ? DEFAULT_SILENT_AFTER_HOURS[input.kind] : input.silentAfterHours,
        createdBy: caller.userId,
      })
      .returning();
    if (!created) throw new Error('insert failed');
    await recordAudit(tx, actorOf(caller), {
      organisationId,
      action: 'create',
      entity: 'listening_source',
      entityId: created.id,
      after: auditView(created),
    });
    return created;
  });
  return presentSource(row);
}

/**
 * Changes a source. New settings start the reader afresh (the stored validators, page text or
 * cursor describe what the old settings read); the run-time counters stay.
 */
export async function updateSource(ctx: AppContext, caller: Caller, id: string, patch: TSourcePatch): Promise<TListeningSource> {
  const before = await loadSource(ctx.db, id);
  await requireAccess(ctx.db, caller, before.organisationId, 'listening.manage');
  const settings = patch.settings === undefined ? undefined : await validSettings(ctx, before.organisationId, before.kind, patch.settings);
  const settingsChanged = settings !== undefined && JSON.stringify(settings) !== JSON.stringify(before.settings);
  const row = await ctx.db.transaction(async (tx) => {
    const [updated] = await tx
      .update(listeningSources)
      .set({
        ...(patch.name !== undefined ? { name: patch.name } : {}),
        ...(patch.active !== undefined ? { active: patch.active } : {}),
        ...(patch.pollIntervalSeconds !== undefined ? { pollIntervalSeconds: patch.pollIntervalSeconds } : {}),
        ...(patch.silentAfterHours !== undefined ? { silentAfterHours: patch.silentAfterHours } : {}),
        ...(settingsChanged ? { settings, state: {}, lastError: null, lastErrorCode: null, lastErrorParams: null, lastErrorAt: null } : {}),
        updatedAt: new Date(),
      })
      .where(eq(listeningSources.id, id))
      .returning();
    if (!updated) throw notFound('Listening source');
    await recordAudit(tx, actorOf(caller), {
      organisationId: updated.organisationId,
      action: 'update',
      entity: 'listening_source',
      entityId: id,
      before: auditView(before),
      after: auditView(updated),
    });
    return updated;
  });
  return presentSource(row);
}

/** Removes a source. Its mentions stay (other sources may have seen them; retention removes them). */
export async function deleteSource(ctx: AppContext, caller: Caller, id: string): Promise<void> {
  const before = await loadSource(ctx.db, id);
  await requireAccess(ctx.db, caller, before.organisationId, 'listening.manage');
  await ctx.db.transaction(async (tx) => {
    await tx.delete(listeningSources).where(eq(listeningSources.id, id));
    await recordAudit(tx, actorOf(caller), {
      organisationId: before.organisationId,
      action: 'delete',
      entity: 'listening_source',
      entityId: id,
      before: auditView(before),
    });
  });
}
