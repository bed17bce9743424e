import type { S3ClientConfig } from '@aws-sdk/client-s3';
import type { StorageConfig } from '../config';

export type S3Config = Extract<StorageConfig, { driver: 's3' }>;

/**
 * How every S3 client of ours talks to the bucket (the media storage's, and the one tus keeps
 * uploads in progress with). Requests carry no checksum beyond what an operation requires: the
 * newer default (CRC trailers over aws-chunked bodies) is not understood by every
 * S3-compatible server, and TLS already guards the bytes in transit.
 */
export function s3ClientConfig(config: S3Config): S3ClientConfig {
  const agent = { keepAlive: true, maxSockets: 256 };
  return {
    region: config.region,
    ...(config.endpoint ? { endpoint: config.endpoint } : {}),
    ...(config.credentials ? { credentials: config.credentials } : {}),
    forcePathStyle: config.forcePathStyle,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    requestHandler: {
      // A bucket that does not answer fails requests (and readiness) instead of hanging them.
      connectionTimeout: 5_000,
      // Also drops a download whose viewer stopped reading for this long (a paused video):
      // the browser asks again with a Range when playback resumes.
      socketTimeout: 60_000,
      // Every video being watched holds one connection while it streams.
      httpAgent: agent,
      httpsAgent: agent,
    },
  };
}
