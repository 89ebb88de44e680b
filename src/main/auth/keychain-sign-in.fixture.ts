// Run in a child process by keychain.integration.test.ts, inside a keychain environment the test process cannot
// switch to (no D-Bus, a locked collection): a complete sign-in and a restart, printed as one JSON line.
import { startRealCore } from '../../../test/support/real-core';
import { SESSION_ACCOUNT } from './stored-session';

const rc = await startRealCore({ quiet: true });
try {
  const signedIn = await rc.signIn('alice');
  const token = await rc.core.session.getAccessToken();
  const api = await fetch(`${rc.sandbox.apiBaseUrl}Owners`, {
    headers: { authorization: `Bearer ${token}` },
  });
  const stored = await rc.keychain.get(SESSION_ACCOUNT).then(
    (v) => ({ ok: true, value: v }),
    (e: unknown) => ({ ok: false, problem: (e as { problem?: string }).problem ?? 'other' }),
  );
  await rc.core.dispose();
  const restarted = await startRealCore({
    sandbox: rc.sandbox,
    browser: rc.browser,
    keychainService: rc.keychainService,
    profileDir: rc.profileDir,
  });
  await restarted.core.start();
  const afterRestart = restarted.core.session.state;
  await restarted.close();
  process.stdout.write(
    JSON.stringify({
      signedIn,
      apiStatus: api.status,
      stored,
      afterRestart,
      tokenInLog: rc.log.text().includes(token),
      log: rc.log.lines.filter((l) => /keychain/.test(l)),
    }) + '\n',
  );
} finally {
  await rc.close();
}
process.exit(0);
