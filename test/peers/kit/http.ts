import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * The HTTP scaffolding the test peers share: a server on 127.0.0.1 (port chosen by the system)
 * that knows which requests are still being handled, request bodies read up to a limit, and
 * replies sent with their Content-Length. What a reply says — status, content type, error body —
 * stays with each peer: each stands in for a network of its own and must answer as that one does.
 */

export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

export type HttpPeerOptions = {
  /** Answers a request whose handler failed before anything was sent (default: a bare 500). */
  onError?: (res: ServerResponse, error: unknown) => void;
};

export type HttpPeer = {
  /** The node server, for peers that also take WebSocket upgrades. */
  server: Server;
  /** http://127.0.0.1:PORT */
  url: string;
  port: number;
  /** Aborted when `close()` starts, so that waits inside handlers (slow faults) end with the peer. */
  closing: AbortSignal;
  /** Resolves once no request is being handled (a slow request may finish after its client gave up). */
  settled(): Promise<void>;
  /** Cuts every connection (keep-alive ones too, which would hold `close` open) and stops listening. */
  close(): Promise<void>;
};

export async function startHttpPeer(handle: RequestHandler, options: HttpPeerOptions = {}): Promise<HttpPeer> {
  const onError = options.onError ?? ((res: ServerResponse) => res.writeHead(500).end());
  const closing = new AbortController();
  let inFlight = 0;
  let waiters: Array<() => void> = [];

  const server = createServer((req, res) => {
    inFlight += 1;
    // Called from an async function, a handler that throws at once fails like one that rejects.
    (async () => handle(req, res))()
      .catch((error: unknown) => {
        if (!res.headersSent && !res.destroyed) onError(res, error);
      })
      .finally(() => {
        inFlight -= 1;
        if (inFlight === 0) {
          for (const resolve of waiters) resolve();
          waiters = [];
        }
      });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;

  return {
    server,
    url: `http://127.0.0.1:${port}`,
    port,
    closing: closing.signal,
    settled: () => (inFlight === 0 ? Promise.resolve() : new Promise<void>((resolve) => waiters.push(resolve))),
    close: async () => {
      closing.abort();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Thrown by `readBody` once a body passes its limit; each peer answers it as its network answers a 413. */
export class BodyTooLarge extends Error {}

/** The whole request body; past `maxBytes` reading stops and `BodyTooLarge` is thrown. */
export async function readBody(req: IncomingMessage, maxBytes = Number.POSITIVE_INFINITY): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) throw new BodyTooLarge('request body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** The token of an `Authorization: Bearer <token>` header (the scheme in any case), if there is one. */
export function bearerToken(req: IncomingMessage): string | undefined {
  return /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
}

/** A reply as the JSON APIs among the peers build it: no `body` means an empty one. */
export type JsonReply = { status: number; body?: unknown; headers?: Record<string, string> };

/** Sends `reply`; `contentType` (each network words it its own way) goes only with a body. */
export function sendJson(res: ServerResponse, reply: JsonReply, contentType: string): void {
  if (reply.body === undefined) sendPayload(res, reply.status, { ...reply.headers }, '');
  else sendPayload(res, reply.status, { ...reply.headers, 'Content-Type': contentType }, JSON.stringify(reply.body));
}

/**
 * Sends `payload` with its Content-Length. A reply already sent, or a socket a fault has cut,
 * is left alone: a handler that fails late must not write a second reply.
 */
export function sendPayload(res: ServerResponse, status: number, headers: Record<string, string>, payload: string): void {
  if (res.destroyed || res.headersSent) return;
  res.writeHead(status, { ...headers, 'Content-Length': String(Buffer.byteLength(payload)) });
  res.end(payload);
}
