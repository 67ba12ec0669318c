import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { buildChannel, buildOrganisation, buildUser, type TestUser } from '../../../test/factories.js';
import { createTestApp, type TestApp } from '../../../test/support.js';
import { loadConfig } from '../../app/config.js';
import { auditLog } from '../../kit/audit-schema.js';
import { parseChannelCsv } from './channel-csv.js';
import { registryCliCommands } from './cli.js';
import { audiences, channelAudiences, channels, followerMeasurements } from './schema.js';

const fixture = (name: string) => readFile(new URL(`../../../test/fixtures/${name}`, import.meta.url), 'utf8');

describe('reading channel CSV', () => {
  it('detects the delimiter, strips the BOM, reads Dutch headers and counts lines across quoted line breaks', async () => {
    const csv = parseChannelCsv(await fixture('channels-mixed.csv'));
    expect([...csv.columns]).toContain('followers_measured_on');
    expect(csv.rows.map((r) => r.line)).toEqual([2, 3, 4, 6, 7]);
    expect(csv.rows[2]?.cells).toMatchObject({ network: 'bluesky', purpose: 'Nieuws\nen vacatures' });
  });

  it('reads French headers and comma-separated files', () => {
    const csv = parseChannelCsv('Réseau,Compte,Langues\nmastodon,"a@b.example",nl\n');
    expect(csv.rows).toEqual([{ line: 2, cells: { network: 'mastodon', handle: 'a@b.example', languages: 'nl' } }]);
  });

  it('refuses unknown columns, missing key columns, and files over the limits', () => {
    expect(() => parseChannelCsv('network;handle;colour\n')).toThrow(/Unknown columns: colour/);
    expect(() => parseChannelCsv('network;display_name\nx;y\n')).toThrow(/network and handle/);
    expect(() => parseChannelCsv(`network,handle\n${'x,@a\n'.repeat(5001)}`)).toThrow(/at most 5000/);
    expect(() => parseChannelCsv(`network,handle,purpose\nx,@a,${'a'.repeat(5 * 1024 * 1024)}\n`)).toThrow(/larger than 5 MB/);
  });
});

describe('channel CSV import and export', () => {
  let t: TestApp;
  let root: { id: string };
  let child: { id: string };
  let other: { id: string };
  let editor: TestUser;
  let outsider: TestUser;
  let existingMastodonId: string;

  const postCsv = (user: TestUser, query: string, body: string) =>
    t.app.inject({
      method: 'POST',
      url: `/api/channels/import?${query}`,
      headers: { ...user.headers, 'content-type': 'text/csv' },
      payload: body,
    });
  const count = async () => Number((await t.ctx.db.select({ n: sql<number>`count(*)` }).from(channels))[0]?.n);

  beforeAll(async () => {
    t = await createTestApp();
    const db = t.ctx.db;
    root = await buildOrganisation(db, { name: 'FOD P&O', slug: 'fod-po' });
    child = await buildOrganisation(db, { name: 'Selor', slug: 'selor', parentId: root.id });
    other = await buildOrganisation(db, { name: 'FOD Financiën', slug: 'fod-fin' });
    editor = await buildUser(db, { roles: [[root.id, 'editor_in_chief']] });
    outsider = await buildUser(db, { roles: [[other.id, 'admin']] });
    const [citizens] = await db
      .insert(audiences)
      .values({ organisationId: root.id, slug: 'citizens', name: 'Citizens', names: { nl: 'Burgers' } })
      .returning();
    const mastodon = await buildChannel(db, root.id, {
      handle: '@fodpo@mastodon.example',
      displayName: 'FOD P&O',
      languages: ['nl', 'fr'],
      followerCount: 100,
      followersMeasuredOn: '2025-01-01',
    });
    existingMastodonId = mastodon.id;
    if (citizens) await db.insert(channelAudiences).values({ channelId: mastodon.id, audienceId: citizens.id });
    await buildChannel(db, child.id, {
      network: 'facebook',
      handle: 'Selor',
      displayName: 'Selor',
      languages: ['nl', 'fr'],
      followerCount: 10500,
      followersMeasuredOn: '2025-02-01',
    });
  });
  afterAll(async () => t?.close());

  it('plans a dry run row by row: create, update with changes, unchanged, errors with line numbers', async () => {
    const before = await count();
    const res = await postCsv(editor, `organisationId=${root.id}&dryRun=true`, await fixture('channels-mixed.csv'));
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.dryRun).toBe(true);
    expect(body.summary).toEqual({ create: 1, update: 1, unchanged: 1, errors: 2 });
    expect(body.rows).toEqual([
      {
        line: 2,
        action: 'update',
        handle: '@fodpo@mastodon.example',
        network: 'mastodon',
        organisation: 'fod-po',
        changes: { follower_count: { from: 100, to: 150 }, followers_measured_on: { from: '2025-01-01', to: '2025-03-01' } },
      },
      { line: 3, action: 'unchanged', handle: 'Selor', network: 'facebook', organisation: 'selor' },
      { line: 4, action: 'create', handle: 'selor.be', network: 'bluesky', organisation: 'selor' },
      {
        line: 6,
        action: 'error',
        handle: '@way_too_long_handle_here',
        network: 'x',
        organisation: 'fod-po',
        errors: [{ field: 'handle', message: expect.any(String) }],
      },
      {
        line: 7,
        action: 'error',
        handle: '@fodpo',
        network: 'instagram',
        organisation: 'fod-po',
        errors: [{ field: 'audiences', message: expect.stringContaining('unknown-audience') }],
      },
    ]);
    expect(await count()).toBe(before);
  });

  it('applies all or nothing: a file with an error changes nothing and answers 422', async () => {
    const before = await count();
    const res = await postCsv(editor, `organisationId=${root.id}&dryRun=false`, await fixture('channels-mixed.csv'));
    expect(res.statusCode).toBe(422);
    expect(res.json().error.fields.map((f: { path: string }) => f.path)).toEqual(['line.6.handle', 'line.7.audiences']);
    expect(await count()).toBe(before);
    const [mastodon] = await t.ctx.db.select().from(channels).where(eq(channels.id, existingMastodonId));
    expect(mastodon?.followerCount).toBe(100);
    expect(await t.ctx.db.select().from(auditLog).where(eq(auditLog.action, 'import'))).toEqual([]);
  });

  it('applies a clean file in one go, with one audit entry per channel and one for the import', async () => {
    const before = await count();
    const res = await postCsv(editor, `organisationId=${root.id}&dryRun=false`, await fixture('channels-valid.csv'));
    expect(res.statusCode).toBe(200);
    expect(res.json().summary).toEqual({ create: 2, update: 1, unchanged: 0, errors: 0 });
    expect(await count()).toBe(before + 2);
    const [linkedin] = await t.ctx.db.select().from(channels).where(eq(channels.handle, 'fod-personeel-en-organisatie'));
    expect(linkedin).toMatchObject({
      displayName: 'FOD Personeel, Organisatie',
      purpose: 'Jobs, news',
      ownerTeam: 'Communicatie',
      followerCount: 5200,
    });
    const measured = await t.ctx.db.select().from(followerMeasurements).where(eq(followerMeasurements.channelId, existingMastodonId));
    expect(measured.map((m) => [m.measuredOn, m.followerCount])).toEqual([['2025-03-10', 175]]);
    const entries = await t.ctx.db.select({ action: auditLog.action, entity: auditLog.entity, after: auditLog.after }).from(auditLog);
    expect(entries.map((e) => e.action).sort()).toEqual(['create', 'create', 'import', 'update']);
    expect(entries.find((e) => e.action === 'import')?.after).toMatchObject({ create: 2, update: 1, unchanged: 0, errors: 0 });
  });

  it('exports CSV that imports back as all unchanged', async () => {
    await buildChannel(t.ctx.db, child.id, {
      network: 'other',
      handle: '=HYPERLINK("x")',
      languages: ['de'],
      purpose: 'Line one\nline "two"',
    });
    const res = await t.app.inject({ method: 'GET', url: `/api/channels/export.csv?organisationId=${root.id}`, headers: editor.headers });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.body.startsWith('\uFEFForganisation,network,handle,display_name,profile_url,languages,audiences,')).toBe(true);
    expect(res.body).toContain(`'=HYPERLINK(""x"")`);
    const back = await postCsv(editor, `organisationId=${root.id}&dryRun=true`, res.body);
    const body = back.json();
    expect(body.summary).toEqual({ create: 0, update: 0, unchanged: 5, errors: 0 });
  });

  it('keeps imports inside what the caller may change', async () => {
    await buildChannel(t.ctx.db, other.id, { network: 'x', handle: '@FODFin' });
    expect((await postCsv(outsider, `organisationId=${root.id}`, 'network,handle,languages\nx,@new_one,nl\n')).statusCode).toBe(403);
    const res = await postCsv(
      editor,
      `organisationId=${root.id}`,
      'organisation,network,handle,languages\nfod-fin,x,@new_one,nl\n,x,@fodfin,nl\n',
    );
    const rows = res.json().rows as Array<{ errors: Array<{ field: string }> }>;
    expect(rows.map((r) => r.errors.map((e) => e.field))).toEqual([['organisation'], ['handle']]);
    expect((await postCsv(editor, `organisationId=${root.id}`, 'network;handle;colour\nx;@a;red\n')).statusCode).toBe(400);
    expect((await postCsv(editor, '', 'network,handle,languages\nx,@nobody_home,nl\n')).json().rows[0].errors[0].field).toBe(
      'organisation',
    );
  });

  it('refuses a file repeating a channel', async () => {
    const res = await postCsv(editor, `organisationId=${root.id}`, 'network,handle,languages\nx,@twice,nl\nx,https://x.com/TWICE,nl\n');
    expect(res.json().rows.map((r: { action: string }) => r.action)).toEqual(['create', 'error']);
  });
});

describe('registry command line', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kanaal-cli-'));
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  it('imports with --dry-run, then for real, then exports', async () => {
    const config = loadConfig({ KANAAL_DATA_DIR: dir, KANAAL_LOG_LEVEL: 'silent' });
    const file = join(dir, 'in.csv');
    await writeFile(file, 'organisation,network,handle,languages\n,mastodon,cli@mastodon.example,nl\n');
    const command = (argv: string[]) => registryCliCommands.find((c) => c.matches(argv));
    const logged: string[] = [];
    const log = vi.spyOn(console, 'log').mockImplementation((line: string) => void logged.push(line));
    const err = vi.spyOn(console, 'error').mockImplementation((line: string) => void logged.push(line));
    const written: string[] = [];
    const out = vi.spyOn(process.stdout, 'write').mockImplementation(((chunk: string, cb?: () => void) => {
      written.push(chunk);
      cb?.();
      return true;
    }) as typeof process.stdout.write);
    try {
      // Without an organisation in the row or on the command line the row cannot be placed.
      expect(await command(['import', 'channels'])?.run(['import', 'channels', file, '--dry-run'], config)).toBe(1);
      expect(await command(['import', 'channels'])?.run(['import', 'channels', file, '--organisation=nope'], config)).toBe(2);
      expect(logged.join('\n')).toMatch(/organisation: required/);
      await writeFile(file, 'organisation,network,handle,languages\nkanaal-cli-test,mastodon,cli@mastodon.example,nl\n');
      // The data dir is fresh: create the organisation through the same database the CLI opens.
      const { openDatabase } = await import('../../db/client.js');
      const { migrate } = await import('../../db/migrate.js');
      const database = await openDatabase({ dataDir: dir });
      await migrate(database);
      await buildOrganisation(database.db, { slug: 'kanaal-cli-test', name: 'CLI test' });
      await database.close();
      expect(await command(['import', 'channels'])?.run(['import', 'channels', file, '--dry-run'], config)).toBe(0);
      expect(logged.at(-1)).toMatch(/Dry run: would create 1/);
      expect(await command(['import', 'channels'])?.run(['import', 'channels', file], config)).toBe(0);
      expect(logged.at(-1)).toMatch(/Created 1/);
      expect(await command(['export'])?.run(['export', '--organisation=kanaal-cli-test'], config)).toBe(0);
      expect(written.join('')).toContain('kanaal-cli-test,mastodon,@cli@mastodon.example,,,nl');
    } finally {
      log.mockRestore();
      err.mockRestore();
      out.mockRestore();
    }
    const db2 = await (await import('../../db/client.js')).openDatabase({ dataDir: dir });
    const rows = await db2.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entity, 'channel'), eq(auditLog.action, 'create')));
    expect(rows.map((r) => r.actorLabel)).toEqual(['cli']);
    await db2.close();
  });
});
