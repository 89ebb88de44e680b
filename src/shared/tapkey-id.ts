/**
 * Ids travel into URL paths (`/Owners/{id}/BoundLocks/{id}`), so one that is a dot segment or carries a
 * separator could point a request at another resource. Tapkey ids are GUIDs or short numbers: allow only URL
 * "unreserved" characters (RFC 3986 §2.3: no `/`, `\` or `%`, hence no `%2F` / `%5C` either), at most 200 of
 * them, and never only dots (`.` and `..` are path segments, not names).
 */
const ID_PATTERN = /^[A-Za-z0-9._~-]{1,200}$/;
const ONLY_DOTS = /^\.+$/;

/** True when `value` is safe to use as a Tapkey id inside a URL path. */
export function isTapkeyId(value: unknown): value is string {
  return typeof value === 'string' && ID_PATTERN.test(value) && !ONLY_DOTS.test(value);
}

/** The message for an id that isTapkeyId refuses; the same words in the IPC schema and the API client. */
export const INVALID_ID_MESSAGE =
  'That is not a Tapkey id (letters, digits and . _ ~ - only; not "." or "..").';
