import { z } from 'zod';

/** Shapes shared by many routes. */
export const ZIdParam = z.object({ id: z.string().uuid() });
export const ZOk = z.object({ ok: z.literal(true) });
/** A refused field: `message` in English; `code` and `params` (kit/field-errors.ts) to say it in another language. */
export const ZFieldError = z.object({
  path: z.string(),
  message: z.string(),
  code: z.string().optional(),
  params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
});
export const ZErrorBody = z.object({
  error: z.object({ code: z.string(), message: z.string(), fields: z.array(ZFieldError).optional() }),
});
