/** The error codes of PRODUCT.md, carried by every `dvc-error` event. */
export type ErrorCode =
  | 'network'
  | 'timeout'
  | 'http'
  | 'invalid_response'
  | 'state_mismatch'
  | 'issuer_mismatch'
  | 'authorization_denied'
  | 'id_token_invalid'
  | 'nonce_mismatch'
  | 'userinfo_mismatch'
  | 'session_expired'
  | 'otp_invalid'
  | 'otp_expired'
  | 'otp_locked'
  | 'config';

export interface DvcErrorOptions {
  /** HTTP status, for `http` (and any error that came with one). */
  status?: number;
  /** Seconds the server asked us to wait (Retry-After). */
  retryAfter?: number;
  /** The parsed JSON body of an error response (e.g. `{error, attemptsLeft}`), for callers that need its fields. */
  body?: unknown;
  cause?: unknown;
}

/** One error type for the whole library. `message` is for developers (English); widgets show the catalogue's text. */
export class DvcError extends Error {
  override readonly name = 'DvcError';
  readonly code: ErrorCode;
  readonly status?: number;
  readonly retryAfter?: number;
  readonly body?: unknown;

  constructor(code: ErrorCode, message: string, options: DvcErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    if (options.status !== undefined) this.status = options.status;
    if (options.retryAfter !== undefined) this.retryAfter = options.retryAfter;
    if (options.body !== undefined) this.body = options.body;
  }

  /** Whether pressing "Thử lại" can help. */
  get retryable(): boolean {
    switch (this.code) {
      case 'network':
      case 'timeout':
      case 'invalid_response':
        return true;
      case 'http':
        return this.status === undefined || this.status >= 500 || this.status === 429 || this.status === 408;
      default:
        return false;
    }
  }
}

/** Anything thrown becomes a DvcError; an abort stays an abort (callers ignore it). */
export function toDvcError(error: unknown): DvcError {
  if (error instanceof DvcError) return error;
  // What fetch() rejects with when the server cannot be reached, and import() when a module cannot be downloaded.
  if (error instanceof TypeError) return new DvcError('network', error.message, { cause: error });
  const message = error instanceof Error ? error.message : String(error);
  return new DvcError('invalid_response', message, { cause: error });
}

export function isAbort(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}
