// Settings are tidied once, when saved; afterwards issuers are compared exactly (RFC 8414 §3.3).
import { describe, expect, it } from 'vitest';
import type { Settings } from './model';
import { tidyIssuer, tidySettings } from './settings-tidy';

describe('tidyIssuer', () => {
  it('trims, lower-cases scheme and host, and drops every trailing slash, keeping the path', () => {
    expect(tidyIssuer('  https://Login.Tapkey.COM/ ')).toBe('https://login.tapkey.com');
    expect(tidyIssuer('HTTPS://login.example')).toBe('https://login.example');
    expect(tidyIssuer('https://login.example/realms/Tapkey//')).toBe(
      'https://login.example/realms/Tapkey',
    );
    expect(tidyIssuer('https://login.example/a/b')).toBe('https://login.example/a/b');
    expect(tidyIssuer('https://login.example:8443')).toBe('https://login.example:8443');
    expect(tidyIssuer('http://127.0.0.1:3000/')).toBe('http://127.0.0.1:3000');
  });

  it('only trims what validation must refuse: not a URL, credentials, a query, a fragment, another scheme', () => {
    for (const raw of [
      'not a url/',
      'https://user@login.example/',
      'https://:secret@login.example/',
      'https://login.example/?x=1',
      'https://login.example/#top',
      'ftp://login.example/',
      'javascript:alert(1)/',
    ]) {
      expect(tidyIssuer(` ${raw} `), raw).toBe(raw);
    }
  });
});

describe('tidySettings', () => {
  const typed: Settings = {
    clientId: ' my-client ',
    issuer: ' https://Login.Tapkey.com/ ',
    apiBaseUrl: ' https://my.tapkey.com/api/v1 ',
    redirectUri: ' http://127.0.0.1:8111/callback ',
    signInMode: 'system-browser',
    accessData: false,
  };

  it('trims every field, tidies the issuer and ends the API base URL in exactly one slash', () => {
    expect(tidySettings(typed)).toStrictEqual({
      clientId: 'my-client',
      issuer: 'https://login.tapkey.com',
      apiBaseUrl: 'https://my.tapkey.com/api/v1/',
      redirectUri: 'http://127.0.0.1:8111/callback',
      signInMode: 'system-browser',
      accessData: false,
    });
    expect(tidySettings({ ...typed, apiBaseUrl: 'https://my.tapkey.com/api/v1/' }).apiBaseUrl).toBe(
      'https://my.tapkey.com/api/v1/',
    );
  });

  it('leaves an empty API base URL empty, so validation can say it is missing', () => {
    expect(tidySettings({ ...typed, apiBaseUrl: '  ' }).apiBaseUrl).toBe('');
  });
});
