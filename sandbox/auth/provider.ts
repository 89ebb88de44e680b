import { randomBytes } from 'node:crypto';
import Provider from 'oidc-provider';
import type { SandboxData } from '../data/seed-data';
import { escapeHtml, htmlPage } from '../http/html';
import type { MemoryStore } from './memory-adapter';
import { signingJwk } from './signing-key';

export interface ProviderOptions {
  issuer: string;
  clientId: string;
  redirectUris: string[];
  accessTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
  /** False: no RFC 7009 revocation (not advertised, not served). */
  revocation: boolean;
  data: SandboxData;
  store: MemoryStore;
  /** The scopes discovery advertises and oidc-provider grants (see auth/scopes.ts). */
  scopes: string[];
}

/** Route paths, IdentityServer style as Tapkey uses them. */
const ROUTES = {
  authorization: '/connect/authorize',
  token: '/connect/token',
  revocation: '/connect/revocation',
  end_session: '/connect/endsession',
  jwks: '/connect/jwks',
  userinfo: '/connect/userinfo',
} as const;

interface ErrorOut {
  error?: string;
  error_description?: string;
}

interface RenderContext {
  type: string;
  body: unknown;
}

/** Builds the oidc-provider instance that plays login.tapkey.com. */
export function createProvider(options: ProviderOptions): Provider {
  const { data } = options;
  const provider = new Provider(options.issuer, {
    adapter: options.store.factory(),
    clients: [
      {
        client_id: options.clientId,
        application_type: 'native',
        token_endpoint_auth_method: 'none',
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        redirect_uris: options.redirectUris,
        post_logout_redirect_uris: options.redirectUris,
        // The process-wide key is EC (fast to generate), so ID tokens use ES256.
        id_token_signed_response_alg: 'ES256',
      },
    ],
    jwks: { keys: [signingJwk()] },
    cookies: { keys: [randomBytes(24).toString('hex')] },
    scopes: options.scopes,
    claims: { openid: ['sub'], profile: ['name', 'preferred_username'] },
    routes: ROUTES,
    responseTypes: ['code'],
    pkce: { required: () => true },
    features: {
      devInteractions: { enabled: false },
      revocation: { enabled: options.revocation },
      userinfo: { enabled: true },
      rpInitiatedLogout: { enabled: true, logoutSource, postLogoutSuccessSource },
      // Tapkey advertises none of these; keeping them off keeps discovery close to what the app will meet.
      dPoP: { enabled: false },
      pushedAuthorizationRequests: { enabled: false },
      resourceIndicators: { enabled: false },
    },
    // Tapkey issues a refresh token whenever offline_access is granted; no prompt=consent needed.
    issueRefreshToken: async (
      _ctx: unknown,
      client: { grantTypeAllowed(t: string): boolean },
      code: { scopes: Set<string> },
    ) => client.grantTypeAllowed('refresh_token') && code.scopes.has('offline_access'),
    rotateRefreshToken: true,
    ttl: {
      AccessToken: () => options.accessTokenTtlSeconds,
      AuthorizationCode: 60,
      RefreshToken: () => options.refreshTokenTtlSeconds,
      Grant: options.refreshTokenTtlSeconds,
      Session: options.refreshTokenTtlSeconds,
      Interaction: 3600,
      IdToken: 3600,
    },
    interactions: {
      url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}`,
    },
    findAccount: async (_ctx: unknown, id: string) => {
      const user = data.user(id);
      if (!user) return undefined;
      return {
        accountId: id,
        claims: async () => ({
          sub: id,
          name: user.displayName,
          preferred_username: user.username,
        }),
      };
    },
    renderError: async (ctx: RenderContext, out: ErrorOut) => {
      ctx.type = 'html';
      ctx.body = htmlPage(
        'Error',
        `<h1>Sign-in error</h1>
<p role="alert" class="error"><code>${escapeHtml(out.error ?? 'error')}</code>: ${escapeHtml(out.error_description ?? '')}</p>`,
      ).html;
    },
  });
  return provider;
}

async function logoutSource(ctx: RenderContext, form: string): Promise<void> {
  ctx.type = 'html';
  ctx.body = htmlPage(
    'Sign out',
    `<h1>Sign out</h1>
${form}
<p>Do you want to sign out of the Tapkey sandbox?</p>
<button type="submit" form="op.logoutForm" name="logout" value="yes">Yes, sign me out</button>
<button type="submit" form="op.logoutForm">No, stay signed in</button>`,
  ).html;
}

async function postLogoutSuccessSource(ctx: RenderContext): Promise<void> {
  ctx.type = 'html';
  ctx.body = htmlPage(
    'Signed out',
    '<h1>Signed out</h1><p>You are signed out of the Tapkey sandbox.</p>',
  ).html;
}
