import { INVALID_ID_MESSAGE, isTapkeyId } from '../../shared/tapkey-id';
import { AppFailure } from '../errors';

/** Query options of one request; OData's `$`-names stay literal. */
export type Query = Record<string, string | number>;

/** The API base as a URL ending in a slash, so that relative paths land below it. */
export function apiBase(apiBaseUrl: string): URL {
  return new URL(apiBaseUrl.endsWith('/') ? apiBaseUrl : `${apiBaseUrl}/`);
}

const invalidId = () => new AppFailure('invalid-id', INVALID_ID_MESSAGE);

/**
 * A URL under the API base. Every path segment (ids above all) is checked first, so none climbs out (`..`,
 * `%2F`, `\`): a request with the user's bearer token goes to exactly the resource it names. The result is
 * checked again against the base, so a segment that slipped past the first check still cannot leave it.
 */
export function apiUrl(base: URL, path: readonly string[], query: Query = {}): URL {
  if (!path.every(isTapkeyId)) throw invalidId();
  const u = new URL(path.map(encodeURIComponent).join('/'), base);
  if (u.origin !== base.origin || !u.pathname.startsWith(base.pathname)) throw invalidId();
  // OData's options are written `$top`, not `%24top` as URLSearchParams would encode them.
  u.search = Object.entries(query)
    .map(([k, v]) => `${k}=${encodeURIComponent(String(v)).replace(/%2C/g, ',')}`)
    .join('&');
  return u;
}

/** An OData string literal: single quotes doubled, so a value (e.g. an id Tapkey sent) stays one literal. */
export const odataString = (value: string) => `'${value.replace(/'/g, "''")}'`;

/** `field eq 'id'` for an id the user named: checked like a path segment, so every id a user gives is. */
export function idEquals(field: string, id: string): string {
  if (!isTapkeyId(id)) throw invalidId();
  return `${field} eq ${odataString(id)}`;
}
