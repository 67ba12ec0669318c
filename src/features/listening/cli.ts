// `kanaal match` and `kanaal lookalike`: the listening engines on the command line (DESIGN.md §5), so
// anyone can try them on their own data. Both print one JSON object per line on stdout.
import { once } from 'node:events';
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import type { CliCommand } from '../../app/cli-commands.js';
import { findLookalikes, reasonInWords } from './lookalike/index.js';
import { compileMatcher, type Mention, type QueryInput } from './matcher/index.js';

/** Thrown for bad input; reported as one line on stderr with exit code 2. */
class InputError extends Error {}

/**
 * Buffered stdout that waits when the pipe is full, so large inputs stream in constant memory; when the
 * reader goes away (`kanaal match … | head`), `closed` turns true and output stops quietly.
 */
class Output {
  closed = false;
  private buffer = '';
  private readonly onError = (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    this.closed = true;
  };

  constructor() {
    process.stdout.on('error', this.onError);
  }

  async line(value: unknown): Promise<void> {
    this.buffer += `${JSON.stringify(value)}\n`;
    if (this.buffer.length >= 1 << 16) await this.flush();
  }

  async flush(): Promise<void> {
    const chunk = this.buffer;
    this.buffer = '';
    if (!chunk || this.closed) return;
    if (!process.stdout.write(chunk)) {
      try {
        await once(process.stdout, 'drain');
      } catch (error) {
        this.onError(error as NodeJS.ErrnoException);
      }
    }
  }

  async close(): Promise<void> {
    await this.flush();
    process.stdout.off('error', this.onError);
  }
}

function options<N extends string>(argv: string[], names: readonly N[], usage: string): Record<N, string> {
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({ args: argv.slice(1), options: Object.fromEntries(names.map((n) => [n, { type: 'string' as const }])) }).values;
  } catch (error) {
    throw new InputError(`${(error as Error).message}\nUsage: kanaal ${usage}`);
  }
  for (const name of names) if (typeof values[name] !== 'string') throw new InputError(`Missing --${name}.\nUsage: kanaal ${usage}`);
  return values as Record<N, string>;
}

async function readText(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new InputError(`Cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

async function reportingInputErrors(work: () => Promise<number>): Promise<number> {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    console.error(error.message);
    return 2;
  }
}

function parseQueries(path: string, json: string): QueryInput[] {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    throw new InputError(`${path} is not valid JSON: ${(error as Error).message}`);
  }
  if (!Array.isArray(value)) throw new InputError(`${path} must hold an array of {"id", "query"} objects.`);
  return value.map((item: unknown, i) => {
    const q = item as { id?: unknown; query?: unknown };
    if (typeof q !== 'object' || q === null || (typeof q.id !== 'string' && typeof q.id !== 'number') || typeof q.query !== 'string') {
      throw new InputError(`${path}: item ${i + 1} must be {"id": string, "query": string}.`);
    }
    return { id: String(q.id), query: q.query };
  });
}

/** One JSON line of the texts file as a mention; throws InputError naming the line when malformed. */
function parseMention(path: string, lineNumber: number, line: string): { id: unknown; mention: Mention } {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    throw new InputError(`${path} line ${lineNumber}: not valid JSON (${(error as Error).message}).`);
  }
  const t = value as Record<string, unknown>;
  if (typeof t !== 'object' || t === null || typeof t.text !== 'string')
    throw new InputError(`${path} line ${lineNumber}: needs a "text" string.`);
  const mention: Mention = { text: t.text };
  for (const field of ['lang', 'author', 'url', 'source'] as const) {
    const v = t[field];
    if (v === undefined || v === null) continue;
    if (typeof v !== 'string') throw new InputError(`${path} line ${lineNumber}: "${field}" must be a string.`);
    mention[field] = v;
  }
  return { id: t.id ?? null, mention };
}

const MATCH_USAGE = 'match --queries Q.json --texts T.jsonl';

const match: CliCommand = {
  usage: MATCH_USAGE,
  summary: 'match texts (JSON lines) against watch queries; prints {"id","matches"} per text',
  matches: (argv) => argv[0] === 'match',
  run: (argv) =>
    reportingInputErrors(async () => {
      const { queries: queriesPath, texts: textsPath } = options(argv, ['queries', 'texts'], MATCH_USAGE);
      const queries = parseQueries(queriesPath, await readText(queriesPath));
      const { matcher, errors } = compileMatcher(queries);
      if (errors.length) {
        // A watchlist that silently drops a query gives wrong answers: refuse, showing where each error is.
        for (const { id, errors: list } of errors) {
          const query = queries.find((q) => q.id === id)?.query ?? '';
          for (const e of list)
            console.error(`query ${id}: ${e.message} (at ${e.offset}: "${query.slice(e.offset, e.offset + Math.max(e.length, 1))}")`);
        }
        return 2;
      }
      const stream = createReadStream(textsPath, { encoding: 'utf8' });
      const opened = new Promise<void>((resolve, reject) => {
        stream.once('open', () => resolve());
        stream.once('error', (error: NodeJS.ErrnoException) =>
          reject(new InputError(`Cannot read ${textsPath}: ${error.code ?? error.message}`)),
        );
      });
      await opened;
      const out = new Output();
      let lineNumber = 0;
      try {
        for await (const line of createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY })) {
          lineNumber++;
          if (line.trim() === '') continue;
          const { id, mention } = parseMention(textsPath, lineNumber, line);
          await out.line({ id, matches: matcher.matchIds(mention) });
          if (out.closed) break;
        }
      } finally {
        stream.destroy();
        await out.close();
      }
      return 0;
    }),
};

const LOOKALIKE_USAGE = 'lookalike --official OFFICIAL.txt --candidates CANDIDATES.txt';

/** Non-empty lines, trimmed. */
const namesIn = (text: string) =>
  text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);

const lookalike: CliCommand = {
  usage: LOOKALIKE_USAGE,
  summary: 'find candidate accounts confusable with official ones; prints {"candidate","official","score","reasons"}',
  matches: (argv) => argv[0] === 'lookalike',
  run: (argv) =>
    reportingInputErrors(async () => {
      const { official, candidates } = options(argv, ['official', 'candidates'], LOOKALIKE_USAGE);
      const officials = namesIn(await readText(official));
      const names = namesIn(await readText(candidates));
      const out = new Output();
      for (const { candidate, official, score, details } of findLookalikes(officials, names)) {
        await out.line({ candidate, official, score, reasons: details.map(reasonInWords) });
      }
      await out.close();
      return 0;
    }),
};

/** The listening commands for `kanaal` (registered in app/cli-commands.ts). */
export const listeningCliCommands: CliCommand[] = [match, lookalike];
