import type { AppError, ErrorCode } from '../shared/result';

/** An expected failure with a user-facing message; handlers throw it and the IPC wrapper turns it into a Result. */
export class AppFailure extends Error {
  readonly code: ErrorCode;
  readonly extra: Partial<AppError>;
  constructor(
    code: ErrorCode,
    message: string,
    extra: Partial<AppError> = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'AppFailure';
    this.code = code;
    this.extra = extra;
  }

  /** The shape that crosses IPC. */
  toAppError(): AppError {
    return { ...this.extra, code: this.code, message: this.message };
  }
}

/** True when `e` is an AppFailure with one of the given codes. */
export function isFailure(e: unknown, ...codes: ErrorCode[]): e is AppFailure {
  return e instanceof AppFailure && (codes.length === 0 || codes.includes(e.code));
}
