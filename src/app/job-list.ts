import { CONNECTION_JOBS } from '../features/connections/jobs.js';
import { LISTENING_JOBS, startListeningLoop } from '../features/listening/jobs.js';
import { ALERT_JOBS, startAlertTrigger } from '../features/listening/alert-jobs.js';
import { CLAIMS_JOBS, startClaimsWatcher } from '../features/listening/claims-jobs.js';
import { IMPERSONATION_JOBS } from '../features/listening/impersonation-jobs.js';
import { PUBLISHING_JOBS, startPublishingWorker } from '../features/publishing/jobs.js';
import { auditIntegrityCheck } from '../kit/audit-jobs.js';
import type { AppContext } from './context.js';
import type { JobDefinition } from './jobs.js';

/** Every job Kanaal runs. Add a feature's jobs here; nothing else needs to know about them. */
export const JOBS: JobDefinition[] = [auditIntegrityCheck, ...PUBLISHING_JOBS, ...CONNECTION_JOBS, ...LISTENING_JOBS, ...ALERT_JOBS, ...IMPERSONATION_JOBS, ...CLAIMS_JOBS];

/**
 * In-process loops a worker runs besides pg-boss jobs, for work that cannot wait for pg-boss's
 * one-minute cron granularity (publishing at the planned second). Each returns its stop handle.
 */
export const BACKGROUND_LOOPS: Array<(ctx: AppContext) => { stop(): Promise<void> }> = [
  startPublishingWorker,
  startListeningLoop,
  startAlertTrigger,
  startClaimsWatcher,
];
