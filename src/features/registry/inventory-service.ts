import { stringify } from 'csv-stringify/sync';
import { and, desc, inArray, ne } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '../../db/client.js';
import { type Caller, requireAccess } from '../../kit/access.js';
import { guardCell } from '../../kit/csv.js';
import { audiencesOfChannels } from './channel-service.js';
import { loadOrgTree } from './org-tree.js';
import { INVENTORY_TEXT, CSV_HEADERS, localName, type UiLang } from './registry-i18n.js';
import { audiences, channels, FOLLOWER_UNITS, followerMeasurements, LANGUAGES, type FollowerUnit, NETWORKS } from './schema.js';

const ZFollowerFigure = z.object({ count: z.number().int().nullable(), unit: z.enum(FOLLOWER_UNITS), measuredOn: z.string().nullable() });

export const ZInventory = z.object({
  organisation: z.object({ id: z.uuid(), name: z.string() }),
  generatedAt: z.date(),
  lang: z.enum(['nl', 'fr', 'en']),
  networks: z.array(z.enum(NETWORKS)),
  rows: z.array(
    z.object({
      organisationId: z.uuid(),
      organisationName: z.string(),
      /** Names from the report's organisation down to this one. */
      path: z.array(z.string()),
      depth: z.number().int(),
      networks: z.array(z.enum(NETWORKS)),
      channelCount: z.number().int(),
      audiences: z.array(z.string()),
      languages: z.array(z.enum(LANGUAGES)),
      followers: z.object({ total: z.number().int(), byNetwork: z.record(z.string(), ZFollowerFigure) }),
      latestMeasuredOn: z.string().nullable(),
      channels: z.array(
        z.object({
          id: z.uuid(),
          network: z.enum(NETWORKS),
          handle: z.string(),
          displayName: z.string().nullable(),
          followerCount: z.number().int().nullable(),
          followerUnit: z.enum(FOLLOWER_UNITS),
          followersMeasuredOn: z.string().nullable(),
          audiences: z.array(z.string()),
          languages: z.array(z.enum(LANGUAGES)),
          status: z.enum(['active', 'dormant', 'archived']),
        }),
      ),
    }),
  ),
  totals: z.object({ organisations: z.number().int(), channels: z.number().int(), followers: z.number().int() }),
});
export type TInventory = z.infer<typeof ZInventory>;
type InventoryRow = TInventory['rows'][number];

// Videos are a count of uploads, not of people: they stay in the per-network figure but not in totals.
const countsAsAudience = (unit: FollowerUnit) => unit !== 'videos';
const byOrder =
  <T extends string>(order: readonly T[]) =>
  (a: T, b: T) =>
    order.indexOf(a) - order.indexOf(b);

/**
 * The channel inventory of an organisation and its sub-organisations: one row per organisation in
 * tree order, archived channels left out, follower figures as last known (the newest of the channel's
 * own figure and its measurement history). Needs `report.read` on the organisation.
 */
export async function buildInventory(
  db: DbOrTx,
  caller: Caller,
  organisationId: string,
  lang: UiLang,
): Promise<TInventory & { timeZone: string }> {
  await requireAccess(db, caller, organisationId, 'report.read');
  const tree = await loadOrgTree(db);
  const placed = tree.walk(organisationId);
  const root = placed[0];
  if (!root) throw new Error('organisation vanished during the report');
  const found = await db
    .select()
    .from(channels)
    .where(
      and(
        inArray(
          channels.organisationId,
          placed.map((o) => o.id),
        ),
        ne(channels.status, 'archived'),
      ),
    );
  const ids = found.map((c) => c.id);
  const linked = await audiencesOfChannels(db, ids);
  const audienceNames = new Map(
    (ids.length ? await db.select({ id: audiences.id, name: audiences.name, names: audiences.names }).from(audiences) : []).map((a) => [
      a.id,
      localName(a.names, a.name, lang),
    ]),
  );
  const latest = new Map(
    (ids.length
      ? await db
          .selectDistinctOn([followerMeasurements.channelId])
          .from(followerMeasurements)
          .where(inArray(followerMeasurements.channelId, ids))
          .orderBy(followerMeasurements.channelId, desc(followerMeasurements.measuredOn))
      : []
    ).map((m) => [m.channelId, m]),
  );

  const rows: InventoryRow[] = placed.map((org) => {
    const own = found
      .filter((c) => c.organisationId === org.id)
      .sort((a, b) => byOrder(NETWORKS)(a.network, b.network) || a.handle.localeCompare(b.handle));
    const channelRows = own.map((c) => {
      const m = latest.get(c.id);
      const useMeasurement = m && (c.followerCount === null || (c.followersMeasuredOn ?? '') < m.measuredOn);
      return {
        id: c.id,
        network: c.network,
        handle: c.handle,
        displayName: c.displayName,
        followerCount: useMeasurement ? m.followerCount : c.followerCount,
        followerUnit: c.followerUnit,
        followersMeasuredOn: useMeasurement ? m.measuredOn : c.followersMeasuredOn,
        audiences: (linked.get(c.id) ?? []).map((a) => audienceNames.get(a.id) ?? a.name).sort((x, y) => x.localeCompare(y, lang)),
        languages: LANGUAGES.filter((l) => c.languages.includes(l)),
        status: c.status,
      };
    });
    const byNetwork: Record<string, z.infer<typeof ZFollowerFigure>> = {};
    for (const c of channelRows) {
      const figure = byNetwork[c.network] ?? { count: null, unit: c.followerUnit, measuredOn: null };
      if (c.followerCount !== null) figure.count = (figure.count ?? 0) + c.followerCount;
      if (c.followersMeasuredOn && (!figure.measuredOn || c.followersMeasuredOn > figure.measuredOn))
        figure.measuredOn = c.followersMeasuredOn;
      byNetwork[c.network] = figure;
    }
    const measured = channelRows.map((c) => c.followersMeasuredOn).filter((d): d is string => Boolean(d));
    return {
      organisationId: org.id,
      organisationName: localName(org.names, org.name, lang),
      path: org.path,
      depth: org.depth,
      networks: [...new Set(channelRows.map((c) => c.network))].sort(byOrder(NETWORKS)),
      channelCount: channelRows.length,
      audiences: [...new Set(channelRows.flatMap((c) => c.audiences))].sort((x, y) => x.localeCompare(y, lang)),
      languages: LANGUAGES.filter((l) => channelRows.some((c) => c.languages.includes(l))),
      followers: {
        total: channelRows.reduce(
          (sum, c) => sum + (c.followerCount !== null && countsAsAudience(c.followerUnit) ? c.followerCount : 0),
          0,
        ),
        byNetwork,
      },
      latestMeasuredOn: measured.sort().at(-1) ?? null,
      channels: channelRows,
    };
  });
  // Paths read in the report's language.
  const localisedName = new Map(rows.map((r) => [r.organisationId, r.organisationName]));
  for (const r of rows) {
    const chain = tree
      .selfAndAncestorIds(r.organisationId)
      .slice(0, r.depth + 1)
      .reverse();
    r.path = chain.map((id) => localisedName.get(id) ?? id);
  }
  return {
    organisation: { id: root.id, name: localName(root.names, root.name, lang) },
    generatedAt: new Date(),
    lang,
    timeZone: root.timeZone,
    networks: [...new Set(rows.flatMap((r) => r.networks))].sort(byOrder(NETWORKS)),
    rows,
    totals: {
      organisations: rows.length,
      channels: rows.reduce((sum, r) => sum + r.channelCount, 0),
      followers: rows.reduce((sum, r) => sum + r.followers.total, 0),
    },
  };
}

/** The inventory as CSV, one row per channel, headers in the report's language, path `FOD P&O › Selor`. */
export function inventoryCsv(report: TInventory): string {
  const h = CSV_HEADERS[report.lang];
  const t = INVENTORY_TEXT[report.lang];
  const header = [
    t.organisationPath,
    h.network,
    h.handle,
    h.display_name,
    h.languages,
    h.audiences,
    h.status,
    h.follower_count,
    h.follower_unit,
    h.followers_measured_on,
  ];
  const records = report.rows.flatMap((r) =>
    r.channels.map((c) => [
      r.path.join(' › '),
      c.network,
      c.handle,
      c.displayName ?? '',
      c.languages.join('|'),
      c.audiences.join('|'),
      c.status,
      c.followerCount === null ? '' : String(c.followerCount),
      c.followerUnit,
      c.followersMeasuredOn ?? '',
    ]),
  );
  return stringify([header, ...records.map((r) => r.map(guardCell))], { bom: true, record_delimiter: 'windows' });
}
