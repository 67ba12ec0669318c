import { z } from 'zod';
import { defineJob } from '../app/jobs.js';
import { verifyAuditChain } from './audit.js';

/** Nightly: recompute the audit log's hash chain, so an edited or deleted entry is noticed within a day. */
export const auditIntegrityCheck = defineJob({
  name: 'audit-integrity-check',
  payload: z.object({}).passthrough(),
  retry: { limit: 2, delaySeconds: 300 },
  cron: '17 2 * * *',
  async handler(ctx) {
    const result = await verifyAuditChain(ctx.db);
    if (result.ok) ctx.log.info({ rowsChecked: result.rowsChecked }, 'audit log intact');
    else ctx.log.error({ ...result }, 'audit log integrity check FAILED');
  },
});
