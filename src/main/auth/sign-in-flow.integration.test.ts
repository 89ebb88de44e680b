import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { useSandboxWithKeychains } from '../../../test/support/sandbox';
import { readStoredSession } from '../../../test/support/stored-sign-in';
import { isFailure } from '../errors';
import { createKeytarKeychain } from '../secrets/keytar-keychain';
import { withFailing } from './broken-session-files.fixture';
import { DEFAULT_SCOPES, type AuthConfig } from './config';
import { discover } from './discovery';
import { withFaults, writeFailures } from './faulty-keychain.fixture';
import { createAuthHttp } from './http';
import { httpUserAgent } from './http-user-agent.fixture';
import { toStored, type LiveTokens } from './live-tokens';
import { memoryRenewalJournal } from './renewal-journal';
import { processLock, type SessionLock } from './session-lock';
import { memorySignedOutMarker, type SignedOutMarker } from './signed-out-marker';
import { accountLabel, runSignInFlow, storeSignIn, subjectOf, unstoreSignIn } from './sign-in-flow';
import { SESSION_ACCOUNT, serializeSession } from './stored-session';
import { captureLogForTest } from './test-log.fixture';
import { TokenClient } from './token-client';
import { TokenStore } from './token-store';
import type { AuthorizationRequest, UserAgent } from './user-agent';

const idToken = (claims: Record<string, unknown>) =>
  `e30.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.sig`;

describe('the signed-in account label', () => {
  it('prefers name, then email, then preferred_username', () => {
    expect(
      accountLabel(
        idToken({
          sub: '1',
          name: 'Alice Example',
          email: 'alice@example.com',
          preferred_username: 'alice',
        }),
      ),
    ).toBe('Alice Example');
    expect(
      accountLabel(idToken({ sub: '1', email: 'alice@example.com', preferred_username: 'alice' })),
    ).toBe('alice@example.com');
    expect(accountLabel(idToken({ sub: '1', preferred_username: 'alice' }))).toBe('alice');
  });

  it('is absent when the ID token names nobody (or cannot be read); never the subject id', () => {
    expect(accountLabel(idToken({ sub: '1' }))).toBeUndefined();
    expect(accountLabel(idToken({ sub: '1', name: '   ', email: 42 }))).toBeUndefined();
    expect(accountLabel('not-a-jwt')).toBeUndefined();
  });

  it('the subject is the sub claim when it is a string of sensible length', () => {
    expect(subjectOf(idToken({ sub: 'user-1' }))).toBe('user-1');
    expect(subjectOf(idToken({ sub: 'x'.repeat(255) }))).toHaveLength(255);
    for (const sub of ['', 'x'.repeat(256), 42, null, undefined])
      expect(subjectOf(idToken({ sub })), String(sub)).toBeUndefined();
    expect(subjectOf('not-a-jwt')).toBeUndefined();
  });

  it('is bounded in length', () => {
    expect(accountLabel(idToken({ name: 'x'.repeat(500) }))).toHaveLength(200);
    expect(accountLabel(idToken({ name: `  ${'y'.repeat(199)}  ` }))).toBe('y'.repeat(199));
    expect(accountLabel(idToken({ name: ' Alice ' }))).toBe('Alice');
  });
});

describe('one interactive sign-in against the sandbox', () => {
  const { sandbox, keychains } = useSandboxWithKeychains({
    owners: 1,
    locks: 1,
    seed: 'sign-in-flow',
  });

  const config = (
    scopes: readonly string[] = ['openid', 'profile', ...DEFAULT_SCOPES],
  ): AuthConfig => ({
    issuer: sandbox.issuer,
    clientId: sandbox.clientId,
    apiBaseUrl: sandbox.apiBaseUrl,
    redirectUri: sandbox.redirectUris[0]!,
    scopes,
    signInMode: 'embedded',
  });
  function flowDeps(now = Date.now) {
    const log = captureLogForTest();
    const http = createAuthHttp({ timeoutMs: 5_000 });
    return {
      log,
      deps: {
        log: log.logger,
        tokenClient: new TokenClient(http, log.logger),
        metadata: (issuer: string, signal?: AbortSignal) =>
          discover(http, issuer, log.logger, signal),
        now,
        timeoutMs: 123_000,
      },
    };
  }
  const alice = () => httpUserAgent('alice', sandbox.users[0]!.password);

  it('runs the code flow once: one code exchange, the account from the ID token, and no secret in the log', async () => {
    const { deps, log } = flowDeps();
    const seen: AuthorizationRequest[] = [];
    let exchanging = 0;
    sandbox.stats.reset();
    const r = await runSignInFlow(
      deps,
      config(),
      httpUserAgent('alice', sandbox.users[0]!.password, seen),
      new AbortController().signal,
      () => (exchanging += 1),
    );
    expect(exchanging).toBe(1);
    expect(sandbox.stats.tokenRequests('authorization_code')).toBe(1);
    expect(r.response.accessToken).toBeTruthy();
    expect(r.response.refreshToken).toBeTruthy();
    // The sandbox, like oidc-provider by default, puts profile claims in userinfo only: the ID token names nobody.
    expect(r.response.idToken).toBeTruthy();
    expect(accountLabel(r.response.idToken!)).toBeUndefined();
    expect('account' in r).toBe(false);
    // Its subject is who signed in, as the server names them.
    expect(r.subject).toBe('alice');
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({
      redirectUri: sandbox.redirectUris[0],
      allowedOrigins: [new URL(sandbox.issuer).origin],
      timeoutMs: 123_000,
    });
    const url = new URL(seen[0]!.url);
    const verifierlessState = url.searchParams.get('state')!;
    expect(log.text()).not.toContain(verifierlessState);
    expect(log.text()).not.toContain(r.response.accessToken);
    expect(log.text()).toContain(
      `"message":"sign-in started","mode":"embedded","issuer":"${sandbox.issuer}","discovery":true`,
    );
  });

  it('without openid there is no ID token and no account', async () => {
    const { deps } = flowDeps();
    const r = await runSignInFlow(
      deps,
      config(DEFAULT_SCOPES),
      alice(),
      new AbortController().signal,
      () => {},
    );
    expect(r.response.idToken).toBeUndefined();
    expect('account' in r).toBe(false);
    expect('subject' in r).toBe(false);
  });

  it('an ID token that fails its checks ends the sign-in with a failure code', async () => {
    const { deps } = flowDeps(() => Date.now() + 10 * 86_400_000);
    const e = await runSignInFlow(
      deps,
      config(),
      alice(),
      new AbortController().signal,
      () => {},
    ).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(isFailure(e)).toBe(true);
    expect((e as { code: string }).code).toBe('sign-in-failed');
  });

  it('cancelled while the pages were open: no code exchange', async () => {
    const { deps } = flowDeps();
    const controller = new AbortController();
    const agent = alice();
    const cancelling: UserAgent = {
      mode: 'embedded',
      authorize: async (req) => agent.authorize(req).finally(() => controller.abort()),
    };
    sandbox.stats.reset();
    let exchanging = 0;
    await expect(
      runSignInFlow(deps, config(), cancelling, controller.signal, () => (exchanging += 1)),
    ).rejects.toMatchObject({
      code: 'sign-in-cancelled',
    });
    expect(exchanging).toBe(0);
    expect(sandbox.stats.tokenRequests('authorization_code')).toBe(0);
  });

  it('cancelled during the code exchange: cancelled, not signed in', async () => {
    const { deps } = flowDeps();
    const controller = new AbortController();
    const tokenClient = deps.tokenClient;
    const slowExchange = Object.assign(
      Object.create(Object.getPrototypeOf(tokenClient) as object) as TokenClient,
      tokenClient,
      {
        exchangeCode: async (...args: Parameters<TokenClient['exchangeCode']>) => {
          const r = await tokenClient.exchangeCode(args[0]);
          controller.abort();
          return r;
        },
      },
    );
    await expect(
      runSignInFlow(
        { ...deps, tokenClient: slowExchange },
        config(),
        alice(),
        controller.signal,
        () => {},
      ),
    ).rejects.toMatchObject({
      code: 'sign-in-cancelled',
    });
  });

  function persistence(
    options: { failSet?: unknown; marker?: SignedOutMarker; lock?: SessionLock } = {},
  ) {
    const real = createKeytarKeychain({ service: `tapkey-locks-sign-in-flow-${randomUUID()}` });
    keychains.push(real);
    const keychain = withFaults(real, options);
    const log = captureLogForTest();
    const marker = options.marker ?? memorySignedOutMarker();
    const journal = memoryRenewalJournal();
    return {
      real,
      marker,
      journal,
      log,
      deps: {
        log: log.logger,
        store: new TokenStore(keychain, log.logger),
        lock: options.lock ?? processLock(),
        marker,
        journal,
      },
    };
  }
  const tokens: LiveTokens = {
    accessToken: 'a1',
    accessExpiresAt: 5_000,
    accessIssuedAt: 1_000,
    refreshToken: 'r1',
    scope: 's',
    issuer: 'https://login.tapkey.com',
    clientId: 'c',
    apiBaseUrl: 'https://my.tapkey.com/api/v1/',
  };

  it('stores a sign-in (replacing what was stored) and drops the signed-out marker and any interrupted renewal', async () => {
    const { real, marker, journal, deps } = persistence();
    await journal.sending('r0');
    await real.set(
      SESSION_ACCOUNT,
      serializeSession(
        toStored({ ...tokens, refreshToken: 'r0', issuer: 'https://other.example' }, 0),
      ),
    );
    await marker.write('r0');
    expect(await storeSignIn(deps, tokens, 7_000)).toBe('yes');
    expect(await readStoredSession(real)).toEqual(
      toStored({ ...tokens, refreshToken: 'r1' }, 7_000),
    );
    expect(await marker.read()).toBeNull();
    expect(await journal.read()).toBeNull();
  });

  it('without a refresh token nothing is stored', async () => {
    const { real, deps } = persistence();
    expect(await storeSignIn(deps, { ...tokens, refreshToken: undefined }, 7_000)).toBe(
      'no-refresh-token',
    );
    expect(await real.get(SESSION_ACCOUNT)).toBeNull();
  });

  it('a keychain that refuses the write reports its problem and keeps the marker', async () => {
    for (const [error, problem] of writeFailures('denied')) {
      const { marker, deps, log } = persistence({ failSet: error });
      await marker.write('r0');
      expect(await storeSignIn(deps, tokens, 7_000)).toBe(problem);
      expect(await marker.read()).not.toBeNull();
      expect(log.text()).toContain(
        `"message":"could not store the sign-in in the keychain","problem":"${problem}","error":{`,
      );
    }
  });

  it('a marker that cannot be cleared does not undo the stored sign-in', async () => {
    const { real, deps, log } = persistence({
      marker: withFailing(memorySignedOutMarker(), ['clear']),
    });
    expect(await storeSignIn(deps, tokens, 7_000)).toBe('yes');
    expect(await real.get(SESSION_ACCOUNT)).not.toBeNull();
    expect(log.text()).toContain('could not clear the signed-out marker');
  });

  it('unstoring removes the entry only while it still holds that sign-in', async () => {
    const { real, deps, log } = persistence();
    await unstoreSignIn(deps, tokens);
    expect(log.text()).not.toContain('could not remove a cancelled sign-in');
    await storeSignIn(deps, tokens, 7_000);
    await unstoreSignIn(deps, { ...tokens, refreshToken: 'someone-else' });
    expect(await real.get(SESSION_ACCOUNT)).not.toBeNull();
    await unstoreSignIn(deps, tokens);
    expect(await real.get(SESSION_ACCOUNT)).toBeNull();
    const busy = persistence({
      lock: {
        withLock: () => Promise.reject(new Error('busy')),
        ifFree: async () => 'busy' as const,
      },
    });
    await expect(unstoreSignIn(busy.deps, tokens)).resolves.toBeUndefined();
    expect(busy.log.text()).toContain('could not remove a cancelled sign-in');
  });
});
