import type { Network } from '../features/registry/schema.js';
import { blueskyConnector } from './bluesky/connector.js';
import type { Connector } from './connector.js';
import { mastodonConnector } from './mastodon/connector.js';
import { facebookConnector } from './meta/facebook.js';
import { instagramConnector } from './meta/instagram.js';
import { threadsConnector } from './meta/threads.js';
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
};

export function connectorFor(network: Network): Connector | null {
  return CONNECTORS[network] ?? null;
}
