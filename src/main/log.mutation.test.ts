// The redacting logger, one rule at a time, through its public functions only: each case would leak a token,
// code or verifier (or hide a harmless field) if the rule behind it were weakened.
import { describe, expect, it } from 'vitest';
import { createLogger, redact, redactText } from './log';

// Field names whose value is a secret, in the spellings and cases seen in OAuth libraries and our own code.
const SECRET_FIELD_NAMES = [
  'access_token',
  'accessToken',
  'accesstoken',
  'ACCESS_TOKEN',
  'refresh_token',
  'refreshToken',
  'id_token',
  'idToken',
  'token',
  'code',
  'code_verifier',
  'codeVerifier',
  'verifier',
  'client_secret',
  'clientSecret',
  'password',
  'authorization',
  'Authorization',
  'cookie',
  'assertion',
  'nonce',
] as const;

describe('redaction by field name', () => {
  it('redacts every secret-named field however it is spelled or cased', () => {
    const out = redact(Object.fromEntries(SECRET_FIELD_NAMES.map((n) => [n, 'opaque'])));
    expect(out).toEqual(Object.fromEntries(SECRET_FIELD_NAMES.map((n) => [n, '[redacted]'])));
  });

  it('keeps fields whose names only contain a secret word', () => {
    const fields = {
      tokenEndpoint: 'https://login.example/token',
      errorCode: 'network',
      codeChallengeMethod: 'S256',
      accessTokenExpiresAt: 5,
      xnonce: 'n',
    };
    expect(redact(fields)).toEqual(fields);
  });

  it('keeps an absent secret visibly absent, and redacts non-text secrets too', () => {
    expect(
      redact({ refreshToken: null, accessToken: undefined, code: 0, token: { nested: 'x' } }),
    ).toEqual({
      refreshToken: null,
      accessToken: undefined,
      code: '[redacted]',
      token: '[redacted]',
    });
  });
});

describe('redaction inside text', () => {
  const SECRET_PARAMETERS = [
    'access_token',
    'refresh_token',
    'id_token',
    'code',
    'code_verifier',
    'state',
    'nonce',
    'token',
    'password',
    'CODE',
  ];
  it.each(SECRET_PARAMETERS)(
    'redacts the value of the parameter %s, up to its delimiter',
    (name) => {
      expect(redactText(`a=1&${name}=s3cr3t-value&b=2`)).toBe(`a=1&${name}=[redacted]&b=2`);
    },
  );

  // Text as written → text as logged.
  it.each([
    // A parameter's value ends at white space, a quote, '#' or the next parameter.
    ['code=abc def', 'code=[redacted] def'],
    ['"code=abc"', '"code=[redacted]"'],
    ["'code=abc'", "'code=[redacted]'"],
    ['/cb?code=abc#frag', '/cb?code=[redacted]#frag'],
    ['code=one and code=two', 'code=[redacted] and code=[redacted]'],
    // Parameters that merely end in a secret name stay.
    ['barcode=123&xstate=open', 'barcode=123&xstate=open'],
    // A whole Bearer token, whatever the spacing or case.
    ['Authorization: Bearer abc.DEF_123-~+/=', 'Authorization: Bearer [redacted]'],
    ['authorization: bearer   abcdef', 'authorization: Bearer [redacted]'],
    ['Bearer one, Bearer two', 'Bearer [redacted], Bearer [redacted]'],
    ['Bearer\tabcdef', 'Bearer [redacted]'],
    // Whole JWTs, signed or not; short "eyJ" words are not tokens.
    ['id eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln-_x end', 'id [redacted-jwt] end'],
    ['id eyJhbGciOiJub25lIn0.eyJzdWIiOiIxIn0. end', 'id [redacted-jwt] end'],
    ['id eyJhbGciOiJub25lIn0.eyJzdWIiOiIxIn0 end', 'id [redacted-jwt] end'],
    ['a eyJhbGciOi.e1 b eyJhbGciOi.e2', 'a [redacted-jwt] b [redacted-jwt]'],
    ['keyJam eyJab.cd', 'keyJam eyJab.cd'],
    // Secret values in JSON bodies; the rest stays.
    [
      '{"access_token" : "at-1","refresh_token":"rt-1","id_token":"", "code":"c","code_verifier":"v","password":"p","scope":"a b","ACCESS_TOKEN":"x"}',
      '{"access_token" : "[redacted]","refresh_token":"[redacted]","id_token":"[redacted]", "code":"[redacted]","code_verifier":"[redacted]","password":"[redacted]","scope":"a b","ACCESS_TOKEN":"[redacted]"}',
    ],
  ])('%j is logged as %j', (text, logged) => {
    expect(redactText(text)).toBe(logged);
  });

  it('redacts registered secrets of eight characters or more, everywhere, and ignores shorter ones', () => {
    expect(redactText('x 12345678 y 12345678', new Set(['12345678']))).toBe(
      'x [redacted] y [redacted]',
    );
    expect(redactText('status 1234567 ok', new Set(['1234567']))).toBe('status 1234567 ok');
  });
});

describe('redaction of structured values', () => {
  it('redacts text in any field, array or error message, and keeps numbers, booleans and null', () => {
    const secrets = new Set(['live-secret-1']);
    const out = redact(
      {
        url: 'http://127.0.0.1:8111/callback?code=abc&state=xyz',
        list: ['Bearer tok', 'live-secret-1', 3],
        error: new TypeError('refused code=abc live-secret-1'),
        n: 1,
        ok: true,
        none: null,
      },
      secrets,
    );
    expect(out).toEqual({
      url: 'http://127.0.0.1:8111/callback?code=[redacted]&state=[redacted]',
      list: ['Bearer [redacted]', '[redacted]', 3],
      error: { name: 'TypeError', message: 'refused code=[redacted] [redacted]' },
      n: 1,
      ok: true,
      none: null,
    });
    expect(redact('code=abc')).toBe('code=[redacted]');
    expect(redact(42)).toBe(42);
    expect(redact(undefined)).toBeUndefined();
  });

  it('stops below six levels of nesting, and still redacts text at the last level', () => {
    const deep = {
      l1: { l2: { l3: { l4: { l5: { l6: { text: 'code=abc', l7: { l8: 'x' } } } } } } },
    };
    expect(redact(deep)).toEqual({
      l1: { l2: { l3: { l4: { l5: { l6: { text: 'code=[redacted]', l7: '[…]' } } } } } },
    });
    expect(redact([[[[[[[['x']]]]]]]])).toEqual([[[[[[['[…]']]]]]]]);
  });
});

describe('logger', () => {
  const capture = (minLevel?: 'debug' | 'info' | 'warn' | 'error') => {
    const lines: string[] = [];
    const log = createLogger(
      (l) => lines.push(l),
      minLevel,
      () => new Date('2026-01-02T03:04:05.000Z'),
    );
    return { log, entries: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
  };

  it('writes one JSON line per entry with time, level, redacted message and redacted fields', () => {
    const { log, entries } = capture('debug');
    log.addSecret('registered-secret');
    log.debug('d code=abc', { accessToken: 'at', note: 'registered-secret' });
    log.info('i');
    log.warn('w');
    log.error('e registered-secret');
    expect(entries()).toEqual([
      {
        time: '2026-01-02T03:04:05.000Z',
        level: 'debug',
        message: 'd code=[redacted]',
        accessToken: '[redacted]',
        note: '[redacted]',
      },
      { time: '2026-01-02T03:04:05.000Z', level: 'info', message: 'i' },
      { time: '2026-01-02T03:04:05.000Z', level: 'warn', message: 'w' },
      { time: '2026-01-02T03:04:05.000Z', level: 'error', message: 'e [redacted]' },
    ]);
  });

  it('writes from the minimum level up, info by default', () => {
    const all = (minLevel?: 'debug' | 'info' | 'warn' | 'error') => {
      const { log, entries } = capture(minLevel);
      log.debug('debug');
      log.info('info');
      log.warn('warn');
      log.error('error');
      return entries().map((e) => e.message);
    };
    expect(all()).toEqual(['info', 'warn', 'error']);
    expect(all('debug')).toEqual(['debug', 'info', 'warn', 'error']);
    expect(all('warn')).toEqual(['warn', 'error']);
    expect(all('error')).toEqual(['error']);
  });

  it('stamps entries with the current time by default', () => {
    const lines: string[] = [];
    const before = Date.now();
    createLogger((l) => lines.push(l)).info('now');
    const time = Date.parse((JSON.parse(lines[0]!) as { time: string }).time);
    expect(time).toBeGreaterThanOrEqual(before - 1);
    expect(time).toBeLessThanOrEqual(Date.now() + 1);
  });
});
