import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { verifyKanaalSignature } from '../../../test/peers/webhook.js';

/**
 * Test peers for alerts (tests only): a real SMTP server on loopback that keeps what it receives
 * (decoded enough to read subject and text), and a webhook receiver that checks X-Kanaal-Signature
 * with the docs/webhooks.md verification (test/peers/webhook.ts: the publishing receiver there
 * only takes `type: "post"`, so alerts get this small one with the same check).
 */

export type ReceivedMail = { to: string[]; subject: string; text: string; raw: string };

function decodeQuotedPrintable(body: string): string {
  const bytes: number[] = [];
  const joined = body.replace(/=\r?\n/g, '');
  for (let i = 0; i < joined.length; i += 1) {
    const ch = joined[i] as string;
    if (ch === '=' && /^[0-9A-F]{2}$/i.test(joined.slice(i + 1, i + 3))) {
      bytes.push(Number.parseInt(joined.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(...Buffer.from(ch, 'utf8'));
  }
  return Buffer.from(bytes).toString('utf8');
}

function decodeWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?utf-8\?([QB])\?([^?]*)\?=/gi, (_m, kind: string, text: string) =>
      kind.toUpperCase() === 'B' ? Buffer.from(text, 'base64').toString('utf8') : decodeQuotedPrintable(text.replace(/_/g, ' ')),
    );
}

function headerOf(head: string, name: string): string {
  const unfolded = head.replace(/\r?\n[ \t]+/g, ' ');
  const match = new RegExp(`^${name}:\\s*(.*)$`, 'im').exec(unfolded);
  return match?.[1]?.trim() ?? '';
}

function bodyOf(part: string): string {
  const split = part.search(/\r?\n\r?\n/);
  const head = part.slice(0, split);
  const body = part.slice(split).replace(/^\r?\n\r?\n/, '');
  const encoding = headerOf(head, 'Content-Transfer-Encoding').toLowerCase();
  if (encoding === 'quoted-printable') return decodeQuotedPrintable(body);
  if (encoding === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  return body;
}

/** Subject and plain text of a raw message (single part or multipart/alternative). */
export function readMail(raw: string): { subject: string; text: string } {
  const split = raw.search(/\r?\n\r?\n/);
  const head = raw.slice(0, split);
  const subject = decodeWords(headerOf(head, 'Subject'));
  const boundary = /boundary="?([^";\s]+)"?/i.exec(headerOf(head, 'Content-Type'))?.[1];
  if (!boundary) return { subject, text: bodyOf(raw) };
  const parts = raw.split(`--${boundary}`).slice(1);
  const plain = parts.find((p) => /content-type:\s*text\/plain/i.test(p)) ?? parts[0] ?? '';
  return { subject, text: bodyOf(plain.replace(/^\r?\n/, '')) };
}

export type SmtpPeer = { url: string; inbox: ReceivedMail[]; close(): Promise<void> };

export async function startSmtpPeer(): Promise<SmtpPeer> {
  const inbox: ReceivedMail[] = [];
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, done) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        inbox.push({ to: session.envelope.rcptTo.map((r) => r.address), ...readMail(raw), raw });
        done();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  const port = (smtp.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    inbox,
    close: () => new Promise<void>((resolve) => smtp.close(() => resolve())),
  };
}

export type ReceivedAlert = { headers: IncomingHttpHeaders; body: string; verified: boolean; payload: Record<string, unknown> };

export type AlertReceiver = {
  url: string;
  secret: string;
  received: ReceivedAlert[];
  /** Status codes to answer with, one per request, before answering 200. */
  failNext: number[];
  close(): Promise<void>;
};

export async function startAlertReceiver(secret = 'alert-receiver-secret-0123456789abcdef'): Promise<AlertReceiver> {
  const received: ReceivedAlert[] = [];
  const failNext: number[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
      const verified = verifyKanaalSignature(secret, one(req.headers['x-kanaal-timestamp']), one(req.headers['x-kanaal-signature']), raw);
      let payload: Record<string, unknown> = {};
      try {
        payload = JSON.parse(raw.toString('utf8')) as Record<string, unknown>;
      } catch {
        // left empty: the test sees it
      }
      received.push({ headers: req.headers, body: raw.toString('utf8'), verified, payload });
      const status = !verified ? 401 : (failNext.shift() ?? 200);
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(status === 200 ? { ok: true } : { error: status === 401 ? 'invalid signature' : 'receiver broke' }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/hooks/alerts`,
    secret,
    received,
    failNext,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
