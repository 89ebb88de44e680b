/** Error codes that cross the IPC boundary. Each maps to one short, actionable message in the UI. */
export type ErrorCode =
  | 'invalid-payload'
  | 'forbidden-sender'
  | 'unknown-channel'
  | 'not-signed-in'
  | 'session-expired'
  | 'sign-in-cancelled'
  | 'sign-in-failed'
  | 'sign-in-timeout'
  | 'access-denied'
  | 'state-mismatch'
  | 'keychain-unavailable'
  | 'network'
  | 'timeout'
  | 'rate-limited'
  | 'server'
  | 'permission'
  | 'forbidden'
  | 'scope-refused'
  | 'plan-limit'
  | 'conflict'
  | 'outcome-unknown'
  | 'not-found'
  | 'malformed-response'
  | 'cancelled'
  | 'invalid-settings'
  | 'issuer-mismatch'
  | 'pkce-unsupported'
  | 'discovery-failed'
  | 'invalid-id'
  | 'export-failed'
  | 'changes-pending'
  | 'too-late'
  | 'internal';

/** A failure as the renderer sees it: a code to branch on and a message to show. Never holds a secret. */
export interface AppError {
  code: ErrorCode;
  message: string;
  /** The OAuth scope the app lacks, for `permission` errors. */
  scope?: string;
  /** The scopes the authorization server refused at sign-in (`invalid_scope`), for `scope-refused` errors. */
  scopes?: string[];
  /** Seconds the server asked us to wait, for `rate-limited` errors. */
  retryAfterSeconds?: number;
}

/** The envelope every IPC call returns: thrown errors lose their shape across IPC, so none are thrown. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: AppError };

/** Builds a success envelope. */
export const ok = <T>(value: T): Result<T> => ({ ok: true, value });

/** Builds a failure envelope. */
export const fail = <T = never>(
  code: ErrorCode,
  message: string,
  extra: Partial<AppError> = {},
): Result<T> => ({
  ok: false,
  error: { ...extra, code, message },
});
