import type { FastifyBaseLogger } from 'fastify';
import type { Database, Db } from '../db/client.js';
import type { Caller } from '../kit/access.js';
import type { SecretKeyring } from '../kit/crypto.js';
import type { Mailer } from '../kit/mail.js';
import type { MediaStorage } from '../kit/media-storage.js';
import type { Config } from './config.js';
import type { Queue } from './workers.js';

/** What every route and job can reach: built once at start, never a global. */
export type AppContext = {
  config: Config;
  database: Database;
  db: Db;
  keyring: SecretKeyring;
  mailer: Mailer;
  /** Uploaded media files: `KANAAL_DATA_DIR/media` or an S3 bucket (config.mediaStore). */
  mediaStorage: MediaStorage;
  /** null when this process runs without the job queue (e.g. some tests). */
  queue: Queue | null;
  log: FastifyBaseLogger;
  version: string;
};

declare module 'fastify' {
  interface FastifyInstance {
    kanaal: AppContext;
  }
  interface FastifyRequest {
    caller?: Caller;
    /** Set when the caller came in with a session cookie: state changes must carry its CSRF token. */
    sessionCsrfToken?: string;
    sessionId?: string;
  }
}
