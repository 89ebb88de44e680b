import { describe, expect, it } from 'vitest';
import {
  parseStoredSession,
  serializeSession,
  SESSION_ACCOUNT,
  type StoredSession,
} from './stored-session';

const v2: StoredSession = {
  v: 2,
  refreshToken: 'rt',
  accessToken: 'at',
  accessTokenExpiresAt: 2_000,
  accessTokenIssuedAt: 1_000,
  scope: 'read:owneraccounts offline_access',
  issuer: 'https://login.tapkey.com',
  clientId: 'client',
  apiBaseUrl: 'https://my.tapkey.com/api/v1/',
  account: 'Alice',
  savedAt: '2026-01-01T00:00:00.000Z',
};

describe('the stored session', () => {
  it('round-trips version 2, with the access token, its lifetime, the API base URL and the account', () => {
    expect(parseStoredSession(serializeSession(v2))).toEqual(v2);
    const { account: _, ...anonymous } = v2;
    expect(parseStoredSession(serializeSession(anonymous))).toEqual(anonymous);
  });

  it('still reads version 1: no access token, and no API base URL until its first use binds one', () => {
    const v1 = {
      v: 1,
      refreshToken: 'rt',
      accessTokenExpiresAt: 5,
      scope: 's',
      issuer: 'https://login.tapkey.com',
      clientId: 'client',
      savedAt: 'x',
    };
    expect(parseStoredSession(JSON.stringify(v1))).toEqual({
      v: 2,
      refreshToken: 'rt',
      accessToken: null,
      accessTokenExpiresAt: null,
      accessTokenIssuedAt: null,
      scope: 's',
      issuer: 'https://login.tapkey.com',
      clientId: 'client',
      apiBaseUrl: null,
      savedAt: 'x',
    });
  });

  it('treats anything else as unreadable', () => {
    for (const text of [
      '',
      '{',
      'null',
      JSON.stringify({ ...v2, v: 3 }),
      JSON.stringify({ ...v2, refreshToken: '' }),
      JSON.stringify({ ...v2, issuer: undefined }),
    ]) {
      expect(parseStoredSession(text)).toBeNull();
    }
  });
});

describe('the stored session schema', () => {
  it('lives under the keychain account every released version reads', () => {
    expect(SESSION_ACCOUNT).toBe('session');
  });

  it('refuses empty or missing bindings and tokens, and an oversized account name', () => {
    const bad: Record<string, unknown>[] = [
      { accessToken: '' },
      { clientId: '' },
      { issuer: '' },
      { apiBaseUrl: '' },
      { account: '' },
      { account: 'x'.repeat(201) },
      { scope: undefined },
      { savedAt: undefined },
      { accessTokenIssuedAt: undefined },
    ];
    for (const change of bad)
      expect(
        parseStoredSession(JSON.stringify({ ...v2, ...change })),
        JSON.stringify(change),
      ).toBeNull();
    expect(
      parseStoredSession(JSON.stringify({ ...v2, account: 'x'.repeat(200) }))?.account,
    ).toHaveLength(200);
  });

  it('refuses a version 1 entry with an empty token or binding', () => {
    const v1 = {
      v: 1,
      refreshToken: 'rt',
      accessTokenExpiresAt: null,
      scope: 's',
      issuer: 'i',
      clientId: 'c',
      savedAt: 'x',
    };
    expect(parseStoredSession(JSON.stringify(v1))).not.toBeNull();
    for (const change of [
      { refreshToken: '' },
      { issuer: '' },
      { clientId: '' },
      { scope: 1 },
      { savedAt: undefined },
      { accessTokenExpiresAt: 'soon' },
    ]) {
      expect(
        parseStoredSession(JSON.stringify({ ...v1, ...change })),
        JSON.stringify(change),
      ).toBeNull();
    }
  });
});
