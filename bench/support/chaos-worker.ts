// The worker process publish-chaos kills with SIGKILL: the worker role's publishing code
// (start-up sweep, claim loop, reconcile) on DATABASE_URL, with bench time limits so a run fits
// in minutes. Run with `node --import tsx bench/support/chaos-worker.ts`.
//
// Why not `kanaal start --role=worker` as is: its stale-claim sweep waits 5 minutes (the send
// deadline + 1 min) and reconcile runs once a minute from pg-boss cron. Here only one worker
// process runs at a time and the previous one is dead, so a row left `publishing` at start is
// stale at once (staleAfterMs 0), and reconcile is polled every 500 ms.
import { loadConfig } from '../../src/app/config.js';
import { bootApp } from '../../src/app/start.js';
import { reconcileDue, startPublishingWorker } from '../../src/features/publishing/jobs.js';
import { sweepStuckPublishing } from '../../src/features/publishing/sweep.js';

const REQUEST_TIMEOUT_MS = Number(process.env.CHAOS_REQUEST_TIMEOUT_MS ?? 1500);

const running = await bootApp(loadConfig(), { role: 'worker', queue: false, logger: false });
const ctx = running.ctx;
const swept = await sweepStuckPublishing(ctx.db, { staleAfterMs: 0, firstReconcileDelaySeconds: 1 });
startPublishingWorker(ctx, { publish: { requestTimeoutMs: REQUEST_TIMEOUT_MS, firstReconcileDelaySeconds: 1 } });
const reconcileLoop = async () => {
  for (;;) {
    try {
      await reconcileDue(ctx, 5000);
    } catch (error) {
      console.error('reconcile failed', error);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
};
void reconcileLoop();
console.log(`chaos-worker ready (swept ${swept.unconfirmed.length} stale claims)`);
