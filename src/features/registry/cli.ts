import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { CliCommand } from '../../app/cli-commands.js';
import type { Config } from '../../app/config.js';
import { type Database, openDatabase } from '../../db/client.js';
import { migrate } from '../../db/migrate.js';
import { AppError } from '../../kit/errors.js';
import { exportChannelsCsv, importChannelsCsv } from './channel-csv.js';
import { CLI_CALLER } from './channel-service.js';
import { loadOrgTree } from './org-tree.js';

async function withDatabase(config: Config, work: (database: Database) => Promise<number>): Promise<number> {
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    await migrate(database);
    return await work(database);
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    console.error(error.message);
    for (const f of error.fields ?? []) console.error(`  ${f.path}: ${f.message}`);
    return 1;
  } finally {
    await database.close();
  }
}

/** `--organisation=slug` to an id; undefined when not given, null when unknown (reported). */
async function organisationIdFor(database: Database, slug: string | undefined): Promise<string | undefined | null> {
  if (!slug) return undefined;
  const org = (await loadOrgTree(database.db)).findBySlugOrName(slug);
  if (!org) console.error(`No organisation with slug or name "${slug}".`);
  return org?.id ?? null;
}

const importChannels: CliCommand = {
  usage: 'import channels FILE.csv [--organisation=slug] [--dry-run]',
  summary: 'import channels from CSV (all rows or none)',
  matches: (argv) => argv[0] === 'import' && argv[1] === 'channels',
  async run(argv, config) {
    const { values, positionals } = parseArgs({
      args: argv.slice(2),
      allowPositionals: true,
      options: { organisation: { type: 'string' }, 'dry-run': { type: 'boolean', default: false } },
    });
    const file = positionals[0];
    if (!file) {
      console.error('import channels needs a CSV file');
      return 2;
    }
    const text = await readFile(file, 'utf8');
    return withDatabase(config, async (database) => {
      const organisationId = await organisationIdFor(database, values.organisation);
      if (organisationId === null) return 2;
      const dryRun = values['dry-run'] ?? false;
      const result = await importChannelsCsv(database.db, CLI_CALLER, text, { organisationId, dryRun });
      for (const row of result.rows) {
        if (row.action === 'unchanged') continue;
        const detail =
          row.action === 'error'
            ? (row.errors ?? []).map((e) => `${e.field}: ${e.message}`).join('; ')
            : Object.entries(row.changes ?? {})
                .map(([field, c]) => `${field}: ${JSON.stringify(c.from)} → ${JSON.stringify(c.to)}`)
                .join('; ');
        console.log(`line ${row.line}\t${row.action}\t${row.network} ${row.handle}${detail ? `\t${detail}` : ''}`);
      }
      const s = result.summary;
      console.log(
        `${dryRun ? 'Dry run: would create' : 'Created'} ${s.create}, ${dryRun ? 'update' : 'updated'} ${s.update}, unchanged ${s.unchanged}, errors ${s.errors}.`,
      );
      return s.errors > 0 ? 1 : 0;
    });
  },
};

const exportChannels: CliCommand = {
  usage: 'export [--organisation=slug] > file.csv',
  summary: 'write the channel registry as CSV to standard output',
  matches: (argv) => argv[0] === 'export',
  async run(argv, config) {
    const { values } = parseArgs({ args: argv.slice(1), options: { organisation: { type: 'string' } } });
    return withDatabase(config, async (database) => {
      const organisationId = await organisationIdFor(database, values.organisation);
      if (organisationId === null) return 2;
      const csv = await exportChannelsCsv(database.db, CLI_CALLER, { organisationId, subtree: true });
      await new Promise<void>((resolve) => process.stdout.write(csv, () => resolve()));
      return 0;
    });
  },
};

export const registryCliCommands: CliCommand[] = [importChannels, exportChannels];
