import { describe, expect, it } from 'vitest';
import type { Settings } from '../../shared/model';
import { authConfigFrom, DEFAULT_SCOPES, normalizeIssuer, scopesFor } from './config';

const settings: Settings = {
  clientId: '  tapkey-locks-desktop \n',
  issuer: ' https://login.tapkey.com// ',
  apiBaseUrl: 'https://my.tapkey.com/api/v1/',
  redirectUri: ' http://127.0.0.1:8111/callback ',
  signInMode: 'system-browser',
  accessData: false,
};

describe('auth configuration from settings', () => {
  it('tidies what the user typed and asks for owner accounts, bound locks and a refresh token by default', () => {
    expect(authConfigFrom(settings)).toEqual({
      issuer: 'https://login.tapkey.com',
      clientId: 'tapkey-locks-desktop',
      apiBaseUrl: 'https://my.tapkey.com/api/v1/',
      redirectUri: 'http://127.0.0.1:8111/callback',
      scopes: ['read:owneraccounts', 'read:core:entities', 'offline_access'],
      signInMode: 'system-browser',
    });
    expect(DEFAULT_SCOPES).toEqual(['read:owneraccounts', 'read:core:entities', 'offline_access']);
    expect(authConfigFrom(settings, ['openid']).scopes).toEqual(['openid']);
  });

  it('compares issuers without surrounding spaces and trailing slashes, and nothing else', () => {
    expect(normalizeIssuer('https://login.tapkey.com/')).toBe('https://login.tapkey.com');
    expect(normalizeIssuer('https://login.tapkey.com///')).toBe('https://login.tapkey.com');
    expect(normalizeIssuer('  https://login.tapkey.com  ')).toBe('https://login.tapkey.com');
    expect(normalizeIssuer('https://login.tapkey.com/tenant/')).toBe(
      'https://login.tapkey.com/tenant',
    );
    expect(normalizeIssuer('https://login.tapkey.com/a/b')).toBe('https://login.tapkey.com/a/b');
  });

  it('adds the access scopes for Access data, and the write scopes with them for Manage access', () => {
    expect(scopesFor({ accessData: false })).toEqual(DEFAULT_SCOPES);
    const access = [...DEFAULT_SCOPES, 'read:grants', 'read:logs'];
    expect(scopesFor({ accessData: true })).toEqual(access);
    const manage = [...access, 'write:grants', 'write:core:entities'];
    expect(scopesFor({ accessData: false, manageAccess: true })).toEqual(manage);
    expect(scopesFor({ accessData: true, manageAccess: true })).toEqual(manage);
    // A scope the base list already has is not asked twice.
    expect(scopesFor({ accessData: true, manageAccess: true }, ['read:grants', 'openid'])).toEqual([
      'read:grants',
      'openid',
      'read:logs',
      'write:grants',
      'write:core:entities',
    ]);
  });
});
