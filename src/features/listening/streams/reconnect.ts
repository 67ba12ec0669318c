/**
 * What both stream readers share about staying connected: the wait before the next attempt,
 * noticing a connection that went silent, and saying what went wrong in plain words.
 */
import WebSocket from 'ws';

export type BackoffOptions = {
  /** First wait, in ms. Default 1 000. */
  initialMs?: number;
  /** Longest wait, in ms. Default 60 000. */
  maxMs?: number;
  /** Growth per failed attempt. Default 2. */
  factor?: number;
  /** Source of randomness in [0, 1); replaceable so a test can pin the jitter. */
  random?: () => number;
};

/**
 * Capped exponential backoff with "equal jitter": each wait is half the exponential step plus a
 * random part of the other half, so waits keep growing (a dead server is not hammered) while many
 * readers that lost the same server do not all come back at the same instant.
 */
export class Backoff {
  private failures = 0;
  private readonly initialMs: number;
  private readonly maxMs: number;
  private readonly factor: number;
  private readonly random: () => number;

  constructor(options: BackoffOptions = {}) {
    this.initialMs = options.initialMs ?? 1_000;
    this.maxMs = options.maxMs ?? 60_000;
    this.factor = options.factor ?? 2;
    this.random = options.random ?? Math.random;
  }

  /** The wait before the next attempt; each call counts one more failure. */
  next(): number {
    const step = Math.min(this.maxMs, this.initialMs * this.factor ** this.failures);
    this.failures += 1;
    return Math.round(step / 2 + (this.random() * step) / 2);
  }

  /** After a connection that worked (it delivered data), start again from the first wait. */
  reset(): void {
    this.failures = 0;
  }
}

/**
 * Watches a socket for silence. Any frame or ping from the server, or a pong to our ping, counts as
 * life (`touch()`). After `timeoutMs / 2` of silence we ping; after another half without an answer the
 * socket is terminated and `onDead` is called, so a half-open TCP connection does not hang forever.
 */
export class IdleWatch {
  private alive = true;
  private pinged = false;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly socket: WebSocket,
    timeoutMs: number,
    onDead: () => void,
  ) {
    this.timer = setInterval(
      () => {
        // While we paused reading (the caller is storing a backlog) pongs cannot arrive either.
        if (this.alive || this.socket.isPaused) {
          this.alive = false;
          this.pinged = false;
          return;
        }
        if (!this.pinged) {
          this.pinged = true;
          try {
            this.socket.ping();
          } catch {
            // Not open any more: the close handler takes over.
          }
          return;
        }
        this.stop();
        onDead();
      },
      Math.max(10, Math.floor(timeoutMs / 2)),
    );
    this.timer.unref();
    socket.on('ping', this.touch);
    socket.on('pong', this.touch);
  }

  readonly touch = (): void => {
    this.alive = true;
  };

  stop(): void {
    clearInterval(this.timer);
  }
}

/** A socket failure in words a person can act on (shown on the source's state), never a stack. */
export function describeSocketError(error: unknown): string {
  const err = error as NodeJS.ErrnoException & { message?: string };
  const message = typeof err?.message === 'string' ? err.message : String(error);
  const status = /Unexpected server response: (\d{3})/.exec(message)?.[1];
  if (status === '401' || status === '403')
    return `the server refused the connection (HTTP ${status}): an access token is needed or was refused`;
  if (status === '429') return 'the server refused the connection (HTTP 429): too many connections, waiting longer';
  if (status) return `the server refused the connection (HTTP ${status})`;
  switch (err?.code) {
    case 'ECONNREFUSED':
      return 'could not connect: the server refused the connection';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'could not find the server (DNS lookup failed)';
    case 'ECONNRESET':
      return 'the connection was cut by the other side';
    case 'ETIMEDOUT':
      return 'the server did not answer in time';
    case 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH':
      return 'the server sent a message larger than allowed';
  }
  if (/handshake has timed out/i.test(message)) return 'the server did not answer in time';
  if (/certificate|self[- ]signed|TLS/i.test(message)) return 'the secure connection failed (certificate problem)';
  return `the connection failed (${message.slice(0, 120)})`;
}

/** Text of a WebSocket frame (ws hands out a Buffer, or fragments when asked to). */
export function frameText(data: WebSocket.RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data).toString('utf8');
}

/** Close handshake, or terminate when the other side does not answer it within a second. */
export function closeSocket(ws: WebSocket): Promise<void> {
  if (ws.readyState === WebSocket.CLOSED) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => ws.terminate(), 1_000);
    ws.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
    ws.removeAllListeners('message');
    ws.on('error', () => {});
    if (ws.readyState === WebSocket.CONNECTING) ws.terminate();
    else ws.close(1000);
  });
}
