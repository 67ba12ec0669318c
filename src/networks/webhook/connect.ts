import type { FormConnect } from '../connect.js';
import { ConnectorError } from '../connector.js';

/**
 * Connecting a webhook channel (a website or any other receiver, docs/webhooks.md): its address
 * and the shared secret the receiver checks signatures with. The person sets the same secret at
 * the receiver, so Kanaal takes it rather than making one up; the web app offers to generate one.
 * The address is checked against private networks before this runs (features/connections).
 */
export const webhookConnect: FormConnect = {
  kind: 'form',
  fields: [
    { name: 'url', secret: false, required: true, type: 'url' },
    { name: 'secret', secret: true, required: true, type: 'text' },
  ],
  async connect(values) {
    const secret = values.secret ?? '';
    if (secret.length < 32) throw new ConnectorError('rejected', 'the secret must be at least 32 characters long');
    return { apiBaseUrl: values.url ?? '', credentials: { secret }, tokenExpiresAt: null };
  },
};
