import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from './app/config.js';
import { bootApp, type Role } from './app/start.js';
import { openDatabase } from './db/client.js';
import { migrate } from './db/migrate.js';
import { CLI_COMMANDS } from './app/cli-commands.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));

const USAGE = `Usage: kanaal <command>
  start [--role=all|web|worker]                           run Kanaal (default: web app, API and workers in one process)
  migrate                                                 apply database migrations and exit
${CLI_COMMANDS.map((c) => `  ${c.usage.padEnd(56)}${c.summary}`).join('\n')}`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const config = loadConfig();
  if (command === 'start') {
    const { values } = parseArgs({ args: rest, options: { role: { type: 'string', default: 'all' } } });
    const role = values.role as Role;
    if (!['all', 'web', 'worker'].includes(role)) throw new ConfigError(`Unknown role "${role}": use all, web or worker.`);
    if (role !== 'worker') ensureWebBuilt();
    const started = Date.now();
    const running = await bootApp(config, { role });
    if (running.server) await running.server.listen({ port: config.port, host: config.host });
    const where = running.server ? `at ${config.publicUrl}` : 'as a worker';
    console.log(`\nKanaal ${running.ctx.version} is running ${where} on ${running.ctx.database.kind === 'pglite' ? `embedded PGlite in ${config.dataDir}` : 'PostgreSQL'} (ready in ${Date.now() - started} ms).`);
    if (running.demoLoaded) console.log('Demo data loaded (marked as demo). Set KANAAL_DEMO=0 to start empty.');
    if (running.firstAdmin?.generatedPassword) {
      console.log(`\nSign in as ${running.firstAdmin.email} with password: ${running.firstAdmin.generatedPassword}\n(shown once — change it or set KANAAL_ADMIN_PASSWORD)\n`);
    } else if (running.firstAdmin) {
      console.log(`Sign in as ${running.firstAdmin.email} with the password from KANAAL_ADMIN_PASSWORD.`);
    }
    const stop = async () => {
      await running.close();
      process.exit(0);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    return -1; // keep running
  }
  if (command === 'migrate') {
    const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
    const applied = await migrate(database);
    console.log(applied.length ? `Applied ${applied.join(', ')}` : 'Database is up to date.');
    await database.close();
    return 0;
  }
  const sub = CLI_COMMANDS.find((c) => c.matches(argv));
  if (sub) return sub.run(argv, config);
  console.log(USAGE);
  return command ? 2 : 0;
}

/** The web app is built by `npm install` (prepare); build it here if that was skipped. */
function ensureWebBuilt(): void {
  if (existsSync(`${ROOT}web/dist/index.html`)) return;
  console.log('Building the web app (first run)…');
  execFileSync(process.execPath, [`${ROOT}node_modules/vite/bin/vite.js`, 'build', '--config', `${ROOT}web/vite.config.ts`, '--logLevel', 'warn'], { stdio: 'inherit', cwd: ROOT });
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (error: unknown) => {
    if (error instanceof ConfigError) console.error(error.message);
    else console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  },
);
