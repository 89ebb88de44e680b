import type { Settings } from '../../shared/model';

/**
 * Tapkey production, used by a packaged build (and in development when no sandbox is named). The client id is
 * empty: Tapkey generates one when a client is registered in its portal, so no built-in value could work, and
 * the app asks for it before the first sign-in.
 */
export const PRODUCTION_SETTINGS: Settings = {
  clientId: '',
  issuer: 'https://login.tapkey.com',
  apiBaseUrl: 'https://my.tapkey.com/api/v1/',
  redirectUri: 'http://127.0.0.1:8111/callback',
  signInMode: 'embedded',
  accessData: false,
};

type ServerFields = Pick<Settings, 'clientId' | 'issuer' | 'apiBaseUrl' | 'redirectUri'>;

/**
 * The servers named by TAPKEY_ISSUER, TAPKEY_API_BASE_URL, TAPKEY_CLIENT_ID and TAPKEY_REDIRECT_URI, honoured
 * only in development (`npm start` points them at a freshly started sandbox); null in a packaged build so a
 * stray environment variable can never redirect a user's sign-in.
 */
export function developmentOverrides(
  env: NodeJS.ProcessEnv,
  packaged: boolean,
): Partial<ServerFields> | null {
  if (packaged || !env.TAPKEY_ISSUER) return null;
  const issuer = env.TAPKEY_ISSUER.replace(/\/+$/, '');
  return {
    issuer,
    apiBaseUrl: env.TAPKEY_API_BASE_URL ?? `${issuer}/api/v1/`,
    ...(env.TAPKEY_CLIENT_ID ? { clientId: env.TAPKEY_CLIENT_ID } : {}),
    ...(env.TAPKEY_REDIRECT_URI ? { redirectUri: env.TAPKEY_REDIRECT_URI } : {}),
  };
}
