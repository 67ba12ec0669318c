/** Request parsing and replies as X's API front end treats them: JSON bodies for /2/, form or multipart elsewhere. */

export type Reply = {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
};

/** The largest request body taken; a larger one is answered 413. */
export const MAX_BODY_BYTES = 16 * 1024 * 1024;

export type Body = { json: Record<string, unknown> | null; form: Map<string, string | Buffer> };

/** Parses JSON (kept as is, nested objects included), url-encoded forms and multipart; throws on malformed JSON. */
export function parseBody(contentType: string | undefined, body: Buffer): Body {
  const form = new Map<string, string | Buffer>();
  if (body.length === 0) return { json: null, form };
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase();
  if (type === 'application/json') {
    const parsed: unknown = JSON.parse(body.toString('utf8'));
    return { json: parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {}, form };
  }
  if (type === 'multipart/form-data') {
    const boundary = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType ?? '');
    return { json: null, form: parseMultipart(body, boundary?.[1] ?? boundary?.[2] ?? '') };
  }
  for (const [key, value] of new URLSearchParams(body.toString('utf8'))) form.set(key, value);
  return { json: null, form };
}

/**
 * multipart/form-data by hand: twitter-api-v2 sends the APPEND chunk as a part with
 * `Content-Type: application/octet-stream` but no `filename`, which the WHATWG FormData parser
 * would decode as (lossy) text. Parts with a filename or a binary content type stay bytes.
 */
function parseMultipart(body: Buffer, boundary: string): Map<string, string | Buffer> {
  const form = new Map<string, string | Buffer>();
  if (!boundary) return form;
  const delimiter = Buffer.from(`--${boundary}`);
  let at = body.indexOf(delimiter);
  while (at >= 0) {
    const start = at + delimiter.length;
    if (body.subarray(start, start + 2).toString() === '--') break;
    const next = body.indexOf(delimiter, start + 2);
    if (next < 0) break;
    const part = body.subarray(start + 2, next - 2);
    const split = part.indexOf('\r\n\r\n');
    if (split >= 0) {
      const headers = part.subarray(0, split).toString('utf8');
      const content = part.subarray(split + 4);
      const name = /name="([^"]*)"/i.exec(headers)?.[1];
      const binary = /filename=/i.test(headers) || /content-type:\s*(application\/octet-stream|image\/|video\/)/i.test(headers);
      if (name !== undefined) form.set(name, binary ? Buffer.from(content) : content.toString('utf8'));
    }
    at = next;
  }
  return form;
}

/** A field from a JSON body or a form, as a string. */
export function field(body: Body, key: string): string | undefined {
  const value = body.json ? body.json[key] : body.form.get(key);
  if (typeof value === 'string') return value;
  if (Buffer.isBuffer(value)) return value.toString('utf8');
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

/** X API v2 problem details: `{title, detail, type, status}`. */
export function problem(status: number, title: string, detail: string, type = 'about:blank'): Reply {
  return { status, body: { title, detail, type, status } };
}

/** X API v2 "Invalid Request": 400 with `errors[]` naming the parameters. */
export function invalidRequest(message: string, parameters: Record<string, string[]> = {}): Reply {
  return {
    status: 400,
    body: {
      errors: [{ parameters, message }],
      title: 'Invalid Request',
      detail: 'One or more parameters to your request was invalid.',
      type: 'https://api.twitter.com/2/problems/invalid-request',
    },
  };
}

export const UNAUTHORIZED = (): Reply => problem(401, 'Unauthorized', 'Unauthorized');
export const TOO_MANY = (): Reply => problem(429, 'Too Many Requests', 'Too Many Requests');
