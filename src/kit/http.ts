import { z } from 'zod';

/** Shapes shared by many routes. */
export const ZIdParam = z.object({ id: z.string().uuid() });
export const ZOk = z.object({ ok: z.literal(true) });
export const ZErrorBody = z.object({
  error: z.object({ code: z.string(), message: z.string(), fields: z.array(z.object({ path: z.string(), message: z.string() })).optional() }),
});
