import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOrganisation } from '../../../test/factories.js';
import { createTestApp, type TestApp } from '../../../test/support.js';
import { rows } from '../../kit/sql.js';
import { ingestItems } from './ingest.js';
import { canonicalUrl } from './mention-keys.js';
import { listeningSources } from './schema.js';
import { item } from './test-items.js';

describe('ingestItems: filters, dedup, deletes, awkward text', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t?.close());

  const source = async (organisationId: string, kind: 'bluesky' | 'feed', settings: Record<string, unknown>) => {
    const [row] = await t.ctx.db.insert(listeningSources).values({ organisationId, kind, name: kind, settings }).returning();
    if (!row) throw new Error('insert failed');
    return row;
  };
  const stored = async (organisationId: string) =>
    rows<{ external_id: string; text: string }>(
      t.ctx.db,
      sql`SELECT external_id, text FROM mentions WHERE organisation_id = ${organisationId}::uuid ORDER BY external_id`,
    );

  it('applies a Bluesky source’s language and keyword filters; keeps only matches by default', async () => {
    const org = await buildOrganisation(t.ctx.db);
    const filtered = await source(org.id, 'bluesky', { languages: ['nl', 'fr'], keywords: ['zwembad', 'piscine municipale'], keep: 'all' });
    const result = await ingestItems(t.ctx, { sourceId: filtered.id }, [
      item('at://a', 'Het Zwembad is dicht'),
      item('at://b', 'La piscine municipale ferme', { language: 'fr' }),
      item('at://c', 'La piscine ferme', { language: 'fr' }),
      item('at://d', 'The zwembad is closed', { language: 'en' }),
      item('at://e', 'Zwembad zonder taal', { language: null }),
    ]);
    expect(result).toMatchObject({ received: 5, skipped: 3, stored: 2 });
    expect((await stored(org.id)).map((m) => m.external_id)).toEqual(['at://a', 'at://b']);

    // keep: matching (the Bluesky default) with no watchlist stores nothing, but the stream counts as alive.
    const firehose = await source(org.id, 'bluesky', {});
    const quiet = await ingestItems(t.ctx, { sourceId: firehose.id }, [item('at://f', 'Iets')], { state: { cursor: 42 } });
    expect(quiet).toMatchObject({ stored: 0, skipped: 1 });
    const [row] = await t.ctx.db.select().from(listeningSources).where(eq(listeningSources.id, firehose.id));
    expect(row).toMatchObject({ itemsSeen: 1, state: { cursor: 42 } });
    expect(row?.lastItemAt).not.toBeNull();
  });

  it('stores one mention per item: within a batch, across batches, and by canonical URL for feeds', async () => {
    const org = await buildOrganisation(t.ctx.db);
    const feedA = await source(org.id, 'feed', { url: 'https://a.example/feed' });
    const feedB = await source(org.id, 'feed', { url: 'https://b.example/feed' });
    const article = (id: string, url: string) => item(id, 'Nieuws', { kind: 'feed', url });
    const first = await ingestItems(t.ctx, { sourceId: feedA.id }, [
      article('a-1', 'https://news.example/artikel?utm_source=rss#top'),
      article('a-1', 'https://news.example/artikel?utm_source=rss#top'),
    ]);
    expect(first).toMatchObject({ stored: 1, duplicates: 1, skipped: 0 });
    const second = await ingestItems(t.ctx, { sourceId: feedB.id }, [article('b-77', 'https://NEWS.example/artikel/')]);
    expect(second).toMatchObject({ stored: 0, duplicates: 1 });
    const sightings = await rows<{ n: number }>(
      t.ctx.db,
      sql`SELECT count(*)::int AS n FROM mention_sources WHERE source_id = ${feedB.id}::uuid`,
    );
    expect(sightings[0]?.n).toBe(1);
    const [b] = await t.ctx.db.select().from(listeningSources).where(eq(listeningSources.id, feedB.id));
    expect(b?.lastItemAt).not.toBeNull(); // new for B, although not a new mention
    expect(canonicalUrl('https://NEWS.example:443/artikel/?b=2&utm_medium=x&a=1#frag')).toBe('https://news.example/artikel?b=2&a=1');
  });

  it('removes deleted posts, also when created and deleted in one batch', async () => {
    const org = await buildOrganisation(t.ctx.db);
    await ingestItems(t.ctx, { organisationId: org.id }, [item('at://keep', 'Blijft'), item('at://gone', 'Verdwijnt')]);
    const result = await ingestItems(t.ctx, { organisationId: org.id }, [item('at://brief', 'Even')], {
      deletedExternalIds: ['at://gone', 'at://brief'],
    });
    expect(result).toMatchObject({ stored: 0, deleted: 1 });
    expect((await stored(org.id)).map((m) => m.external_id)).toEqual(['at://keep']);
  });

  it('stores text PostgreSQL would refuse (NUL, half a surrogate pair) cleaned', async () => {
    const org = await buildOrganisation(t.ctx.db);
    const result = await ingestItems(t.ctx, { organisationId: org.id }, [item('at://odd', 'a\u0000b \uD83D c 😀')]);
    expect(result.stored).toBe(1);
    expect((await stored(org.id))[0]?.text).toBe('ab \uFFFD c 😀');
  });
});
