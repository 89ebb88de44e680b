import { describe, expect, it } from 'vitest';
import { fromStored, isFresh, refreshMarginMs, sameServers, toStored } from './live-tokens';

const at = (lifetimeS: number) => ({
  accessToken: 'token',
  accessIssuedAt: 1_000_000,
  accessExpiresAt: 1_000_000 + lifetimeS * 1000,
});

describe('the early-refresh margin', () => {
  it('is min(60 s, half the lifetime)', () => {
    expect(refreshMarginMs(at(3600), 60_000)).toBe(60_000);
    expect(refreshMarginMs(at(120), 60_000)).toBe(60_000);
    expect(refreshMarginMs(at(30), 60_000)).toBe(15_000);
    expect(refreshMarginMs(at(1), 60_000)).toBe(500);
  });

  it('keeps a 30-second token for its first 15 seconds only', () => {
    const t = at(30);
    expect(isFresh(t, t.accessIssuedAt, 60_000)).toBe(true);
    expect(isFresh(t, t.accessIssuedAt + 14_999, 60_000)).toBe(true);
    expect(isFresh(t, t.accessIssuedAt + 15_000, 60_000)).toBe(false);
    expect(isFresh({ ...t, accessToken: null }, t.accessIssuedAt, 60_000)).toBe(false);
  });

  it('keeps an hour token until a minute before it expires', () => {
    const t = at(3600);
    expect(isFresh(t, t.accessExpiresAt - 60_001, 60_000)).toBe(true);
    expect(isFresh(t, t.accessExpiresAt - 60_000, 60_000)).toBe(false);
  });
});

describe('server binding', () => {
  it('differs when any of issuer, client or API differs', () => {
    const s = {
      issuer: 'https://login.tapkey.com',
      clientId: 'c',
      apiBaseUrl: 'https://my.tapkey.com/api/v1/',
    };
    expect(sameServers(s, { ...s })).toBe(true);
    expect(sameServers(s, { ...s, issuer: 'https://login.sandbox.tapkey.io' })).toBe(false);
    expect(sameServers(s, { ...s, clientId: 'd' })).toBe(false);
    expect(sameServers(s, { ...s, apiBaseUrl: 'https://elsewhere.example/api/v1/' })).toBe(false);
  });
});

describe('the live set and its keychain entry', () => {
  const stored = {
    v: 2 as const,
    refreshToken: 'rt',
    accessToken: 'at',
    accessTokenExpiresAt: 5_000,
    accessTokenIssuedAt: 2_000,
    scope: 'offline_access',
    issuer: 'https://login.tapkey.com',
    clientId: 'c',
    apiBaseUrl: 'https://my.tapkey.com/api/v1/',
    account: 'Alice',
    savedAt: '2026-01-01T00:00:00.000Z',
  };

  it('reads a stored access token with its lifetime, servers and account', () => {
    expect(fromStored(stored, 'https://configured.example/api/v1/')).toEqual({
      accessToken: 'at',
      accessExpiresAt: 5_000,
      accessIssuedAt: 2_000,
      refreshToken: 'rt',
      scope: 'offline_access',
      issuer: 'https://login.tapkey.com',
      clientId: 'c',
      apiBaseUrl: 'https://my.tapkey.com/api/v1/',
      account: 'Alice',
    });
  });

  it('has no access token when either the token or its expiry is missing, and binds a version 1 entry to the configured API', () => {
    for (const partial of [{ accessToken: null }, { accessTokenExpiresAt: null }]) {
      const t = fromStored(
        { ...stored, ...partial, apiBaseUrl: null, account: undefined },
        'https://configured.example/api/v1/',
      );
      expect(t).toMatchObject({
        accessToken: null,
        accessExpiresAt: 0,
        accessIssuedAt: 0,
        apiBaseUrl: 'https://configured.example/api/v1/',
      });
      expect('account' in t).toBe(false);
    }
    // An issue time is optional: without it the lifetime starts at 0 (the margin is then the cap).
    expect(fromStored({ ...stored, accessTokenIssuedAt: null }, 'x').accessIssuedAt).toBe(0);
  });

  it('stores the access token with its lifetime, or nulls when there is none, and stamps the save time', () => {
    const live = fromStored(stored, 'unused');
    expect(
      toStored({ ...live, refreshToken: 'rt' }, Date.parse('2026-02-03T04:05:06.000Z')),
    ).toEqual({
      ...stored,
      savedAt: '2026-02-03T04:05:06.000Z',
    });
    const bare = toStored(
      { ...live, refreshToken: 'rt', accessToken: null, account: undefined },
      0,
    );
    expect(bare).toMatchObject({
      v: 2,
      accessToken: null,
      accessTokenExpiresAt: null,
      accessTokenIssuedAt: null,
      savedAt: '1970-01-01T00:00:00.000Z',
    });
    expect('account' in bare).toBe(false);
  });

  it('never gives a negative margin (a token that expired before it was issued is simply not fresh)', () => {
    expect(refreshMarginMs({ accessIssuedAt: 10_000, accessExpiresAt: 4_000 }, 60_000)).toBe(0);
    expect(
      isFresh({ accessToken: 'x', accessIssuedAt: 10_000, accessExpiresAt: 4_000 }, 3_999, 60_000),
    ).toBe(true);
  });
});
