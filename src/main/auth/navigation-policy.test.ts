import { describe, expect, it } from 'vitest';
import { decideNavigation, foreignOriginMessage } from './navigation-policy';

const ctx = {
  redirectUri: 'http://127.0.0.1:8111/callback',
  allowedOrigins: ['https://login.tapkey.com'],
};

describe('navigation policy of the sign-in window', () => {
  it('captures the callback for any kind of request, so the code never leaves the app', () => {
    const url = 'http://127.0.0.1:8111/callback?code=c&state=s';
    expect(decideNavigation(url, 'document', ctx)).toEqual({ action: 'callback', url });
    expect(decideNavigation(url, 'subresource', ctx)).toEqual({ action: 'callback', url });
  });

  it.each([
    ['https://login.tapkey.com/Account/Login', { action: 'allow' }],
    ['https://evil.example/phish', { action: 'block', origin: 'https://evil.example' }],
    ['http://login.tapkey.com/x', { action: 'block', origin: 'http://login.tapkey.com' }],
    [
      'https://login.tapkey.com.evil.example/',
      { action: 'block', origin: 'https://login.tapkey.com.evil.example' },
    ],
    ['file:///etc/passwd', { action: 'block', origin: 'file:' }],
    ['javascript:alert(1)', { action: 'block', origin: 'javascript:' }],
    // Another port or path on the loopback host is not the callback, and not the server either.
    ['http://127.0.0.1:8112/callback', { action: 'block', origin: 'http://127.0.0.1:8112' }],
  ])('allows documents of the authorization server only: %s', (url, decision) => {
    expect(decideNavigation(url, 'document', ctx)).toEqual(decision);
  });

  it('leaves subresources alone', () => {
    expect(decideNavigation('https://cdn.example/app.js', 'subresource', ctx)).toEqual({
      action: 'allow',
    });
  });
});

describe('navigation policy, edge by edge', () => {
  const local = {
    redirectUri: 'http://127.0.0.1:8111/callback',
    allowedOrigins: ['http://127.0.0.1:4000', 'https://login.tapkey.com'],
  };

  it.each([
    ['http://127.0.0.1:4000/interaction/1', { action: 'allow' }],
    ['about:blank', { action: 'allow' }],
    ['ftp://login.tapkey.com/', { action: 'block', origin: 'ftp:' }],
    ['data:text/html,<h1>x</h1>', { action: 'block', origin: 'data:' }],
    ['not a url', { action: 'block', origin: 'not a url:' }],
  ])(
    'allows an allowed plain-http origin (the local sandbox) and about:blank, and blocks other schemes by name: %s',
    (url, decision) => {
      expect(decideNavigation(url, 'document', local)).toEqual(decision);
    },
  );

  it('names the foreign host in the message, shortened, and the scheme when there is no host', () => {
    const tail =
      ', which the sign-in window does not allow. If you sign in through another provider, switch to "Sign in with your browser" in Settings.';
    expect(foreignOriginMessage('https://evil.example')).toBe(
      `The sign-in page tried to open another site (evil.example)${tail}`,
    );
    expect(foreignOriginMessage('http://127.0.0.1:9000')).toBe(
      `The sign-in page tried to open another site (127.0.0.1:9000)${tail}`,
    );
    expect(foreignOriginMessage('file:')).toBe(
      `The sign-in page tried to open another site (file:)${tail}`,
    );
    expect(foreignOriginMessage('not a url')).toBe(
      `The sign-in page tried to open another site (not a url)${tail}`,
    );
    const long = `https://${'a'.repeat(100)}.example`;
    expect(foreignOriginMessage(long)).toBe(
      `The sign-in page tried to open another site (${'a'.repeat(80)})${tail}`,
    );
  });
});
