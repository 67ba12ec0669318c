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

/**
 * A source failed in a way a person should read (shown on the source's state). `reason` is plain
 * words ("the feed is not valid XML", "the site answered 404"), never a stack trace.
 */
export class SourceError extends Error {
  constructor(
    readonly reason: string,
    readonly details: { status?: number; retryAfterSeconds?: number } = {},
  ) {
    super(reason);
  }
}
