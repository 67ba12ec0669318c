import type { Language, Network } from '../features/registry/schema.js';

/**
 * The one interface every network implements. Publishing code knows nothing else about a network:
 * its quirks (auth, media upload flow, idempotency, how to find a post again) stay in its folder.
 */

/** Credentials as the connector stores them (sealed at rest by the caller; shape is the connector's own). */
export type ConnectorCredentials = Record<string, unknown>;

/** A connected official account: where to reach it and with what. */
export type ConnectedAccount = {
  channelId: string;
  network: Network;
  /** Base URL of the network's API for this account (a Mastodon instance, a PDS, a test peer). */
  apiBaseUrl: string;
  handle: string;
  credentials: ConnectorCredentials;
};

export type MediaItem = {
  fileName: string;
  mimeType: string;
  bytes: Buffer;
  /** Required by Kanaal; sent to every network whose API accepts it. */
  altText: string;
  /** Where the bytes live in Kanaal's media store: what a signed public URL names (Instagram, Threads). */
  storageKey?: string;
};

export type PublishRequest = {
  /** Stable for one publication (variant × channel): the same key on every attempt and reconcile. */
  idempotencyKey: string;
  text: string;
  language?: Language;
  media: MediaItem[];
};

export type PublishedPost = { remoteId: string; url: string };

/**
 * How a call failed decides what the publisher may do next, so connectors must classify honestly:
 * - `rate_limited`: refused before being processed (429); retry after `retryAfterSeconds`.
 * - `unavailable`: the request never reached the network (DNS, connection refused); safe to retry.
 * - `auth_expired`: token expired or revoked (401); refresh or ask a person to reconnect.
 * - `rejected`: the network refused the content (4xx validation); retrying cannot help.
 * - `ambiguous`: the request left and the outcome is unknown (timeout, 5xx, connection cut after
 *   sending) — the post may exist. Never resend blindly: reconcile with `findPublished` first.
 */
export type ConnectorErrorKind = 'rate_limited' | 'unavailable' | 'auth_expired' | 'rejected' | 'ambiguous';

export class ConnectorError extends Error {
  constructor(
    readonly kind: ConnectorErrorKind,
    message: string,
    readonly details: { status?: number; retryAfterSeconds?: number; requestId?: string } = {},
  ) {
    super(message);
  }
}

export type ConnectorOptions = {
  signal?: AbortSignal;
  timeoutMs?: number;
  /** Hosts or CIDRs a user-given address (webhook) may resolve to although private: the installation's KANAAL_ALLOW_URLS. */
  allow?: string[];
  /**
   * Called when a connector renewed or created credentials on its own during a call (Bluesky's
   * session tokens), so the caller can store them: otherwise every call would log in again and
   * soon meet the network's login limits.
   */
  onCredentials?: (credentials: ConnectorCredentials) => void;
};

export interface Connector {
  readonly network: Network;
  /** Checks the credentials and returns who they belong to (used when connecting a channel). */
  verify(account: ConnectedAccount, options?: ConnectorOptions): Promise<{ handle: string; displayName?: string; remoteAccountId: string }>;
  /** Publishes once, using the network's idempotency mechanism where it has one. Throws ConnectorError. */
  publish(account: ConnectedAccount, request: PublishRequest, options?: ConnectorOptions): Promise<PublishedPost>;
  /**
   * Looks for a post made by an earlier (ambiguous) attempt of the same request: by idempotency key,
   * a deterministic record key, or the account's recent posts. Null means "certainly not published".
   */
  findPublished(account: ConnectedAccount, request: PublishRequest, since: Date, options?: ConnectorOptions): Promise<PublishedPost | null>;
  /** Renews credentials ahead of expiry where the network uses expiring tokens. */
  refresh?(account: ConnectedAccount, options?: ConnectorOptions): Promise<ConnectorCredentials>;
}
