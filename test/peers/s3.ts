import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody, startHttpPeer } from './kit/http.js';

/**
 * A local server speaking the part of the Amazon S3 REST API Kanaal's media store uses, path style
 * (`/<bucket>/<key>`), so that tests drive the real `@aws-sdk/client-s3` over the real protocol:
 * PutObject (PUT), GetObject (GET), HeadObject (HEAD) and DeleteObject (DELETE).
 *
 * Every request must be signed with AWS Signature Version 4 (`Authorization: AWS4-HMAC-SHA256
 * Credential=…, SignedHeaders=…, Signature=…`) by the configured access key; the peer recomputes
 * the signature from the canonical request exactly as S3 does (docs.aws.amazon.com, "Signature
 * Calculations for the Authorization Header") and checks the payload hash against the body.
 * Errors are S3's XML bodies with S3's codes and statuses: AccessDenied (403, unsigned),
 * InvalidAccessKeyId (403), SignatureDoesNotMatch (403), RequestTimeTooSkewed (403),
 * XAmzContentSHA256Mismatch (400), NoSuchBucket (404), NoSuchKey (404; HEAD answers a bare 404 as
 * S3 does), MethodNotAllowed (405), NotImplemented (501).
 */

export type S3PeerOptions = { accessKeyId?: string; secretAccessKey?: string; region?: string; buckets?: string[] };
export type StoredObject = { bytes: Buffer; contentType: string; etag: string; lastModified: Date };
export type S3Peer = {
  url: string;
  accessKeyId: string;
  secretAccessKey: string;
  region: string;
  /** bucket → key → object. */
  buckets: Map<string, Map<string, StoredObject>>;
  /** `METHOD /path → status`, in order: what the SDK sent and what it got. */
  requests: string[];
  close(): Promise<void>;
};

const MAX_SKEW_MS = 15 * 60_000;
const EMPTY_SHA256 = createHash('sha256').update('').digest('hex');

type S3Error = { status: number; code: string; message: string; extra?: Record<string, string> };

const xmlEscape = (text: string) => text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);

function sendError(res: ServerResponse, method: string, error: S3Error): void {
  const requestId = randomBytes(8).toString('hex').toUpperCase();
  const fields = { Code: error.code, Message: error.message, ...error.extra, RequestId: requestId };
  const body =
    method === 'HEAD'
      ? ''
      : `<?xml version="1.0" encoding="UTF-8"?>\n<Error>${Object.entries(fields)
          .map(([name, value]) => `<${name}>${xmlEscape(value)}</${name}>`)
          .join('')}</Error>`;
  res.writeHead(error.status, { 'Content-Type': 'application/xml', 'Content-Length': String(Buffer.byteLength(body)), 'x-amz-request-id': requestId });
  res.end(body);
}

/** RFC 3986 encoding as SigV4 wants it: everything but unreserved characters, in upper-case hex. */
const sigv4Encode = (text: string) => encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

function canonicalQuery(rawQuery: string): string {
  if (!rawQuery) return '';
  return rawQuery
    .split('&')
    .filter(Boolean)
    .map((pair) => {
      const at = pair.indexOf('=');
      const [name, value] = at < 0 ? [pair, ''] : [pair.slice(0, at), pair.slice(at + 1)];
      const decode = (s: string) => decodeURIComponent(s.replace(/\+/g, '%20'));
      return [sigv4Encode(decode(name)), sigv4Encode(decode(value))] as const;
    })
    .sort(([a, av], [b, bv]) => (a === b ? (av < bv ? -1 : 1) : a < b ? -1 : 1))
    .map(([name, value]) => `${name}=${value}`)
    .join('&');
}

const hmac = (key: Buffer | string, data: string) => createHmac('sha256', key).update(data, 'utf8').digest();

/** Checks the SigV4 Authorization of a request; null when it holds, else the S3 error to answer. */
function checkSignature(req: IncomingMessage, body: Buffer, peer: S3Peer, now: number): S3Error | null {
  const authorization = req.headers.authorization;
  if (!authorization) return { status: 403, code: 'AccessDenied', message: 'Access Denied' };
  const match = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/s3\/aws4_request, ?SignedHeaders=([a-z0-9;-]+), ?Signature=([0-9a-f]{64})$/.exec(
    authorization,
  );
  if (!match) return { status: 400, code: 'AuthorizationHeaderMalformed', message: 'The authorization header is malformed.' };
  const [, accessKeyId = '', day = '', region = '', signedHeaderList = '', signature = ''] = match;
  if (accessKeyId !== peer.accessKeyId)
    return { status: 403, code: 'InvalidAccessKeyId', message: 'The AWS Access Key Id you provided does not exist in our records.', extra: { AWSAccessKeyId: accessKeyId } };
  if (region !== peer.region)
    return { status: 400, code: 'AuthorizationHeaderMalformed', message: `The authorization header is malformed; the region '${region}' is wrong; expecting '${peer.region}'` };
  const amzDate = String(req.headers['x-amz-date'] ?? '');
  const dateMatch = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(amzDate);
  if (!dateMatch || !amzDate.startsWith(day)) return { status: 403, code: 'AccessDenied', message: 'AWS authentication requires a valid Date or x-amz-date header' };
  const [, y, mo, d, h, mi, s] = dateMatch;
  const signedAt = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  if (Math.abs(now - signedAt) > MAX_SKEW_MS)
    return { status: 403, code: 'RequestTimeTooSkewed', message: 'The difference between the request time and the current time is too large.' };

  const payloadHash = String(req.headers['x-amz-content-sha256'] ?? '');
  if (payloadHash.startsWith('STREAMING-')) return { status: 501, code: 'NotImplemented', message: 'This peer does not take aws-chunked uploads.' };
  if (payloadHash !== 'UNSIGNED-PAYLOAD') {
    if (!/^[0-9a-f]{64}$/.test(payloadHash)) return { status: 400, code: 'InvalidArgument', message: 'x-amz-content-sha256 must be UNSIGNED-PAYLOAD or a SHA-256 in hex' };
    const actual = body.length === 0 ? EMPTY_SHA256 : createHash('sha256').update(body).digest('hex');
    if (actual !== payloadHash)
      return { status: 400, code: 'XAmzContentSHA256Mismatch', message: "The provided 'x-amz-content-sha256' header does not match what was computed." };
  }

  const signedHeaders = signedHeaderList.split(';');
  if (!signedHeaders.includes('host') || !signedHeaders.includes('x-amz-date'))
    return { status: 403, code: 'AccessDenied', message: 'The host and x-amz-date headers must be signed.' };
  const canonicalHeaders = signedHeaders
    .map((name) => {
      const raw = req.headersDistinct[name];
      if (!raw) return `${name}:\n`;
      return `${name}:${raw.map((v) => v.trim().replace(/\s+/g, ' ')).join(',')}\n`;
    })
    .join('');
  const url = req.url ?? '/';
  const at = url.indexOf('?');
  const [rawPath, rawQuery] = at < 0 ? [url, ''] : [url.slice(0, at), url.slice(at + 1)];
  // S3 signs the path as sent: no normalisation, no second encoding.
  const canonicalRequest = [req.method, rawPath, canonicalQuery(rawQuery), canonicalHeaders, signedHeaderList, payloadHash].join('\n');
  const scope = `${day}/${region}/s3/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, createHash('sha256').update(canonicalRequest).digest('hex')].join('\n');
  const signingKey = hmac(hmac(hmac(hmac(`AWS4${peer.secretAccessKey}`, day), region), 's3'), 'aws4_request');
  const expected = createHmac('sha256', signingKey).update(stringToSign).digest();
  if (!timingSafeEqual(expected, Buffer.from(signature, 'hex')))
    return {
      status: 403,
      code: 'SignatureDoesNotMatch',
      message: 'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
      extra: { AWSAccessKeyId: accessKeyId, StringToSign: stringToSign },
    };
  return null;
}

export async function startS3Peer(options: S3PeerOptions = {}): Promise<S3Peer> {
  const peer: S3Peer = {
    url: '',
    accessKeyId: options.accessKeyId ?? 'KANAALTESTACCESSKEY1',
    secretAccessKey: options.secretAccessKey ?? randomBytes(30).toString('base64'),
    region: options.region ?? 'eu-west-1',
    buckets: new Map((options.buckets ?? ['kanaal-media']).map((name) => [name, new Map()])),
    requests: [],
    close: async () => undefined,
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const method = req.method ?? 'GET';
    const body = await readBody(req);
    const fail = (error: S3Error) => {
      peer.requests.push(`${method} ${req.url} → ${error.status} ${error.code}`);
      sendError(res, method, error);
    };
    const denied = checkSignature(req, body, peer, Date.now());
    if (denied) return fail(denied);

    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const [, bucketName = '', ...keyParts] = path.split('/');
    const key = keyParts.map((part) => decodeURIComponent(part)).join('/');
    const bucket = peer.buckets.get(decodeURIComponent(bucketName));
    if (!bucket) return fail({ status: 404, code: 'NoSuchBucket', message: 'The specified bucket does not exist', extra: { BucketName: bucketName } });
    if (!key) return fail({ status: 501, code: 'NotImplemented', message: 'Bucket operations are not implemented by this peer.' });

    const ok = (status: number, headers: Record<string, string>, payload?: Buffer) => {
      peer.requests.push(`${method} ${req.url} → ${status}`);
      res.writeHead(status, { 'x-amz-request-id': randomBytes(8).toString('hex').toUpperCase(), ...headers });
      res.end(payload);
    };
    switch (method) {
      case 'PUT': {
        if (req.headers['x-amz-copy-source']) return fail({ status: 501, code: 'NotImplemented', message: 'CopyObject is not implemented by this peer.' });
        const etag = `"${createHash('md5').update(body).digest('hex')}"`;
        bucket.set(key, { bytes: body, contentType: String(req.headers['content-type'] ?? 'binary/octet-stream'), etag, lastModified: new Date() });
        return ok(200, { ETag: etag, 'Content-Length': '0' });
      }
      case 'GET':
      case 'HEAD': {
        const object = bucket.get(key);
        if (!object) return fail({ status: 404, code: 'NoSuchKey', message: 'The specified key does not exist.', extra: { Key: key } });
        const headers = {
          'Content-Type': object.contentType,
          'Content-Length': String(object.bytes.length),
          ETag: object.etag,
          'Last-Modified': object.lastModified.toUTCString(),
          'Accept-Ranges': 'bytes',
        };
        return ok(200, headers, method === 'GET' ? object.bytes : undefined);
      }
      case 'DELETE':
        bucket.delete(key);
        return ok(204, {});
      default:
        return fail({ status: 405, code: 'MethodNotAllowed', message: 'The specified method is not allowed against this resource.' });
    }
  };

  const http = await startHttpPeer(handle, {
    onError: (res, error) => sendError(res, res.req.method ?? 'GET', { status: 500, code: 'InternalError', message: (error as Error).message }),
  });
  peer.url = http.url;
  peer.close = http.close;
  return peer;
}
