// `npm run bench` runs every benchmark; `npm run bench -- NAME` runs one. Each prints its progress
// and, as its last line, one JSON object {"bench":NAME,...} (DESIGN.md §5).
import { BENCHMARKS } from './list.js';

const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const unknown = wanted.filter((name) => !BENCHMARKS.some((b) => b.name === name));
if (unknown.length) {
  console.error(`Unknown benchmark(s): ${unknown.join(', ')}. Available: ${BENCHMARKS.map((b) => b.name).join(', ')}`);
  process.exit(2);
}
for (const bench of BENCHMARKS.filter((b) => wanted.length === 0 || wanted.includes(b.name))) {
  console.log(`\n# ${bench.name}: ${bench.description}`);
  const figures = await bench.run();
  console.log(JSON.stringify({ bench: bench.name, ...figures }));
}
