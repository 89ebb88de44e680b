/**
 * Decides whether a link may be handed to the OS browser: only http(s) with a real host, no credentials,
 * no control characters. Everything else (file:, javascript:, custom schemes that launch other apps) is refused.
 */
export function safeExternalUrl(candidate: string): string | null {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what must be refused here
  if (candidate.length > 2048 || /[\u0000-\u001f\u007f\s]/.test(candidate)) return null;
  let u: URL;
  try {
    u = new URL(candidate);
  } catch {
    return null;
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') return null;
  if (!u.hostname || u.username || u.password) return null;
  return u.toString();
}
