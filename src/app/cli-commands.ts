import { parseArgs } from 'node:util';
import { openDatabase } from '../db/client.js';
import { migrate } from '../db/migrate.js';
import { hashPassword } from '../kit/auth/passwords.js';
import { users } from '../kit/auth/schema.js';
import { registryCliCommands } from '../features/registry/cli.js';
import { restoreBackup, writeBackup } from './backup.js';
import type { Config } from './config.js';
import { listeningCliCommands } from '../features/listening/cli.js';

/** A CLI sub-command other than start/migrate. Features add theirs to CLI_COMMANDS. */
export type CliCommand = {
  usage: string;
  summary: string;
  matches(argv: string[]): boolean;
  run(argv: string[], config: Config): Promise<number>;
};

const userAdd: CliCommand = {
  usage: 'user add EMAIL --name N [--superadmin]',
  summary: 'create a local user (password read from KANAAL_NEW_PASSWORD or prompted)',
  matches: (argv) => argv[0] === 'user' && argv[1] === 'add',
  async run(argv, config) {
    const { values, positionals } = parseArgs({
      args: argv.slice(2),
      allowPositionals: true,
      options: { name: { type: 'string' }, superadmin: { type: 'boolean', default: false } },
    });
    const email = positionals[0]?.toLowerCase();
    if (!email) {
      console.error('user add needs an email address');
      return 2;
    }
    const password = process.env.KANAAL_NEW_PASSWORD ?? (await prompt('Password (min 12 characters): '));
    if (password.length < 12) {
      console.error('The password must be at least 12 characters.');
      return 2;
    }
    const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
    try {
      await migrate(database);
      await database.db.insert(users).values({
        email,
        name: values.name ?? email,
        passwordHash: await hashPassword(password),
        isSuperadmin: values.superadmin ?? false,
      });
      console.log(`Created ${email}.`);
      return 0;
    } finally {
      await database.close();
    }
  },
};

async function prompt(question: string): Promise<string> {
  const { createInterface } = await import('node:readline/promises');
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return await rl.question(question);
  } finally {
    rl.close();
  }
}

const backup: CliCommand = {
  usage: 'backup FILE',
  summary: 'write a logical backup (all Kanaal data, gzip JSON) to FILE',
  matches: (argv) => argv[0] === 'backup',
  async run(argv, config) {
    const file = argv[1];
    if (!file) {
      console.error('backup needs a file name');
      return 2;
    }
    const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
    try {
      await migrate(database);
      const done = await writeBackup(database, file);
      console.log(`Wrote ${done.rows} rows from ${done.tables} tables to ${file}.`);
      return 0;
    } finally {
      await database.close();
    }
  },
};

const restore: CliCommand = {
  usage: 'restore FILE',
  summary: 'restore a backup into an empty database (embedded or DATABASE_URL)',
  matches: (argv) => argv[0] === 'restore',
  async run(argv, config) {
    const file = argv[1];
    if (!file) {
      console.error('restore needs a file name');
      return 2;
    }
    const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
    try {
      await migrate(database);
      const done = await restoreBackup(database, file);
      console.log(`Restored ${done.rows} rows into ${done.tables} tables.`);
      return 0;
    } finally {
      await database.close();
    }
  },
};

export const CLI_COMMANDS: CliCommand[] = [userAdd, backup, restore, ...registryCliCommands, ...listeningCliCommands];
