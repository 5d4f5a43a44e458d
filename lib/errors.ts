// One error type for the whole app, with a closed set of codes mapped once to HTTP statuses.
// It holds no I/O so that pure domain code can raise it too. Users see `message`; logs also see `cause`.

export const APP_ERROR_STATUS = {
  BAD_REQUEST: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  VALIDATION: 422,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  CHAIN_ERROR: 502,
  UNAVAILABLE: 503,
} as const;

export type AppErrorCode = keyof typeof APP_ERROR_STATUS;

export class AppError extends Error {
  override name = "AppError";
  readonly code: AppErrorCode;
  /** Machine-readable extras for the client, e.g. field errors. Never secrets. */
  readonly details?: Record<string, unknown>;

  constructor(code: AppErrorCode, message: string, options?: { cause?: unknown; details?: Record<string, unknown> }) {
    super(message, { cause: options?.cause });
    this.code = code;
    this.details = options?.details;
  }

  get status(): number {
    return APP_ERROR_STATUS[this.code];
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}
