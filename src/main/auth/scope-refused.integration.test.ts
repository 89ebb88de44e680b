// A scope Tapkey does not know comes back on the redirect as invalid_scope, before any token request: the
// sign-in fails with the refused scope named and the portal as the remedy, never "try again". Against the
// sandbox's real authorization server playing Tapkey's documented scope list.
import { describe, expect, it } from 'vitest';
import { SHEET_BEHAVIOUR } from '../../../sandbox';
import { isFailure } from '../errors';
import { DEFAULT_SCOPES } from './config';
import { discover } from './discovery';
import { createAuthHttp } from './http';
import { httpUserAgent } from './http-user-agent.fixture';
import { runSignInFlow } from './sign-in-flow';
import { captureLogForTest } from './test-log.fixture';
import { TokenClient } from './token-client';
import { useSandbox } from '../../../test/support/sandbox';

const sandbox = useSandbox({ owners: 1, locks: 1, ...SHEET_BEHAVIOUR });

describe('a refused scope', () => {
  it('fails the sign-in naming the scope and the portal permission, with no token request', async () => {
    const log = captureLogForTest();
    const http = createAuthHttp({ timeoutMs: 5_000 });
    const e = await runSignInFlow(
      {
        log: log.logger,
        tokenClient: new TokenClient(http, log.logger),
        metadata: (issuer: string, signal?: AbortSignal) =>
          discover(http, issuer, log.logger, signal),
        now: Date.now,
        timeoutMs: 30_000,
      },
      {
        issuer: sandbox.issuer,
        clientId: sandbox.clientId,
        apiBaseUrl: sandbox.apiBaseUrl,
        redirectUri: sandbox.redirectUris[0]!,
        // The scope an earlier version of the app asked for: Tapkey has no such thing.
        scopes: [...DEFAULT_SCOPES, 'read:grants', 'read:contacts', 'read:logs'],
        signInMode: 'embedded',
      },
      httpUserAgent('alice', sandbox.users[0]!.password),
      new AbortController().signal,
      () => {},
    ).then(
      () => null,
      (x: unknown) => x,
    );
    expect(isFailure(e, 'scope-refused')).toBe(true);
    if (!isFailure(e)) return;
    expect(e.extra.scopes).toEqual(['read:contacts']);
    expect(e.message).toMatch(
      /^Tapkey refused the permission read:contacts \(invalid_scope\)\. In the Tapkey portal/,
    );
    expect(e.message).not.toMatch(/try again/i);
    expect(sandbox.stats.tokenRequests('authorization_code')).toBe(0);
  });
});
