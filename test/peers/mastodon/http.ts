/** Request parsing and replies, as Rails would see them: form, multipart or JSON bodies, `key[]` arrays. */

export type ParamValue = string | string[] | File;
export type Params = Record<string, ParamValue>;

export type Reply = {
  status: number;
  /** JSON body; `undefined` for an empty body. */
  body?: unknown;
  /** Raw text body instead of JSON (HTML pages). */
  text?: string;
  contentType?: string;
  headers?: Record<string, string>;
};

/** The largest request body taken; a larger one is answered 413. */
export const MAX_BODY_BYTES = 48 * 1024 * 1024;

/** Body parameters, whatever the encoding; throws SyntaxError on malformed JSON. */
export async function parseBody(contentType: string | undefined, body: Buffer): Promise<Params> {
  if (body.length === 0) return {};
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase();
  if (type === 'application/json') {
    const parsed: unknown = JSON.parse(body.toString('utf8'));
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return {};
    const params: Params = {};
    for (const [key, value] of Object.entries(parsed)) {
      if (Array.isArray(value)) params[key] = value.map(String);
      else if (value !== null && value !== undefined && typeof value !== 'object') params[key] = String(value);
    }
    return params;
  }
  if (type === 'multipart/form-data') {
    // The WHATWG Request parser handles boundaries, file parts and their names.
    const form = await new Request('http://peer.invalid/', {
      method: 'POST',
      headers: { 'content-type': contentType ?? '' },
      body,
    }).formData();
    const params: Params = {};
    for (const [key, value] of form.entries()) add(params, key, value);
    return params;
  }
  // application/x-www-form-urlencoded (also the default for a body without a type)
  return fromSearchParams(new URLSearchParams(body.toString('utf8')));
}

export function fromSearchParams(search: URLSearchParams): Params {
  const params: Params = {};
  for (const [key, value] of search.entries()) add(params, key, value);
  return params;
}

/** `media_ids[]=1&media_ids[]=2` and `media_ids[0]=1` both become `media_ids: ['1', '2']`. */
function add(params: Params, rawKey: string, value: string | File): void {
  const arrayKey = /^(.+?)\[\d*\]$/.exec(rawKey)?.[1];
  if (arrayKey && typeof value === 'string') {
    const existing = params[arrayKey];
    params[arrayKey] = Array.isArray(existing) ? [...existing, value] : [value];
    return;
  }
  params[rawKey] = value;
}

export function str(params: Params, key: string): string | undefined {
  const value = params[key];
  return typeof value === 'string' ? value : undefined;
}

export function list(params: Params, key: string): string[] {
  const value = params[key];
  if (Array.isArray(value)) return value;
  if (typeof value === 'string') return value === '' ? [] : [value];
  return [];
}

export function bool(params: Params, key: string): boolean {
  const value = str(params, key);
  return value === 'true' || value === '1' || value === 'on';
}

export function error(status: number, message: string, extra: Record<string, unknown> = {}): Reply {
  return { status, body: { error: message, ...extra } };
}

export const RECORD_NOT_FOUND = (): Reply => error(404, 'Record not found');
