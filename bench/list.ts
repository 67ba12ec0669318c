import { listeningIngestBenchmark } from './listening-ingest.js';
import { matcherBenchmark } from './matcher.js';
import { pauseBenchmark } from './pause.js';
import { publishBurstBenchmark } from './publish-burst.js';
import { publishChaosBenchmark } from './publish-chaos.js';
import { startupBenchmark } from './startup.js';

export type Benchmark = { name: string; description: string; run(): Promise<Record<string, number>> };

export const BENCHMARKS: Benchmark[] = [startupBenchmark, matcherBenchmark, listeningIngestBenchmark, publishBurstBenchmark, publishChaosBenchmark, pauseBenchmark];
