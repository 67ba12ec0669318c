import { auditIntegrityCheck } from '../kit/audit-jobs.js';
import type { JobDefinition } from './jobs.js';

/** Every job Kanaal runs. Add a feature's jobs here; nothing else needs to know about them. */
export const JOBS: JobDefinition[] = [auditIntegrityCheck as unknown as JobDefinition];
