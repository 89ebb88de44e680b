/**
 * oidc-provider drops `offline_access` unless the authorize request carries prompt=consent; Tapkey issues
 * a refresh token whenever offline_access is granted. Native clients see the consent page on every
 * authorization anyway (oidc-provider's native_client_prompt), so adding `consent` changes nothing the
 * user sees: it only keeps offline_access. Returns the rewritten request URL, or the same one.
 */
export function keepOfflineAccess(requestUrl: string): string {
  const url = new URL(requestUrl, 'http://127.0.0.1');
  const scopes = (url.searchParams.get('scope') ?? '').split(' ');
  if (!scopes.includes('offline_access')) return requestUrl;
  const prompts = (url.searchParams.get('prompt') ?? '').split(' ').filter(Boolean);
  // prompt=none must stay alone (and fail as it should); prompt=consent already keeps the scope.
  if (prompts.includes('none') || prompts.includes('consent')) return requestUrl;
  url.searchParams.set('prompt', [...prompts, 'consent'].join(' '));
  return `${url.pathname}${url.search}`;
}
