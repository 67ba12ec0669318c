import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { compileMatcher } from '../src/features/listening/matcher/index.js';
import {
  domainsOf,
  hostOf,
  normaliseHandle,
  normaliseLang,
  normaliseSource,
  tokenize,
} from '../src/features/listening/matcher/normalise.js';
import { parseQuery, type PositionalNode, type QueryNode } from '../src/features/listening/matcher/query-parser.js';
import { generatePosts, generateQueries, type CorpusPost } from './corpus.js';
import type { Benchmark } from './list.js';

const QUERIES = 10_000;
const WARMUP_POSTS = 20_000;
const MEASURED_POSTS = 300_000;
const BASELINE_POSTS = 200;
const ROUNDS = 3;

/**
 * The listening matcher with 10,000 active watch queries over a generated NL/FR/EN corpus, against the
 * obvious alternative measured in the same run: every query compiled to RegExps over the folded text
 * and evaluated for every post (on a sample of posts, extrapolated to posts/s).
 */
export const matcherBenchmark: Benchmark = {
  name: 'matcher',
  description: `${QUERIES} watch queries compiled into one matcher vs one RegExp evaluator per query`,
  async run() {
    const gc = exposeGc();
    const queries = generateQueries(QUERIES);
    // Posts reach the matcher parsed from JSON (ingest queue, database, `kanaal match` input), so they are
    // passed through JSON here too; this also gives V8's usual flat string layout for parsed text.
    const posts = generatePosts(WARMUP_POSTS + MEASURED_POSTS).map((p) => JSON.parse(JSON.stringify(p)) as CorpusPost);
    const avgChars = posts.reduce((sum, p) => sum + p.text.length, 0) / posts.length;
    console.log(`corpus: ${posts.length} posts (avg ${avgChars.toFixed(0)} chars), ${queries.length} queries`);

    gc();
    const memoryBefore = heapAndBuffers();
    const buildStart = performance.now();
    const { matcher, errors } = compileMatcher(queries);
    const buildMs = performance.now() - buildStart;
    gc();
    const heapMb = (heapAndBuffers() - memoryBefore) / 1024 / 1024;
    if (errors.length) throw new Error(`generated queries did not parse: ${JSON.stringify(errors.slice(0, 3))}`);
    console.log(`build: ${buildMs.toFixed(0)} ms; memory held by the compiled matcher (heap and typed arrays): ${heapMb.toFixed(1)} MB`);

    for (let i = 0; i < WARMUP_POSTS; i++) matcher.match(posts[i] as CorpusPost);
    // Three rounds over different posts; the median is reported, as the machine is shared and one round
    // can land on a busy moment.
    let matches = 0;
    const perRound = MEASURED_POSTS / ROUNDS;
    const rounds = Array.from({ length: ROUNDS }, (_, round) => {
      const from = WARMUP_POSTS + round * perRound;
      const run = timed(() => {
        for (let i = from; i < from + perRound; i++) matches += matcher.match(posts[i] as CorpusPost).length;
      });
      return { ...run, postsPerSecond: perRound / run.cpuSeconds };
    });
    const postsPerSecond = median(rounds.map((r) => r.postsPerSecond));
    console.log(
      `matcher: ${MEASURED_POSTS} unseen posts in ${ROUNDS} rounds: ${rounds.map((r) => Math.round(r.postsPerSecond)).join(', ')} posts/s per core ` +
        `(CPU time; by wall clock ${rounds.map((r) => Math.round(perRound / r.wallSeconds)).join(', ')}); median ${Math.round(postsPerSecond)}; ` +
        `${(matches / MEASURED_POSTS).toFixed(2)} matches/post`,
    );

    const baseline = queries.map((q) => compileBaseline(q.query));
    const sample = posts.slice(WARMUP_POSTS, WARMUP_POSTS + BASELINE_POSTS);
    baselineMatch(baseline, sample.slice(0, 10)); // warm-up
    let expected: number[][] = [];
    const baselineRun = timed(() => {
      expected = baselineMatch(baseline, sample);
    });
    const baselineSeconds = baselineRun.cpuSeconds;
    const baselinePostsPerSecond = BASELINE_POSTS / baselineSeconds;
    const disagreements = sample.filter(
      (p, i) => matcher.matchIds(p).join() !== (expected[i] ?? []).map((q) => queries[q]?.id).join(),
    ).length;
    console.log(
      `baseline: ${BASELINE_POSTS} posts in ${baselineSeconds.toFixed(2)} s CPU (${baselineRun.wallSeconds.toFixed(2)} s wall) = ` +
        `${baselinePostsPerSecond.toFixed(1)} posts/s; results differ from the matcher's on ${disagreements} of ${BASELINE_POSTS} posts`,
    );
    if (disagreements) throw new Error('the matcher and the RegExp baseline disagree');

    return {
      postsPerSecond: Math.round(postsPerSecond),
      baselinePostsPerSecond: round(baselinePostsPerSecond),
      ratio: Math.round(postsPerSecond / baselinePostsPerSecond),
      queries: QUERIES,
      buildMs: Math.round(buildMs),
      heapMb: round(heapMb),
    };
  },
};

const round = (n: number) => Math.round(n * 10) / 10;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

/**
 * Runs `work` and returns the process CPU time it took (the figure reported: posts/s on one core, robust
 * to other processes sharing the machine; it also counts V8's GC helper threads, so it errs low) and the
 * wall-clock time.
 */
function timed(work: () => void): { cpuSeconds: number; wallSeconds: number } {
  const cpu = process.cpuUsage();
  const wall = performance.now();
  work();
  const used = process.cpuUsage(cpu);
  return { cpuSeconds: (used.user + used.system) / 1e6, wallSeconds: (performance.now() - wall) / 1000 };
}

/** JS heap plus ArrayBuffer backing stores (typed arrays live outside the JS heap). */
function heapAndBuffers(): number {
  const { heapUsed, arrayBuffers } = process.memoryUsage();
  return heapUsed + arrayBuffers;
}

/** `global.gc` without restarting node with --expose-gc, so heap figures are measured after collection. */
function exposeGc(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

// ---- Baseline: one evaluator per query, each term, phrase or NEAR a RegExp over the post's normalised
// text (its folded words joined by single spaces, built once per post and shared by all queries), combined
// with short-circuit && || !. The same folding and word rules as the matcher, so results must agree.

type BaselinePost = { words: string; post: CorpusPost };
type BaselineEval = (p: BaselinePost) => boolean;

function baselineMatch(evaluators: BaselineEval[], posts: CorpusPost[]): number[][] {
  return posts.map((post) => {
    const p = { words: ` ${tokenize(post.text).join(' ')} `, post };
    const out: number[] = [];
    for (let q = 0; q < evaluators.length; q++) if ((evaluators[q] as BaselineEval)(p)) out.push(q);
    return out;
  });
}

function compileBaseline(query: string): BaselineEval {
  const parsed = parseQuery(query);
  if (!parsed.ast) throw new Error(`bad query ${query}`);
  return compileNode(parsed.ast);
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A term or phrase as words separated by single spaces; a wildcard word runs on to the next space. */
function positionalSource(node: PositionalNode): string {
  const words = node.kind === 'term' ? [node.word] : node.words;
  return words.map((w) => escapeRegExp(w.text) + (w.prefix ? '[^ ]*' : '')).join(' ');
}

function compileNode(node: QueryNode): BaselineEval {
  switch (node.kind) {
    case 'term':
    case 'phrase': {
      const re = new RegExp(` ${positionalSource(node)} `);
      return (p) => re.test(p.words);
    }
    case 'near': {
      const a = `(?:${node.left.map(positionalSource).join('|')})`;
      const b = `(?:${node.right.map(positionalSource).join('|')})`;
      const gap = `(?: [^ ]+){0,${node.distance}}`;
      const re = new RegExp(node.ordered ? ` ${a}${gap} ${b} ` : ` (?:${a}${gap} ${b}|${b}${gap} ${a}) `);
      return (p) => re.test(p.words);
    }
    case 'and': {
      const children = node.children.map(compileNode);
      return (p) => {
        for (const c of children) if (!c(p)) return false;
        return true;
      };
    }
    case 'or': {
      const children = node.children.map(compileNode);
      return (p) => {
        for (const c of children) if (c(p)) return true;
        return false;
      };
    }
    case 'not': {
      const child = compileNode(node.child);
      return (p) => !child(p);
    }
    case 'field': {
      const { field, value, glob } = node;
      const re = glob ? new RegExp(`^${value.split('*').map(escapeRegExp).join('.*')}$`, 's') : null;
      const test = (v: string) => (re ? re.test(v) : v === value);
      if (field === 'author') return (p) => p.post.author !== undefined && test(normaliseHandle(p.post.author));
      if (field === 'source') return (p) => p.post.source !== undefined && test(normaliseSource(p.post.source));
      if (field === 'lang') return (p) => p.post.lang !== undefined && `${normaliseLang(p.post.lang)}-`.startsWith(`${value}-`);
      return (p) => {
        const host = p.post.url ? hostOf(p.post.url) : undefined;
        return host !== undefined && domainsOf(host).includes(value);
      };
    }
  }
}
