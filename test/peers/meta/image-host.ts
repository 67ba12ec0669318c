import { startHttpPeer } from '../kit/http.js';

/**
 * A tiny HTTP server standing in for Kanaal's signed public media URLs: `host(bytes, type)` returns
 * a URL the Meta peer can fetch, as Meta fetches `image_url` from the public internet.
 */
export type ImageHost = { url: string; host(bytes: Buffer, contentType: string): string; fetched: string[]; close(): Promise<void> };

export async function startImageHost(): Promise<ImageHost> {
  const files = new Map<string, { bytes: Buffer; contentType: string }>();
  const fetched: string[] = [];
  const http = await startHttpPeer((req, res) => {
    const file = files.get(req.url ?? '');
    fetched.push(req.url ?? '');
    if (!file) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'Content-Type': file.contentType, 'Content-Length': String(file.bytes.length) }).end(file.bytes);
  });
  const { url } = http;
  return {
    url,
    fetched,
    host(bytes, contentType) {
      const path = `/media/${files.size + 1}-${Math.random().toString(36).slice(2)}`;
      files.set(path, { bytes, contentType });
      return `${url}${path}`;
    },
    close: http.close,
  };
}
