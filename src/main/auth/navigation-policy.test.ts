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

  it('allows documents of the authorization server only', () => {
    expect(decideNavigation('https://login.tapkey.com/Account/Login', 'document', ctx)).toEqual({
      action: 'allow',
    });
    expect(decideNavigation('https://evil.example/phish', 'document', ctx)).toEqual({
      action: 'block',
      origin: 'https://evil.example',
    });
    expect(decideNavigation('http://login.tapkey.com/x', 'document', ctx)).toMatchObject({
      action: 'block',
    });
    expect(
      decideNavigation('https://login.tapkey.com.evil.example/', 'document', ctx),
    ).toMatchObject({ action: 'block' });
    expect(decideNavigation('file:///etc/passwd', 'document', ctx)).toEqual({
      action: 'block',
      origin: 'file:',
    });
    expect(decideNavigation('javascript:alert(1)', 'document', ctx)).toMatchObject({
      action: 'block',
    });
    // Another port or path on the loopback host is not the callback, and not the server either.
    expect(decideNavigation('http://127.0.0.1:8112/callback', 'document', ctx)).toMatchObject({
      action: 'block',
    });
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

  it('allows an allowed plain-http origin (the local sandbox) and about:blank, and blocks other schemes by name', () => {
    expect(decideNavigation('http://127.0.0.1:4000/interaction/1', 'document', local)).toEqual({
      action: 'allow',
    });
    expect(decideNavigation('about:blank', 'document', local)).toEqual({ action: 'allow' });
    expect(decideNavigation('ftp://login.tapkey.com/', 'document', local)).toEqual({
      action: 'block',
      origin: 'ftp:',
    });
    expect(decideNavigation('data:text/html,<h1>x</h1>', 'document', local)).toEqual({
      action: 'block',
      origin: 'data:',
    });
    expect(decideNavigation('not a url', 'document', local)).toEqual({
      action: 'block',
      origin: 'not a url:',
    });
  });

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
