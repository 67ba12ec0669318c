import type { ConnectorCredentials } from './connector.js';

/**
 * How a person connects a channel to its account, per network, described by the network's folder
 * and carried out by features/connections. Two shapes cover every network Kanaal speaks:
 * - `oauth`: the browser is sent to the network, which sends it back to Kanaal with a code
 *   (Mastodon with one app registration per instance; X, LinkedIn, Meta, Viva Engage with one app
 *   per installation, configured in KANAAL_OAUTH_APPS);
 * - `form`: the person types what the network needs (Bluesky app password, a webhook address).
 */

/** Kanaal's app at the network: from the installation's configuration, or registered per instance. */
export type OAuthApp = {
  clientId: string;
  clientSecret?: string;
  /** Where the network sends the browser back: `${PUBLIC_URL}/api/connections/oauth/callback`. */
  redirectUri: string;
  /** Microsoft tenant (Viva Engage) and similar network-specific settings. */
  tenant?: string;
  /** Overrides of the network's fixed addresses (test peers, sovereign clouds). */
  authorizeBaseUrl?: string;
  apiBaseUrl?: string;
};

/** Per-instance app registrations (Mastodon): kept by features/connections, sealed at rest. */
export type AppRegistrations = {
  find(instanceUrl: string, redirectUri: string): Promise<(OAuthApp & { scopes: string }) | null>;
  save(instanceUrl: string, app: OAuthApp & { scopes: string }): Promise<void>;
};

/** What a completed connection gives: where to reach the account and the credentials to seal. */
export type NewConnection = {
  apiBaseUrl: string;
  credentials: ConnectorCredentials;
  tokenExpiresAt?: Date | null;
};

export type FormField = {
  name: string;
  /** Shown as a password field and never sent back to the browser. */
  secret: boolean;
  required: boolean;
  /** `url` fields are checked as http(s) addresses before the network code sees them. */
  type: 'text' | 'url';
};

type ConnectBase = {
  /**
   * The account signed in is the channel itself, so its handle must be the registry's (default).
   * False where a person posts into the channel (a Viva Engage community): verify checks access.
   */
  accountIsChannel?: boolean;
};

export type OAuthConnect = ConnectBase & {
  kind: 'oauth';
  /** Asked before the browser leaves (Mastodon: the server; Viva Engage: the community id). */
  fields: readonly FormField[];
  /** True when Kanaal registers itself per server (Mastodon) instead of using a configured app. */
  registersPerInstance: boolean;
  /** Sends the browser to the network; `pending` is sealed and handed back to `complete`. */
  begin(input: {
    app: OAuthApp | null;
    registrations: AppRegistrations;
    redirectUri: string;
    values: Record<string, string>;
    state: string;
    lang?: string;
    /** Hosts or CIDRs a user-given instance may resolve to although private (tests). */
    allow?: string[];
  }): Promise<{ authorizeUrl: string; pending: Record<string, unknown> }>;
  /** `handle` is the registry's handle of the channel being connected (to pick the right page). */
  complete(input: { app: OAuthApp | null; pending: Record<string, unknown>; code: string; handle: string }): Promise<NewConnection>;
};


export type FormConnect = ConnectBase & {
  kind: 'form';
  fields: readonly FormField[];
  connect(values: Record<string, string>, options: { handle: string; allow?: string[] }): Promise<NewConnection>;
};

export type ConnectMethod = OAuthConnect | FormConnect;

/** Reads a string field of a pending record or credentials (they come back from JSON). */
export function stringField(record: Record<string, unknown>, name: string): string {
  const value = record[name];
  if (typeof value !== 'string' || value === '') throw new Error(`missing ${name}`);
  return value;
}
