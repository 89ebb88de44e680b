import { describe, expect, it } from 'vitest';
import { decideNavigation } from './navigation-policy';

const ctx = { redirectUri: 'http://127.0.0.1:8111/callback', allowedOrigins: ['https://login.tapkey.com'] };

describe('navigation policy of the sign-in window', () => {
  it('captures the callback for any kind of request, so the code never leaves the app', () => {
    const url = 'http://127.0.0.1:8111/callback?code=c&state=s';
    expect(decideNavigation(url, 'document', ctx)).toEqual({ action: 'callback', url });
    expect(decideNavigation(url, 'subresource', ctx)).toEqual({ action: 'callback', url });
  });

  it('allows documents of the authorization server only', () => {
    expect(decideNavigation('https://login.tapkey.com/Account/Login', 'document', ctx)).toEqual({ action: 'allow' });
    expect(decideNavigation('https://evil.example/phish', 'document', ctx)).toEqual({ action: 'block', origin: 'https://evil.example' });
    expect(decideNavigation('http://login.tapkey.com/x', 'document', ctx)).toMatchObject({ action: 'block' });
    expect(decideNavigation('https://login.tapkey.com.evil.example/', 'document', ctx)).toMatchObject({ action: 'block' });
    expect(decideNavigation('file:///etc/passwd', 'document', ctx)).toEqual({ action: 'block', origin: 'file:' });
    expect(decideNavigation('javascript:alert(1)', 'document', ctx)).toMatchObject({ action: 'block' });
    // Another port or path on the loopback host is not the callback, and not the server either.
    expect(decideNavigation('http://127.0.0.1:8112/callback', 'document', ctx)).toMatchObject({ action: 'block' });
  });

  it('leaves subresources alone', () => {
    expect(decideNavigation('https://cdn.example/app.js', 'subresource', ctx)).toEqual({ action: 'allow' });
  });
});
