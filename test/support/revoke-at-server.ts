import type { Sandbox } from '../../sandbox';
import { postForm } from '../../sandbox/test-support';

/**
 * Ends the grant of `refreshToken` at the sandbox, as a sign-out in another client would (RFC 7009 revocation):
 * what this computer stores then names a dead sign-in.
 */
export async function revokeAtServer(sandbox: Sandbox, refreshToken: string): Promise<void> {
  const res = await postForm(sandbox, '/connect/revocation', {
    token: refreshToken,
    token_type_hint: 'refresh_token',
    client_id: sandbox.clientId,
  });
  if (res.status !== 200) throw new Error(`the revocation endpoint answered ${res.status}`);
}
