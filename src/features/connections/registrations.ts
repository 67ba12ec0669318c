import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { type SecretKeyring, seal, unseal } from '../../kit/crypto.js';
import type { AppRegistrations } from '../../networks/connect.js';
import type { Network } from '../registry/schema.js';
import { oauthAppRegistrations } from './schema.js';

/**
 * Kanaal's app registrations per instance (Mastodon), in the database with the client secret
 * sealed; associated data ties a sealed secret to its network and instance.
 */
export function appRegistrations(db: DbOrTx, keyring: SecretKeyring, network: Network): AppRegistrations {
  const associated = (instanceUrl: string) => `${network}|${instanceUrl}`;
  return {
    async find(instanceUrl, redirectUri) {
      const [row] = await db
        .select()
        .from(oauthAppRegistrations)
        .where(
          and(
            eq(oauthAppRegistrations.network, network),
            eq(oauthAppRegistrations.instanceUrl, instanceUrl),
            eq(oauthAppRegistrations.redirectUri, redirectUri),
          ),
        );
      if (!row) return null;
      try {
        const clientSecret = unseal(keyring, row.clientSecretSealed, associated(instanceUrl));
        return { clientId: row.clientId, clientSecret, redirectUri, scopes: row.scopes };
      } catch {
        return null; // sealed with a key that is gone: register again
      }
    },
    async save(instanceUrl, app) {
      const values = {
        clientId: app.clientId,
        clientSecretSealed: seal(keyring, app.clientSecret ?? '', associated(instanceUrl)),
        scopes: app.scopes,
        createdAt: new Date(),
      };
      await db
        .insert(oauthAppRegistrations)
        .values({ network, instanceUrl, redirectUri: app.redirectUri, ...values })
        .onConflictDoUpdate({
          target: [oauthAppRegistrations.network, oauthAppRegistrations.instanceUrl, oauthAppRegistrations.redirectUri],
          set: values,
        });
    },
  };
}
