import type { Settings } from './model';
import { SETTINGS_FIELDS } from './settings-fields';

export type SettingsErrors = Partial<Record<keyof Settings, string>>;

const LOOPBACK_HOSTS = new Set(['127.0.0.1', '[::1]', 'localhost']);

/** The only hosts a redirect URI may name: IP literals the loopback listener binds exactly. */
const REDIRECT_HOSTS = new Set(['127.0.0.1', '[::1]']);

/** True for http(s) URLs on the loopback interface, where plain http is acceptable (RFC 8252 §7.3). */
export function isLoopbackUrl(url: URL): boolean {
  return LOOPBACK_HOSTS.has(url.hostname) || /^127(\.\d{1,3}){3}$/.test(url.hostname);
}

function parseHttpUrl(value: string): URL | null {
  try {
    const u = new URL(value);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u : null;
  } catch {
    return null;
  }
}

function serverUrlProblem(value: string, what: string): string | undefined {
  const u = parseHttpUrl(value.trim());
  if (!u) return `${what} must be a web address starting with https://.`;
  if (u.username || u.password) return `${what} must not contain a user name or password.`;
  if (u.protocol === 'http:' && !isLoopbackUrl(u))
    return `${what} must use https:// (plain http is allowed only for 127.0.0.1 or localhost).`;
  if (u.search || u.hash) return `${what} must not contain ? or # parts.`;
  return undefined;
}

/** Checks settings as a user typed them; returns a message per invalid field (empty when all are valid). */
export function validateSettings(s: Settings): SettingsErrors {
  const errors: SettingsErrors = {};
  const {
    clientId: client,
    issuer: auth,
    apiBaseUrl: api,
    redirectUri: redirect,
  } = SETTINGS_FIELDS;
  const clientId = s.clientId.trim();
  if (!clientId)
    errors.clientId = `${client.label} is required: copy it from your OAuth client in the Tapkey portal.`;
  else if (!/^[\x21-\x7e]{1,200}$/.test(clientId))
    errors.clientId = `${client.label} must be printable characters without spaces.`;

  const issuer = serverUrlProblem(s.issuer, auth.label);
  if (issuer) errors.issuer = issuer;
  const apiBase = serverUrlProblem(s.apiBaseUrl, api.label);
  if (apiBase) errors.apiBaseUrl = apiBase;

  const r = parseHttpUrl(s.redirectUri.trim());
  if (!r) errors.redirectUri = `${redirect.label} must be an http://127.0.0.1:PORT/… address.`;
  else if (r.protocol !== 'http:' || !isLoopbackUrl(r)) {
    errors.redirectUri = `${redirect.label} must be a loopback address such as ${redirect.example} (RFC 8252).`;
  } else if (!REDIRECT_HOSTS.has(r.hostname)) {
    // RFC 8252 §8.3: the app listens on an IP literal; "localhost" may resolve to another address than it binds.
    errors.redirectUri = `${redirect.label} must use 127.0.0.1 or [::1], not a name such as localhost, which can resolve to another address (RFC 8252 §8.3).`;
  } else if (!r.port)
    errors.redirectUri = `${redirect.label} must name a port, exactly as registered in the Tapkey portal.`;
  else if (r.hash) errors.redirectUri = `${redirect.label} must not contain a # part.`;

  if (s.signInMode !== 'embedded' && s.signInMode !== 'system-browser')
    errors.signInMode = 'Choose a sign-in mode.';
  return errors;
}
