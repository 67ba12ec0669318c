/**
 * The peer's reading of a post's `commentary`, which the Posts API takes in LinkedIn's "little
 * text" format (learn.microsoft.com/linkedin/marketing/community-management/shares/little-text-format):
 * - the reserved characters `\ | { } @ [ ] ( ) < > # * _ ~` must be escaped with a backslash to
 *   be plain text;
 * - elements: hashtags `#tag` or the template `{hashtag|#|tag}` (sign `#` or `＃`, possibly
 *   escaped), mentions `@[Name](urn:li:organization:1)`.
 * An unescaped reserved character that starts no element is where LinkedIn stops reading: the
 * post goes out cut short there (integrators report posts truncated at the first "(").
 * Returned commentary is re-serialised: text escaped, hashtags in the template form.
 */

export const RESERVED = new Set(['\\', '|', '{', '}', '@', '[', ']', '(', ')', '<', '>', '#', '*', '_', '~']);

const HASHTAG = /^#([\p{L}\p{M}\p{N}]+)/u;
const HASHTAG_TEMPLATE = /^\{hashtag\|\\?([#＃])\|([^{}|\\]+)\}/u;
const MENTION = /^@\[([^\]\\]+)\]\((urn:li:(?:person|organization):[A-Za-z0-9_-]+)\)/;

export type ParsedCommentary = {
  /** The commentary as LinkedIn keeps it and returns it. */
  stored: string;
  /** What a reader sees. */
  plain: string;
  /** Whether an unescaped reserved character cut the text short. */
  truncated: boolean;
};

function escaped(text: string): string {
  let out = '';
  for (const char of text) out += RESERVED.has(char) ? `\\${char}` : char;
  return out;
}

export function parseCommentary(input: string): ParsedCommentary {
  let stored = '';
  let plain = '';
  let text = '';
  const flush = () => {
    stored += escaped(text);
    plain += text;
    text = '';
  };
  let i = 0;
  while (i < input.length) {
    const char = input[i] as string;
    if (char === '\\' && i + 1 < input.length) {
      const next = String.fromCodePoint(input.codePointAt(i + 1) as number);
      text += next;
      i += 1 + next.length;
      continue;
    }
    if (!RESERVED.has(char)) {
      text += char;
      i += 1;
      continue;
    }
    const rest = input.slice(i);
    const hashtag = char === '#' ? HASHTAG.exec(rest) : null;
    const template = char === '{' ? HASHTAG_TEMPLATE.exec(rest) : null;
    const mention = char === '@' ? MENTION.exec(rest) : null;
    if (hashtag || template) {
      flush();
      const sign = template ? (template[1] as string) : '#';
      const tag = template ? (template[2] as string) : (hashtag?.[1] as string);
      stored += `{hashtag|\\${sign}|${tag}}`;
      plain += `${sign}${tag}`;
      i += (template ?? hashtag)?.[0].length ?? 1;
    } else if (mention) {
      flush();
      stored += mention[0];
      plain += mention[1];
      i += mention[0].length;
    } else {
      flush();
      return { stored, plain, truncated: true };
    }
  }
  flush();
  return { stored, plain, truncated: false };
}
