import { describe, expect, it } from 'vitest';
import type { Settings } from './model';
import { validateSettings } from './settings-validation';
import { configured } from '../../test/support/sample-data';

const good: Settings = configured;

describe('settings validation', () => {
  it('accepts Tapkey production and a loopback sandbox', () => {
    expect(validateSettings(good)).toEqual({});
    expect(
      validateSettings({
        ...good,
        issuer: 'http://127.0.0.1:4000',
        apiBaseUrl: 'http://localhost:4000/api/v1/',
      }),
    ).toEqual({});
  });

  it('names each invalid field with an actionable message', () => {
    const e = validateSettings({
      clientId: ' ',
      issuer: 'http://login.tapkey.com',
      apiBaseUrl: 'ftp://x',
      redirectUri: 'https://example.com/cb',
      signInMode: 'popup' as Settings['signInMode'],
      accessData: false,
    });
    expect(Object.keys(e).sort()).toEqual([
      'apiBaseUrl',
      'clientId',
      'issuer',
      'redirectUri',
      'signInMode',
    ]);
    expect(e.issuer).toMatch(/https/);
    expect(e.redirectUri).toMatch(/loopback/);
  });

  it('accepts only the IP-literal loopback redirect URIs the listener binds, and says why localhost is refused', () => {
    for (const ok of [
      'http://127.0.0.1:8111/callback',
      'http://[::1]:8111/callback',
      'http://127.0.0.1:1/',
    ]) {
      expect(validateSettings({ ...good, redirectUri: ok }).redirectUri, ok).toBeUndefined();
    }
    for (const named of [
      'http://localhost:8111/callback',
      'http://LOCALHOST:8111/callback',
      'http://127.0.0.2:8111/callback',
    ]) {
      expect(validateSettings({ ...good, redirectUri: named }).redirectUri, named).toMatch(
        /127\.0\.0\.1 or \[::1\].*RFC 8252 §8\.3/,
      );
    }
    expect(validateSettings({ ...good, redirectUri: 'http://[::1]/callback' }).redirectUri).toMatch(
      /port/,
    );
  });

  it('requires an explicit redirect port and refuses credentials in server URLs', () => {
    expect(
      validateSettings({ ...good, redirectUri: 'http://127.0.0.1/callback' }).redirectUri,
    ).toMatch(/port/);
    expect(
      validateSettings({ ...good, issuer: 'https://user:pw@login.tapkey.com' }).issuer,
    ).toMatch(/user name/);
  });
});
