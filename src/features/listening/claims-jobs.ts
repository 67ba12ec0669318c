import { z } from 'zod';
import type { AppContext } from '../../app/context.js';
import { defineJob } from '../../app/jobs.js';
import { checkMentionsForClaims } from './claims-check.js';
import { listeningEvents, type MatchedEvent } from './ingest.js';

/**
 * When claims are looked for: every minute from the durable cursor (claims-check.ts), and — in a
 * worker process — a second after ingest reports matched mentions, so a claim in a watched
 * conversation shows up at once. Both run the same check; neither slows ingest down.
 */

export const CLAIMS_JOB = 'listening-claims-check';

export const claimsCheckJob = defineJob({
  name: CLAIMS_JOB,
  payload: z.object({}).passthrough(),
  retry: { limit: 0, delaySeconds: 60 },
  cron: '* * * * *',
  async handler(ctx) {
    const result = await checkMentionsForClaims(ctx, { budgetMs: 40_000 });
    if (result.claims > 0) ctx.log.info({ job: CLAIMS_JOB, read: result.read, claims: result.claims }, 'speaking-for claims found');
  },
});

export const CLAIMS_JOBS = [claimsCheckJob];

const NUDGE_DELAY_MS = 1_000;

/**
 * The BACKGROUND_LOOPS entry: listens to this process's `listeningEvents` and runs the check
 * shortly after a batch matched (one run at a time; events during a run ask for one more).
 */
export function startClaimsWatcher(ctx: AppContext): { stop(): Promise<void> } {
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let again = false;
  let stopped = false;

  const run = () => {
    timer = null;
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = checkMentionsForClaims(ctx, { budgetMs: 10_000 })
      .then(() => undefined)
      .catch((error: unknown) => ctx.log.error({ err: error }, 'listening: claims check after ingest failed'))
      .finally(() => {
        running = null;
        if (again && !stopped) {
          again = false;
          schedule();
        }
      });
  };
  const schedule = () => {
    if (!timer && !stopped) timer = setTimeout(run, NUDGE_DELAY_MS);
  };
  const onMatched = (_event: MatchedEvent) => schedule();
  listeningEvents.on('matched', onMatched);
  return {
    async stop() {
      stopped = true;
      listeningEvents.off('matched', onMatched);
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
