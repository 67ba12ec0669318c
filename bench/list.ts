import { matcherBenchmark } from './matcher.js';
import { startupBenchmark } from './startup.js';

export type Benchmark = { name: string; description: string; run(): Promise<Record<string, number>> };

export const BENCHMARKS: Benchmark[] = [startupBenchmark, matcherBenchmark];
