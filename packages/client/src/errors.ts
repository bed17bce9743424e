import type { ErrorCode } from '@liao/protocol';

/** An error the server answered with (or NETWORK when it could not be reached). Switch on `code`. */
export class LiaoError extends Error {
  readonly code: ErrorCode | 'NETWORK';
  readonly status: number;
  readonly data: Record<string, unknown> | undefined;

  constructor(code: ErrorCode | 'NETWORK', status: number, message: string, data?: Record<string, unknown>) {
    super(message);
    this.name = 'LiaoError';
    this.code = code;
    this.status = status;
    this.data = data;
  }
}
