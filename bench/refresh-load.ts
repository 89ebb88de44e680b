import { headlessSignIn } from '../test/support/headless-sign-in';
import { createAppCore } from '../src/main/app-core';
import { serializeSession, SESSION_ACCOUNT } from '../src/main/auth/stored-session';
import { createLogger } from '../src/main/log';
import { memoryKeychain } from '../test/support/memory-keychain';
import { sandboxSettings } from '../test/support/sandbox-settings';
import { startSandboxProcess } from './sandbox-process';

export interface RefreshResult {
  concurrentCalls: number;
  tokenRequests: number;
  addedMs: number;
  validTokenMs: number;
  expiredTokenMs: number;
}

/**
 * 100 concurrent API calls through the real core when the access token has just expired: how many token
 * requests reach the server (single-flight: 1), and how much later the burst completes than with a valid token.
 */
export async function benchRefreshUnderLoad(
  concurrentCalls = 100,
  latencyMs = 50,
): Promise<RefreshResult> {
  const sandbox = await startSandboxProcess({ owners: 1, locks: 10, seed: 'bench', latencyMs });
  try {
    const user = sandbox.users[0]!;
    const tokens = await headlessSignIn(sandbox, user.username, user.password);
    const keychain = memoryKeychain();
    await keychain.set(
      SESSION_ACCOUNT,
      serializeSession({
        v: 2,
        refreshToken: tokens.refreshToken!,
        accessToken: null,
        accessTokenExpiresAt: null,
        accessTokenIssuedAt: null,
        scope: tokens.scope,
        issuer: sandbox.issuer,
        clientId: sandbox.clientId,
        apiBaseUrl: sandbox.apiBaseUrl,
        savedAt: new Date().toISOString(),
      }),
    );
    const core = createAppCore({
      appInfo: { name: 'bench', version: '0' },
      log: createLogger(() => {}),
      keychain,
      settings: sandboxSettings(sandbox),
    });
    await core.start();
    if (core.session.state.status !== 'signed-in')
      throw new Error(`resume failed: ${core.session.state.status}`);
    const owner = (await core.handlers['tapkey:list-owner-accounts']()).accounts[0]!.id;
    const burst = async () => {
      const started = performance.now();
      await Promise.all(
        Array.from({ length: concurrentCalls }, () =>
          core.handlers['tapkey:list-bound-locks'](owner),
        ),
      );
      return performance.now() - started;
    };
    await burst();
    const validTokenMs = await burst();
    await sandbox.expireAccessTokens();
    await sandbox.resetStats();
    const expiredTokenMs = await burst();
    const stats = (await sandbox.stats()) as { tokenRequests: Record<string, number> };
    await core.dispose();
    return {
      concurrentCalls,
      tokenRequests: stats.tokenRequests.refresh_token ?? 0,
      addedMs: Math.round((expiredTokenMs - validTokenMs) * 10) / 10,
      validTokenMs: Math.round(validTokenMs * 10) / 10,
      expiredTokenMs: Math.round(expiredTokenMs * 10) / 10,
    };
  } finally {
    await sandbox.close();
  }
}
