import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppFailure } from '../errors';
import { readCallback } from './callback';
import { pendingAuthorization } from './pending-authorization.fixture';

const REDIRECT = 'http://127.0.0.1:8111/callback';
const ISSUER = 'http://127.0.0.1:4000';
const pending = () => pendingAuthorization(ISSUER, REDIRECT);

const param = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary', maxLength: 50 }),
  fc.constantFrom('', '%', '%00', '&', '=', '#', '+'),
);
const key = fc.constantFrom(
  'state',
  'code',
  'iss',
  'error',
  'error_description',
  'session_state',
  'x',
);
const query = fc.array(fc.tuple(key, param), { maxLength: 8 });
const prefix = fc.constantFrom(
  REDIRECT,
  `${REDIRECT}/`,
  'http://127.0.0.1:8112/callback',
  'http://localhost:8111/callback',
  'https://127.0.0.1:8111/callback',
);

function build(base: string, pairs: Array<[string, string]>): string {
  const u = new URL(base);
  for (const [k, v] of pairs) u.searchParams.append(k, v);
  return u.toString();
}

describe('callback parsing (property-based)', () => {
  it('throws only AppFailures, and returns a code only for our redirect URI with our unused state and issuer', () => {
    fc.assert(
      fc.property(prefix, query, fc.boolean(), (base, pairs, includeOurs) => {
        const p = pending();
        const all: Array<[string, string]> = includeOurs
          ? [['state', p.state], ['iss', ISSUER], ...pairs]
          : pairs;
        const url = build(base, all);
        let result: { code: string } | null = null;
        try {
          result = readCallback(url, p);
        } catch (e) {
          expect(e).toBeInstanceOf(AppFailure);
          const message = (e as AppFailure).message;
          // Nothing the attacker or server put into the URL is echoed beyond a short sanitised error code,
          // and the attempt's own secrets never appear.
          expect(message).not.toContain(p.state);
          expect(message).not.toContain(p.verifier);
          for (const [k, v] of all)
            if (k === 'code' && v.length >= 6) expect(message).not.toContain(v);
        }
        if (result) {
          const params = new URL(url).searchParams;
          expect(new URL(url).origin + new URL(url).pathname).toBe(REDIRECT);
          expect(params.get('state')).toBe(p.state);
          expect(params.get('iss')).toBe(ISSUER);
          expect(params.get('error')).toBeNull();
          for (const k of ['state', 'code', 'iss']) expect(params.getAll(k)).toHaveLength(1);
          expect(result.code).toBe(params.get('code'));
        }
        // Whatever happened, the attempt is spent: a replay is refused.
        expect(() => readCallback(url, p)).toThrow(AppFailure);
      }),
      { numRuns: 2_000 },
    );
  });

  it('refuses huge values without choking', () => {
    const p = pending();
    const big = 'a'.repeat(200_000);
    expect(() =>
      readCallback(
        build(REDIRECT, [
          ['state', big],
          ['code', big],
        ]),
        p,
      ),
    ).toThrow(AppFailure);
    const q = pending();
    expect(
      readCallback(
        build(REDIRECT, [
          ['state', q.state],
          ['iss', ISSUER],
          ['code', big],
        ]),
        q,
      ).code,
    ).toHaveLength(200_000);
  });
});
