import { describe, expect, it } from 'vitest';
import { createLogger, redact, redactText } from './log';

describe('redacting logger', () => {
  it('redacts values under secret-named keys at any depth', () => {
    const out = redact({
      access_token: 'AT-1234567890',
      nested: { refreshToken: 'RT-123', code_verifier: 'v'.repeat(43) },
      status: 'signed-in',
    });
    expect(out).toEqual({
      access_token: '[redacted]',
      nested: { refreshToken: '[redacted]', code_verifier: '[redacted]' },
      status: 'signed-in',
    });
  });

  it('redacts secrets embedded in text: query strings, bearer headers, JWTs, JSON bodies', () => {
    const text =
      'GET http://127.0.0.1:8111/callback?code=abc123&state=xyz789 Authorization: Bearer tok.en-value ' +
      'jwt eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxIn0.sig body {"refresh_token":"rt-secret","scope":"x"}';
    const out = redactText(text);
    for (const secret of ['abc123', 'xyz789', 'tok.en-value', 'eyJhbGciOiJSUzI1NiJ9', 'rt-secret'])
      expect(out).not.toContain(secret);
    expect(out).toContain('"scope":"x"');
  });

  it('redacts registered live secrets wherever they appear, including error messages', () => {
    const lines: string[] = [];
    const log = createLogger((l) => lines.push(l), 'debug');
    log.addSecret('opaque-token-value-42');
    log.error('exchange failed: opaque-token-value-42 rejected', {
      error: new Error('bad opaque-token-value-42'),
    });
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain('opaque-token-value-42');
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: 'error', error: { name: 'Error' } });
  });

  it('drops entries below the minimum level', () => {
    const lines: string[] = [];
    const log = createLogger((l) => lines.push(l), 'warn');
    log.info('quiet');
    log.warn('loud');
    expect(lines.map((l) => JSON.parse(l).message)).toEqual(['loud']);
  });
});
