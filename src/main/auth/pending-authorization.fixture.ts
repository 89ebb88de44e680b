import type { PendingAuthorization } from './authorize-request';

/**
 * A sign-in waiting for its callback at `redirectUri` from `issuer`: a state and verifier long enough that a test
 * can tell whether an error message echoes them.
 */
export function pendingAuthorization(
  issuer: string,
  redirectUri: string,
  over: Partial<PendingAuthorization> = {},
): PendingAuthorization {
  return {
    url: `${issuer}/connect/authorize`,
    state: 'S'.repeat(43),
    verifier: 'V'.repeat(43),
    nonce: undefined,
    redirectUri,
    issuer,
    issRequired: true,
    consumed: false,
    scopes: ['read:owneraccounts', 'read:core:entities', 'offline_access'],
    ...over,
  };
}
