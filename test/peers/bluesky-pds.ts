import { createHmac, randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AtpAgent } from '@atproto/api';
import { Secp256k1Keypair } from '@atproto/crypto';
import { envToCfg, envToSecrets, PDS } from '@atproto/pds';
import { Database as PlcDatabase, PlcServer } from '@did-plc/server';

/**
 * A real atproto PDS (@atproto/pds, the code bsky.social runs) with an in-memory did:plc directory,
 * on loopback, for tests. No AppView: repo, blob, identity and sync calls work; calls the PDS
 * proxies to an AppView (getProfile, timelines) do not. See /work/shared/notes/bluesky-local-pds.md.
 * Handles end in `.test`.
 */

export type PdsAccount = { did: string; handle: string; password: string; appPassword: string };

export type BlueskyPds = {
  /** Base URL of the PDS (`http://localhost:<port>`, what DID documents name as the PDS endpoint). */
  url: string;
  port: number;
  /** Creates an account with `password` and an app password for it (what Kanaal stores). */
  createAccount(handle: string, password?: string): Promise<PdsAccount>;
  /** An agent logged in as the account (with its main password), to read back what a test made. */
  agentFor(account: { handle: string; password: string }): Promise<AtpAgent>;
  /** The same access token re-signed with an expiry in the past (the PDS answers 400 ExpiredToken). */
  expireAccessJwt(accessJwt: string): string;
  close(): Promise<void>;
};

export async function startBlueskyPds(): Promise<BlueskyPds> {
  const plc = await PlcServer.create({ db: PlcDatabase.mock(), port: 0 });
  await plc.start();
  const plcPort = (plc.server?.address() as { port: number } | null)?.port;
  if (!plcPort) throw new Error('did:plc server did not report its port');

  const dataDirectory = await mkdtemp(join(tmpdir(), 'kanaal-pds-'));
  const rotationKey = await Secp256k1Keypair.create({ exportable: true });
  const port = await freePort();
  const unreachable = { url: 'https://appview.invalid', did: 'did:example:invalid' };
  const jwtSecret = randomBytes(16).toString('hex');
  const env = {
    devMode: true,
    port,
    hostname: 'localhost',
    dataDirectory,
    blobstoreDiskLocation: join(dataDirectory, 'blobs'),
    didPlcUrl: `http://localhost:${plcPort}`,
    serviceHandleDomains: ['.test'],
    jwtSecret,
    adminPassword: randomBytes(16).toString('hex'),
    plcRotationKeyK256PrivateKeyHex: Buffer.from(await rotationKey.export()).toString('hex'),
    inviteRequired: false,
    disableSsrfProtection: true,
    bskyAppViewUrl: unreachable.url,
    bskyAppViewDid: unreachable.did,
    modServiceUrl: unreachable.url,
    modServiceDid: unreachable.did,
  };
  const pds = await PDS.create(envToCfg(env), envToSecrets(env));
  await pds.start();
  const url = `http://localhost:${port}`;

  return {
    url,
    port,
    async createAccount(handle, password = randomBytes(12).toString('hex')) {
      const agent = new AtpAgent({ service: url });
      const created = await agent.createAccount({ handle, password, email: `${handle.split('.')[0]}@example.test` });
      const app = await agent.com.atproto.server.createAppPassword({ name: 'kanaal' });
      return { did: created.data.did, handle: created.data.handle, password, appPassword: app.data.password };
    },
    async agentFor(account) {
      const agent = new AtpAgent({ service: url });
      await agent.login({ identifier: account.handle, password: account.password });
      return agent;
    },
    expireAccessJwt(accessJwt) {
      const [header, payload] = accessJwt.split('.');
      const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString()) as Record<string, unknown>;
      const now = Math.floor(Date.now() / 1000);
      const body = Buffer.from(JSON.stringify({ ...claims, iat: now - 7200, exp: now - 3600 })).toString('base64url');
      const signature = createHmac('sha256', jwtSecret).update(`${header}.${body}`).digest('base64url');
      return `${header}.${body}.${signature}`;
    },
    async close() {
      await pds.destroy();
      await plc.destroy();
      await rm(dataDirectory, { recursive: true, force: true });
    },
  };
}

async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
