import { isRedirectTarget } from './callback';

/** What to do with a navigation or request the sign-in page makes. */
export type NavigationDecision =
  | { action: 'allow' }
  /** The redirect back to the app: capture the URL, cancel the request so the code never reaches the network. */
  | { action: 'callback'; url: string }
  /** A document outside the authorization server: refuse it and end the attempt. */
  | { action: 'block'; origin: string };

/** The kinds of load a policy distinguishes: top-level documents versus everything else. */
export type LoadKind = 'document' | 'subresource';

function originOf(url: string): string | null {
  if (!URL.canParse(url)) return null;
  const u = new URL(url);
  return u.protocol === 'http:' || u.protocol === 'https:' ? u.origin : null;
}

/**
 * The one interception rule shared by the Electron auth window and the Chromium test agent: the callback is
 * captured whatever kind of request reaches it; documents (main frame and frames) may only come from the
 * authorization server's origins; subresources (styles, scripts, images) are the server's own business.
 */
export function decideNavigation(
  url: string,
  kind: LoadKind,
  ctx: { redirectUri: string; allowedOrigins: readonly string[] },
): NavigationDecision {
  if (isRedirectTarget(url, ctx.redirectUri)) return { action: 'callback', url };
  if (kind === 'subresource') return { action: 'allow' };
  if (url === 'about:blank') return { action: 'allow' };
  const origin = originOf(url);
  if (origin && ctx.allowedOrigins.includes(origin)) return { action: 'allow' };
  return { action: 'block', origin: origin ?? url.split(':')[0] + ':' };
}

/** The message shown when the sign-in page tried to leave the authorization server. */
export function foreignOriginMessage(origin: string): string {
  const host = (() => {
    try {
      return new URL(origin).host || origin;
    } catch {
      return origin;
    }
  })();
  return `The sign-in page tried to open another site (${host.slice(0, 80)}), which the sign-in window does not allow. If you sign in through another provider, switch to "Sign in with your browser" in Settings.`;
}
