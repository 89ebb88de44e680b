// Settings validation, one rule at a time, through validateSettings and isLoopbackUrl only: each case is a
// setting that would send a token or a code somewhere unsafe (or refuse a safe one) if its rule were weakened.
import { describe, expect, it } from 'vitest';
import type { Settings } from './model';
import { isLoopbackUrl, validateSettings } from './settings-validation';
import { configured } from '../../test/support/sample-data';

const good: Settings = configured;
const errorsFor = (over: Partial<Settings>) => validateSettings({ ...good, ...over });

describe('loopback addresses: 127.0.0.0/8, [::1] and localhost, and nothing that merely starts like them', () => {
  it.each([
    ['http://127.0.0.1:1/', true],
    ['http://127.10.200.3:1/', true],
    ['http://[::1]:1/', true],
    ['http://localhost:1/', true],
    ['http://127.0.0.1.evil.example/', false],
    ['http://localhost.evil.example/', false],
    ['http://128.0.0.1/', false],
    ['http://10.0.0.1/', false],
    ['http://[::2]/', false],
  ])('%s is loopback: %s', (url, loopback) => {
    expect(isLoopbackUrl(new URL(url))).toBe(loopback);
  });
});

describe('server addresses (issuer and API base URL)', () => {
  it('accepts https anywhere and plain http on loopback only', () => {
    expect(
      errorsFor({ issuer: 'http://127.0.0.1:4000', apiBaseUrl: 'http://[::1]:4000/api/v1/' }),
    ).toStrictEqual({});
    expect(
      errorsFor({ issuer: 'http://localhost:4000', apiBaseUrl: 'http://127.0.0.1:4000/api/v1/' }),
    ).toStrictEqual({});
    expect(errorsFor({ issuer: '  https://login.tapkey.com  ' })).toStrictEqual({});
  });

  it('refuses plain http to a remote host, naming the field', () => {
    const e = errorsFor({
      issuer: 'http://login.tapkey.com',
      apiBaseUrl: 'http://127.0.0.1.evil.example/api/v1/',
    });
    expect(Object.keys(e).sort()).toEqual(['apiBaseUrl', 'issuer']);
    expect(e.issuer).toMatch(/^Authorization server must use https:\/\//);
    expect(e.apiBaseUrl).toMatch(/^API base URL must use https:\/\//);
  });

  it('refuses a user name or a password alone, which would let the address point elsewhere', () => {
    for (const issuer of [
      'https://login.tapkey.com@evil.example',
      'https://:secret@login.tapkey.com',
      'https://user:pw@login.tapkey.com',
    ]) {
      expect(errorsFor({ issuer }).issuer, issuer).toMatch(
        /^Authorization server must not contain a user name or password/,
      );
    }
    expect(
      errorsFor({ apiBaseUrl: 'https://my.tapkey.com@evil.example/api/v1/' }).apiBaseUrl,
    ).toMatch(/^API base URL must not contain a user name or password/);
  });

  it('refuses a query or a fragment, each on its own', () => {
    expect(errorsFor({ issuer: 'https://login.tapkey.com/?tenant=x' }).issuer).toMatch(
      /must not contain \? or #/,
    );
    expect(errorsFor({ issuer: 'https://login.tapkey.com/#x' }).issuer).toMatch(
      /must not contain \? or #/,
    );
    expect(errorsFor({ apiBaseUrl: 'https://my.tapkey.com/api/v1/?x=1' }).apiBaseUrl).toMatch(
      /must not contain \? or #/,
    );
  });

  it('refuses what is not an http(s) address', () => {
    for (const issuer of [
      '',
      'login.tapkey.com',
      'ftp://login.tapkey.com',
      'javascript:alert(1)',
    ]) {
      expect(errorsFor({ issuer }).issuer, issuer).toMatch(
        /^Authorization server must be a web address starting with https:\/\//,
      );
    }
  });
});

describe('redirect URI', () => {
  it('accepts a loopback http address with a port, with or without a query', () => {
    expect(errorsFor({ redirectUri: 'http://127.0.0.1:8111/callback?x=1' })).toStrictEqual({});
    expect(errorsFor({ redirectUri: ' http://127.0.0.1:8111/callback ' })).toStrictEqual({});
  });

  it('refuses plain http to a remote host, and https anywhere (the app listens on loopback only)', () => {
    for (const redirectUri of [
      'http://example.com:8111/callback',
      'http://127.0.0.1.evil.example:8111/callback',
      'https://127.0.0.1:8111/callback',
      'https://example.com/cb',
    ]) {
      expect(errorsFor({ redirectUri }).redirectUri, redirectUri).toMatch(/loopback/);
    }
  });

  it('refuses an unreadable address, one without a port, and one with a fragment, each with its own message', () => {
    expect(errorsFor({ redirectUri: 'not a url' }).redirectUri).toMatch(
      /^Redirect URI must be an http:\/\/127\.0\.0\.1:PORT/,
    );
    expect(errorsFor({ redirectUri: 'http://127.0.0.1/callback' }).redirectUri).toMatch(
      /must name a port/,
    );
    expect(errorsFor({ redirectUri: 'http://127.0.0.1:8111/callback#x' }).redirectUri).toMatch(
      /must not contain a # part/,
    );
  });
});

describe('client ID and sign-in mode', () => {
  it('requires a client ID of 1 to 200 printable characters without spaces', () => {
    expect(errorsFor({ clientId: '  ' }).clientId).toMatch(/^Client ID is required/);
    expect(errorsFor({ clientId: ' tapkey-locks-desktop ' })).toStrictEqual({});
    expect(errorsFor({ clientId: 'x'.repeat(200) })).toStrictEqual({});
    for (const clientId of ['x'.repeat(201), 'abc def', 'abc\u0000', 'äpp', 'abc\u007f']) {
      expect(errorsFor({ clientId }).clientId, JSON.stringify(clientId)).toMatch(
        /^Client ID must be printable characters without spaces/,
      );
    }
  });

  it('accepts the two sign-in modes and nothing else', () => {
    expect(errorsFor({ signInMode: 'system-browser' })).toStrictEqual({});
    expect(errorsFor({ signInMode: 'popup' as Settings['signInMode'] }).signInMode).toMatch(
      /^Choose a sign-in mode/,
    );
  });
});
