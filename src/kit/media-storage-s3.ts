import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { checkStorageKey, type MediaStorage, MediaMissingError, MediaStorageError } from './media-storage.js';

/** An S3-compatible bucket (AWS S3, MinIO, Garage, Ceph RGW, Scaleway, OVH …). */
export type S3MediaSettings = {
  bucket: string;
  region: string;
  /** For S3-compatible stores: `https://minio.example:9000`. Without it, AWS S3 of `region`. */
  endpoint?: string;
  /** `bucket` in the path instead of the host name: what most self-hosted stores need. */
  forcePathStyle: boolean;
  /** Keys live under `<prefix>/` so that one bucket can serve several installations. */
  prefix?: string;
  /** Without both, the SDK's default chain (AWS_* variables, instance or container role) applies. */
  accessKeyId?: string;
  secretAccessKey?: string;
  requestTimeoutMs?: number;
};

/** Media files as objects in an S3 bucket, through the AWS SDK (SigV4, retries on 5xx and throttling). */
export function createS3MediaStorage(settings: S3MediaSettings): MediaStorage {
  const client = new S3Client({
    region: settings.region,
    endpoint: settings.endpoint,
    forcePathStyle: settings.forcePathStyle,
    credentials:
      settings.accessKeyId && settings.secretAccessKey
        ? { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey }
        : undefined,
    // Since early 2025 the SDK adds CRC32 checksums to every upload and asks for them on every
    // download by default; several S3-compatible stores refuse or mangle those. Only when required.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    requestHandler: { requestTimeout: settings.requestTimeoutMs ?? 60_000, connectionTimeout: 5_000 },
    maxAttempts: 3,
  });
  const prefix = (settings.prefix ?? '').replace(/^\/+|\/+$/g, '');
  const objectKey = (key: string) => {
    checkStorageKey(key);
    return prefix ? `${prefix}/${key}` : key;
  };
  const where = (key: string) => `s3://${settings.bucket}/${objectKey(key)}`;

  /** Turns what the SDK threw into an error that says what to do about it. */
  const storageError = (action: string, key: string, error: unknown): Error => {
    if (error instanceof S3ServiceException) {
      const status = error.$metadata.httpStatusCode;
      // HEAD answers have no body, so the SDK cannot name the error: say the status instead.
      const code = error.name && !/^(\d+|Unknown|UnknownError)$/.test(error.name) ? error.name : `HTTP ${status}`;
      if (status === 401 || status === 403) {
        return new MediaStorageError(
          `S3 refused to ${action} ${where(key)} (${code}${error.message && !/^Unknown/.test(error.message) ? `: ${error.message}` : ''}): ` +
            'check KANAAL_S3_ACCESS_KEY_ID, KANAAL_S3_SECRET_ACCESS_KEY and the bucket policy',
        );
      }
      if (code === 'NoSuchBucket') return new MediaStorageError(`S3 bucket "${settings.bucket}" does not exist (KANAAL_S3_BUCKET)`);
      return new MediaStorageError(`S3 could not ${action} ${where(key)}: ${code}${error.message && !/^Unknown/.test(error.message) ? ` (${error.message})` : ''}`);
    }
    const cause = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    return new MediaStorageError(`S3 at ${settings.endpoint ?? `region ${settings.region}`} could not ${action} ${where(key)}: ${cause}`);
  };
  const isMissing = (error: unknown) =>
    error instanceof S3ServiceException && (error.name === 'NoSuchKey' || error.name === 'NotFound') && error.$metadata.httpStatusCode === 404;

  return {
    kind: 's3',

    async put(key, bytes, mimeType) {
      const Key = objectKey(key);
      try {
        await client.send(new PutObjectCommand({ Bucket: settings.bucket, Key, Body: bytes, ContentType: mimeType, ContentLength: bytes.length }));
      } catch (error) {
        throw storageError('write', key, error);
      }
    },

    async get(key) {
      const Key = objectKey(key);
      try {
        const answer = await client.send(new GetObjectCommand({ Bucket: settings.bucket, Key }));
        if (!answer.Body) throw new MediaStorageError(`S3 answered without a body for ${where(key)}`);
        return Buffer.from(await answer.Body.transformToByteArray());
      } catch (error) {
        if (error instanceof MediaStorageError) throw error;
        if (isMissing(error)) throw new MediaMissingError(`media file "${key}" is not in the media store (${where(key)})`);
        throw storageError('read', key, error);
      }
    },

    async has(key) {
      const Key = objectKey(key);
      try {
        await client.send(new HeadObjectCommand({ Bucket: settings.bucket, Key }));
        return true;
      } catch (error) {
        // HEAD answers have no body: a missing object is a bare 404 (a 403 when ListBucket is not granted).
        if (error instanceof S3ServiceException && error.$metadata.httpStatusCode === 404) return false;
        throw storageError('read', key, error);
      }
    },

    async delete(key) {
      const Key = objectKey(key);
      try {
        await client.send(new DeleteObjectCommand({ Bucket: settings.bucket, Key }));
      } catch (error) {
        if (isMissing(error)) return;
        throw storageError('delete', key, error);
      }
    },
  };
}
