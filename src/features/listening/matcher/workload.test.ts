// The benchmark's workload (many queries compiled together, realistic posts) against the reference
// evaluator: the index, the pre-checks and the Bloom masks only matter with many queries at once.
import { describe, expect, it } from 'vitest';
import { generatePosts, generateQueries } from '../../../../bench/corpus.js';
import { compileMatcher } from './index.js';
import { parseQuery, type QueryNode } from './query-parser.js';
import { referenceFired, referenceMatches } from './reference-evaluator.js';

describe('the matcher on the benchmark workload', () => {
  it('agrees with the reference evaluator for 1,500 queries over 300 posts', () => {
    const queries = generateQueries(1500, 7);
    const posts = generatePosts(300, 11);
    const { matcher, errors } = compileMatcher(queries);
    expect(errors).toEqual([]);
    const asts = queries.map((q) => parseQuery(q.query).ast as QueryNode);
    let matches = 0;
    for (const post of posts) {
      const expected = queries.filter((_, i) => referenceMatches(asts[i] as QueryNode, post)).map((q) => q.id);
      const got = matcher.match(post);
      expect(got.map((m) => m.queryId)).toEqual(expected);
      for (const m of got) {
        const ast = asts[queries.findIndex((q) => q.id === m.queryId)] as QueryNode;
        expect(m.fired.map((f) => ({ start: f.start, end: f.end, positions: f.positions }))).toEqual(
          referenceFired(ast, post).sort((a, b) => a.start - b.start),
        );
      }
      matches += got.length;
    }
    // The workload is meant to match: make sure this test compares real matches, not empty lists.
    expect(matches).toBeGreaterThan(100);
  });
});
