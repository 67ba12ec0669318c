import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Benchmark } from './list.js';

const BIN = fileURLToPath(new URL('../bin/kanaal.mjs', import.meta.url));
const IDLE_SECONDS = 10;

/**
 * Cold start (empty data dir: create PGlite, migrate, first admin, demo data, job queue) and warm
 * start (same data dir again) to a healthy /api/health, then idle RSS after the process settles.
 */
export const startupBenchmark: Benchmark = {
  name: 'startup',
  description: `kanaal start on embedded PGlite: cold and warm start until /api/health is 200, idle RSS after ${IDLE_SECONDS} s`,
  async run() {
    const dataDir = await mkdtemp(join(tmpdir(), 'kanaal-bench-startup-'));
    try {
      const cold = await startAndMeasure(dataDir, true);
      console.log(`cold start: ${cold.readyMs} ms to healthy, idle RSS ${cold.rssMb} MB`);
      const warm = await startAndMeasure(dataDir, false);
      console.log(`warm start: ${warm.readyMs} ms to healthy, idle RSS ${warm.rssMb} MB`);
      return {
        coldStartMs: cold.readyMs,
        warmStartMs: warm.readyMs,
        idleRssMb: cold.rssMb,
        warmIdleRssMb: warm.rssMb,
        coldToWarmRatio: round(cold.readyMs / warm.readyMs),
      };
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  },
};

async function startAndMeasure(dataDir: string, measureIdle: boolean): Promise<{ readyMs: number; rssMb: number }> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, [BIN, 'start'], {
    env: { ...process.env, KANAAL_DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', KANAAL_LOG_LEVEL: 'warn', KANAAL_ADMIN_EMAIL: 'bench@kanaal.local', KANAAL_ADMIN_PASSWORD: 'bench-password-123' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  try {
    await waitHealthy(port, child, () => output);
    const readyMs = Math.round(performance.now() - started);
    if (measureIdle) await new Promise((r) => setTimeout(r, IDLE_SECONDS * 1000));
    return { readyMs, rssMb: rssMbOf(child.pid ?? 0) };
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
}

async function waitHealthy(port: number, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`kanaal exited early:\n${output()}`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/api/health`);
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`kanaal did not become healthy in 120 s:\n${output()}`);
}

function rssMbOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return round(kb / 1024);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

const round = (n: number) => Math.round(n * 10) / 10;
