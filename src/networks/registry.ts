import type { Network } from '../features/registry/schema.js';
import { blueskyConnect } from './bluesky/connect.js';
import { blueskyConnector } from './bluesky/connector.js';
import type { ConnectMethod } from './connect.js';
import type { Connector } from './connector.js';
import { linkedinConnect } from './linkedin/connect.js';
import { linkedinConnector } from './linkedin/connector.js';
import { mastodonConnect } from './mastodon/connect.js';
import { facebookConnect, instagramConnect, threadsConnect } from './meta/connect.js';
import { mastodonConnector } from './mastodon/connector.js';
import { facebookConnector } from './meta/facebook.js';
import { instagramConnector } from './meta/instagram.js';
import { threadsConnector } from './meta/threads.js';
import { vivaEngageConnect } from './viva-engage/connect.js';
import { vivaEngageConnector } from './viva-engage/connector.js';
import { webhookConnect } from './webhook/connect.js';
import { createWebhookConnector } from './webhook/connector.js';
import { xConnect } from './x/connect.js';
import { xConnector } from './x/connector.js';

/**
 * The one list of connectors, by network. The publisher finds a channel's connector here and
 * nowhere else; a network without an entry cannot be published to (its publications fail with a
 * plain reason rather than wait forever).
 */
export const CONNECTORS: Partial<Record<Network, Connector>> = {
  mastodon: mastodonConnector,
  bluesky: blueskyConnector,
  x: xConnector,
  facebook: facebookConnector,
  instagram: instagramConnector,
  threads: threadsConnector,
  linkedin: linkedinConnector,
  viva_engage: vivaEngageConnector,
  website: createWebhookConnector('website'),
  other: createWebhookConnector('other'),
};

export function connectorFor(network: Network): Connector | null {
  return CONNECTORS[network] ?? null;
}

/** How a person connects each network's accounts (networks/connect.ts); same keys as CONNECTORS. */
export const CONNECT_METHODS: Partial<Record<Network, ConnectMethod>> = {
  mastodon: mastodonConnect,
  bluesky: blueskyConnect,
  x: xConnect,
  linkedin: linkedinConnect,
  facebook: facebookConnect,
  instagram: instagramConnect,
  threads: threadsConnect,
  viva_engage: vivaEngageConnect,
  website: webhookConnect,
  other: webhookConnect,
};

export function connectMethodFor(network: Network): ConnectMethod | null {
  return CONNECT_METHODS[network] ?? null;
}
