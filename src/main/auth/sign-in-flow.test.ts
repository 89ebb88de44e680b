import { describe, expect, it } from 'vitest';
import { accountLabel } from './sign-in-flow';

const idToken = (claims: Record<string, unknown>) => `e30.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.sig`;

describe('the signed-in account label', () => {
  it('prefers name, then email, then preferred_username', () => {
    expect(accountLabel(idToken({ sub: '1', name: 'Alice Example', email: 'alice@example.com', preferred_username: 'alice' }))).toBe('Alice Example');
    expect(accountLabel(idToken({ sub: '1', email: 'alice@example.com', preferred_username: 'alice' }))).toBe('alice@example.com');
    expect(accountLabel(idToken({ sub: '1', preferred_username: 'alice' }))).toBe('alice');
  });

  it('is absent when the ID token names nobody (or cannot be read); never the subject id', () => {
    expect(accountLabel(idToken({ sub: '1' }))).toBeUndefined();
    expect(accountLabel(idToken({ sub: '1', name: '   ', email: 42 }))).toBeUndefined();
    expect(accountLabel('not-a-jwt')).toBeUndefined();
  });

  it('is bounded in length', () => {
    expect(accountLabel(idToken({ name: 'x'.repeat(500) }))).toHaveLength(200);
  });
});
