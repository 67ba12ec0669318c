import type { FormConnect } from '../connect.js';
import { ConnectorError } from '../connector.js';

const DEFAULT_SERVICE = 'https://bsky.social';

/**
 * Connecting a Bluesky account with an app password (Settings → Privacy and security → App
 * passwords), never the account's own password: the person can revoke it on Bluesky alone. The
 * service is the account's PDS or entryway; bsky.social serves every account hosted by Bluesky.
 */
export const blueskyConnect: FormConnect = {
  kind: 'form',
  fields: [
    { name: 'identifier', secret: false, required: true, type: 'text' },
    { name: 'appPassword', secret: true, required: true, type: 'text' },
    { name: 'service', secret: false, required: false, type: 'url' },
  ],
  async connect(values) {
    const identifier = values.identifier?.trim().replace(/^@/, '') ?? '';
    const appPassword = values.appPassword?.trim() ?? '';
    // App passwords look like xxxx-xxxx-xxxx-xxxx; refusing anything else keeps main passwords out.
    if (!/^[a-z0-9]{4}(-[a-z0-9]{4}){3}$/i.test(appPassword)) {
      throw new ConnectorError('rejected', 'use an app password (xxxx-xxxx-xxxx-xxxx) made for Kanaal, not the account password');
    }
    const service = values.service?.trim() ? new URL(values.service.trim()).origin : DEFAULT_SERVICE;
    return { apiBaseUrl: service, credentials: { identifier, appPassword }, tokenExpiresAt: null };
  },
};
