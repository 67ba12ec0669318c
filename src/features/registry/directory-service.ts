import { and, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '../../db/client.js';
import { notFound } from '../../kit/errors.js';
import { derivedProfileUrl } from './channel-schemas.js';
import { escapeHtml } from './directory-html.js';
import { loadOrgTree } from './org-tree.js';
import { foldKey, NETWORK_LABELS } from './registry-i18n.js';
import { channels, type Language, LANGUAGES, NETWORKS, type Network } from './schema.js';

export const ZDirectory = z.object({
  generatedAt: z.date(),
  organisations: z.array(
    z.object({
      slug: z.string(),
      name: z.string(),
      names: z.object({ nl: z.string().optional(), fr: z.string().optional(), de: z.string().optional(), en: z.string().optional() }),
      website: z.string().nullable(),
      isDemo: z.boolean(),
      /** Depth in the organisation tree, for indenting sub-organisations. */
      depth: z.number().int(),
      channels: z.array(
        z.object({
          network: z.enum(NETWORKS),
          handle: z.string(),
          displayName: z.string().nullable(),
          profileUrl: z.string().nullable(),
          languages: z.array(z.enum(LANGUAGES)),
          /** Mastodon: the link the organisation's website must carry for Mastodon to verify the profile. */
          relMe: z.string().nullable(),
          /** Bluesky: the handle the account should have, the organisation's own domain. */
          blueskyHandle: z.string().optional(),
          /** Bluesky: whether the handle already is (a subdomain of) the organisation's website domain. */
          blueskyOwnDomain: z.boolean().optional(),
          isDemo: z.boolean(),
        }),
      ),
    }),
  ),
});
export type TDirectory = z.infer<typeof ZDirectory>;
export type TDirectoryChannel = TDirectory['organisations'][number]['channels'][number];

export type DirectoryScope = { name: string; names: TDirectory['organisations'][number]['names'] };
export type DirectoryFilters = { organisation?: string; network?: Network; language?: Language; q?: string };

/** The host of an organisation's website without `www.`: the domain its Bluesky handle should be. */
export function websiteDomain(website: string | null): string | null {
  if (!website) return null;
  try {
    const host = new URL(/^https?:\/\//i.test(website) ? website : `https://${website}`).hostname.toLowerCase();
    return host.replace(/^www\./, '') || null;
  } catch {
    return null;
  }
}

/** The `<a rel="me">` a website needs so that Mastodon shows its link on the profile as verified. */
export function relMeAnchor(profileUrl: string): string {
  return `<a rel="me" href="${escapeHtml(profileUrl)}">Mastodon</a>`;
}

/**
 * The public list of official accounts: active, public channels only, grouped by organisation in
 * tree order; organisations without a listed channel are left out. `organisation` (a slug) narrows
 * to that organisation and its sub-organisations; `q` matches handles, names and networks, ignoring
 * case and accents.
 */
export async function buildDirectory(db: DbOrTx, filters: DirectoryFilters): Promise<TDirectory & { scope: DirectoryScope | null }> {
  const tree = await loadOrgTree(db);
  let rootId: string | null = null;
  if (filters.organisation) {
    const org = [...tree.byId.values()].find((o) => o.slug === filters.organisation?.toLowerCase());
    if (!org) throw notFound('Organisation');
    rootId = org.id;
  }
  const placed = tree.walk(rootId);
  // The page heading names the organisation asked for, or the installation's only top organisation.
  const roots = placed.filter((o) => o.depth === 0);
  const scope = roots.length === 1 && roots[0] ? { name: roots[0].name, names: roots[0].names } : null;
  const found = placed.length
    ? await db
        .select()
        .from(channels)
        .where(
          and(
            inArray(
              channels.organisationId,
              placed.map((o) => o.id),
            ),
            eq(channels.status, 'active'),
            eq(channels.visibility, 'public'),
            filters.network ? eq(channels.network, filters.network) : undefined,
          ),
        )
    : [];
  const q = filters.q ? foldKey(filters.q) : '';
  const organisations: TDirectory['organisations'] = [];
  for (const org of placed) {
    const orgText = foldKey([org.name, org.shortName ?? '', ...Object.values(org.names)].join(' '));
    const orgMatches = q !== '' && orgText.includes(q);
    const listed = found
      .filter((c) => c.organisationId === org.id)
      .filter((c) => !filters.language || c.languages.includes(filters.language))
      .filter(
        (c) =>
          !q || orgMatches || foldKey([c.handle, c.displayName ?? '', ...Object.values(NETWORK_LABELS[c.network])].join(' ')).includes(q),
      )
      .sort((a, b) => NETWORKS.indexOf(a.network) - NETWORKS.indexOf(b.network) || a.handle.localeCompare(b.handle));
    if (listed.length === 0) continue;
    const domain = websiteDomain(org.website);
    organisations.push({
      slug: org.slug,
      name: org.name,
      names: org.names,
      website: org.website,
      isDemo: org.isDemo,
      depth: org.depth,
      channels: listed.map((c) => {
        const profileUrl = c.profileUrl ?? derivedProfileUrl(c.network, c.handle);
        const entry: TDirectoryChannel = {
          network: c.network,
          handle: c.handle,
          displayName: c.displayName,
          profileUrl,
          languages: LANGUAGES.filter((l) => c.languages.includes(l)),
          relMe: c.network === 'mastodon' && profileUrl ? relMeAnchor(profileUrl) : null,
          isDemo: c.isDemo || org.isDemo,
        };
        if (c.network === 'bluesky') {
          const onOwnDomain = domain !== null && (c.handle === domain || c.handle.endsWith(`.${domain}`));
          entry.blueskyHandle = onOwnDomain || !domain ? c.handle : domain;
          entry.blueskyOwnDomain = onOwnDomain;
        }
        return entry;
      }),
    });
  }
  return { generatedAt: new Date(), organisations, scope };
}
