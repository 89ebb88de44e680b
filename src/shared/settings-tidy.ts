import type { Settings } from './model';

/**
 * Tidies an issuer once, as the user typed it: trims, lower-cases the scheme and host (via the URL parser) and
 * drops trailing slashes. Issuers are compared exactly afterwards (RFC 8414 §3.3), so this is the only place
 * where spelling is forgiven. Input that is not a URL is only trimmed, so validation can name the problem.
 */
export function tidyIssuer(value: string): string {
  const trimmed = value.trim();
  let u: URL;
  try {
    u = new URL(trimmed);
  } catch {
    return trimmed;
  }
  if (
    u.username ||
    u.password ||
    u.search ||
    u.hash ||
    (u.protocol !== 'https:' && u.protocol !== 'http:')
  )
    return trimmed;
  return `${u.protocol}//${u.host}${u.pathname}`.replace(/\/+$/, '');
}

/** Tidies settings as saved: trimmed fields, a tidy issuer, an API base URL ending in one slash. */
export function tidySettings(s: Settings): Settings {
  const api = s.apiBaseUrl.trim();
  return {
    clientId: s.clientId.trim(),
    issuer: tidyIssuer(s.issuer),
    apiBaseUrl: api && !api.endsWith('/') ? `${api}/` : api,
    redirectUri: s.redirectUri.trim(),
    signInMode: s.signInMode,
    accessData: s.accessData === true,
    // Only when on: settings saved before Manage access existed stay as they were.
    ...(s.manageAccess === true ? { manageAccess: true } : {}),
  };
}
