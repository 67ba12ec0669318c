import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../app/config.js';
import { listeningCliCommands } from './cli.js';

const config = loadConfig({});
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kanaal-listening-cli-'));
});
afterAll(async () => rm(dir, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

async function file(name: string, content: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, content);
  return path;
}

/** Runs a command as `kanaal …` would, capturing stdout and stderr. */
async function run(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  });
  vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
    stderr += `${args.join(' ')}\n`;
  });
  const command = listeningCliCommands.find((c) => c.matches(argv));
  if (!command) throw new Error(`no command for ${argv.join(' ')}`);
  const code = await command.run(argv, config);
  vi.restoreAllMocks();
  return { code, stdout, stderr };
}

const lines = (stdout: string) =>
  stdout
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));

describe('kanaal match', () => {
  it('prints one {"id","matches"} line per text, in input order', async () => {
    const queries = await file(
      'q.json',
      JSON.stringify([
        { id: 'brand-gent', query: 'brand* NEAR/3 (gent OR gand)' },
        { id: 'selor', query: 'author:@selor OR "selectieproef"' },
        { id: 'fr', query: 'lang:fr NOT publicité' },
      ]),
    );
    const texts = await file(
      't.jsonl',
      [
        { id: 1, text: 'Brandweer rukt uit in Gent', lang: 'nl' },
        { id: 'b', text: 'Nieuwe selectieproef', author: 'someone' },
        '',
        { id: 3, text: 'Incendie à Gand, les pompiers sur place', lang: 'fr' },
        { id: 4, text: 'rien', author: '@Selor', lang: 'fr', url: 'https://selor.be', source: 'mastodon' },
        { text: 'zonder id' },
      ]
        .map((t) => (typeof t === 'string' ? t : JSON.stringify(t)))
        .join('\r\n'),
    );
    const { code, stdout, stderr } = await run(['match', '--queries', queries, '--texts', texts]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(lines(stdout)).toEqual([
      { id: 1, matches: ['brand-gent'] },
      { id: 'b', matches: ['selor'] },
      { id: 3, matches: ['fr'] },
      { id: 4, matches: ['selor', 'fr'] },
      { id: null, matches: [] },
    ]);
  });

  it('streams many lines', async () => {
    const queries = await file('q2.json', JSON.stringify([{ id: 'even', query: 'even' }]));
    const many = Array.from({ length: 20_000 }, (_, i) => JSON.stringify({ id: i, text: i % 2 ? 'odd' : 'even' })).join('\n');
    const texts = await file('many.jsonl', `${many}\n`);
    const { code, stdout } = await run(['match', '--queries', queries, '--texts', texts]);
    expect(code).toBe(0);
    const out = lines(stdout);
    expect(out).toHaveLength(20_000);
    expect(out[19_998]).toEqual({ id: 19_998, matches: ['even'] });
    expect(out[19_999]).toEqual({ id: 19_999, matches: [] });
  });

  it('refuses queries with errors, naming the query and the position', async () => {
    const queries = await file(
      'bad.json',
      JSON.stringify([
        { id: 'ok', query: 'brand' },
        { id: 'broken', query: 'brand AND (gent' },
      ]),
    );
    const texts = await file('one.jsonl', '{"id":1,"text":"brand"}\n');
    const { code, stdout, stderr } = await run(['match', '--queries', queries, '--texts', texts]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe('query broken: This ( is never closed: add a ). (at 10: "(")\n');
  });

  it('reports malformed input with the file and line', async () => {
    const queries = await file('q3.json', JSON.stringify([{ id: 'x', query: 'brand' }]));
    const texts = await file('badline.jsonl', '{"id":1,"text":"brand"}\n{"id":2,"text":\n');
    const result = await run(['match', '--queries', queries, '--texts', texts]);
    expect(result.code).toBe(2);
    expect(lines(result.stdout)).toEqual([{ id: 1, matches: ['x'] }]);
    expect(result.stderr).toMatch(/badline\.jsonl line 2: not valid JSON/);

    const noText = await file('notext.jsonl', '{"id":1,"body":"brand"}\n');
    expect((await run(['match', '--queries', queries, '--texts', noText])).stderr).toMatch(/line 1: needs a "text" string/);
    const notArray = await file('obj.json', '{"id":"x","query":"brand"}');
    expect((await run(['match', '--queries', notArray, '--texts', texts])).stderr).toMatch(/must hold an array/);
    expect((await run(['match', '--queries', join(dir, 'missing.json'), '--texts', texts])).stderr).toMatch(
      /Cannot read .*missing\.json: ENOENT/,
    );
    expect((await run(['match', '--queries', queries, '--texts', join(dir, 'missing.jsonl')])).stderr).toMatch(
      /Cannot read .*missing\.jsonl: ENOENT/,
    );
    const usage = await run(['match', '--queries', queries]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/Missing --texts\.\nUsage: kanaal match --queries Q\.json --texts T\.jsonl/);
  });
});

describe('kanaal lookalike', () => {
  it('prints confusable pairs, best first, and not the official accounts themselves', async () => {
    const official = await file('official.txt', '@selor\nFOD Financiën\n\n@crisiscentrum\n');
    const candidates = await file(
      'candidates.txt',
      ['@se1or', '@selor_official', '@sеlor', 'F0D Financien', '@Selor', '@jan_peeters', '  @selr  '].join('\n'),
    );
    const { code, stdout, stderr } = await run(['lookalike', '--official', official, '--candidates', candidates]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(lines(stdout)).toEqual([
      {
        candidate: '@sеlor',
        official: '@selor',
        score: 0.99,
        reasons: ['look-alike character: Cyrillic "е" (U+0435) for "e"', 'mixed scripts: Latin+Cyrillic'],
      },
      { candidate: '@se1or', official: '@selor', score: 0.97, reasons: ['look-alike character: "1" for "l"'] },
      {
        candidate: 'F0D Financien',
        official: 'FOD Financiën',
        score: 0.97,
        reasons: ['look-alike character: "0" for "o"', 'accents dropped'],
      },
      { candidate: '@selor_official', official: '@selor', score: 0.9, reasons: ['added word: official', 'separators differ'] },
      { candidate: '@selr', official: '@selor', score: 0.78, reasons: ['edit distance: 1'] },
    ]);
  });

  it('needs both files', async () => {
    const official = await file('official2.txt', '@selor\n');
    const result = await run(['lookalike', '--official', official]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/Missing --candidates/);
  });
});
