import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { startJetstreamPeer } from './jetstream.js';
import { startMastodonStreamingPeer } from './mastodon-streaming.js';

/** Sends a WebSocket upgrade request and resets the connection at once, as a client giving up can. */
async function upgradeThenReset(url: string, path: string): Promise<void> {
  const { port } = new URL(url);
  await new Promise<void>((resolve) => {
    const socket = net.connect(Number(port), '127.0.0.1', () => {
      socket.write(
        `GET ${path} HTTP/1.1\r\nHost: peer\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
          'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
      );
      socket.resetAndDestroy();
      setTimeout(resolve, 5);
    });
    socket.on('error', () => {});
  });
}

// An uncaught ECONNRESET here fails the whole run (it did once in CI, in a stream test).
describe('the streaming peers', () => {
  it('survive clients that reset the connection right after asking for an upgrade', async () => {
    const mastodon = await startMastodonStreamingPeer({ tokens: ['t'] });
    const jetstream = await startJetstreamPeer({ events: [] });
    try {
      for (let i = 0; i < 20; i++) {
        await upgradeThenReset(mastodon.url, '/api/v1/streaming'); // refused: no token
        await upgradeThenReset(jetstream.url, '/elsewhere'); // refused: 404
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(mastodon.upgrades.length).toBeGreaterThan(0);
    } finally {
      await mastodon.close();
      await jetstream.close();
    }
  });
});
