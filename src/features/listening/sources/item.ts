import { type ParamsOf, type SourceErrorCode, type SourceErrorParams, sourceErrorText } from './error-text.js';

/**
 * What every listening source produces, whatever it reads (feed, web page, Mastodon stream,
 * Bluesky Jetstream, own-channel mentions). The matcher and the mentions store see only this.
 */
export type SourceKind = 'feed' | 'page' | 'mastodon' | 'bluesky' | 'own_mentions';

export type SourceItem = {
  kind: SourceKind;
  /** Stable id within the source (feed entry guid/link, status URI, at:// URI, page URL + content hash). */
  externalId: string;
  /** Canonical URL of the item, used for dedup across sources and for `site:` queries. */
  url: string | null;
  /** Author handle as the network writes it (`@name@instance`, `name.bsky.social`), or the feed's author. */
  author: string | null;
  authorDisplayName: string | null;
  title: string | null;
  /** Plain text (HTML stripped, entities decoded), what the matcher reads. */
  text: string;
  /** BCP 47 primary language when the source says it (`nl`, `fr`), else null. */
  language: string | null;
  publishedAt: Date | null;
};

type SourceErrorDetails = { status?: number; retryAfterSeconds?: number };

/** A code without placeholders needs no parameters. */
type SourceErrorArgs<Code extends SourceErrorCode> = [keyof ParamsOf<Code>] extends [never]
  ? [params?: ParamsOf<Code>, details?: SourceErrorDetails]
  : [params: ParamsOf<Code>, details?: SourceErrorDetails];

/**
 * A source failed in a way a person should read (shown on the source's state): a code with its
 * parameters (error-text.ts), so it can be shown in the reader's language, and `reason`, the same
 * in plain English words ("the feed is not well-formed XML", "the address answered 404 (not
 * found)"), never a stack trace.
 */
export class SourceError<Code extends SourceErrorCode = SourceErrorCode> extends Error {
  readonly reason: string;
  readonly params: SourceErrorParams;
  readonly details: SourceErrorDetails;

  constructor(
    readonly code: Code,
    ...[params = {} as ParamsOf<Code>, details = {}]: SourceErrorArgs<Code>
  ) {
    const reason = sourceErrorText(code, params);
    super(reason);
    this.reason = reason;
    this.params = params;
    this.details = details;
  }
}
