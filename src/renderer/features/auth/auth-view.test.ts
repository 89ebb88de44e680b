import { describe, expect, it } from 'vitest';
import { signedInAs, signInView } from './auth-view';

describe('signInView', () => {
  it('treats signed-in and refreshing as signed in', () => {
    expect(signInView({ status: 'signed-in', remembered: true })).toEqual({ kind: 'signed-in' });
    expect(signInView({ status: 'refreshing', remembered: false })).toEqual({ kind: 'signed-in' });
  });

  it('tells the user where to continue while authorizing, and offers cancel', () => {
    expect(signInView({ status: 'authorizing', mode: 'system-browser' })).toMatchObject({
      kind: 'authorizing',
      cancellable: true,
      message: expect.stringMatching(/browser/),
      canShowWindow: false,
    });
    expect(signInView({ status: 'authorizing', mode: 'embedded' })).toMatchObject({
      message: expect.stringMatching(/window/),
      canShowWindow: true,
    });
    expect(signInView({ status: 'exchanging' }).kind).toBe('exchanging');
  });

  it('shows why the user is signed out', () => {
    expect(signInView({ status: 'signed-out' })).toEqual({ kind: 'idle', problem: null });
    expect(signInView({ status: 'signed-out', reason: 'You changed the server.' })).toEqual({
      kind: 'idle',
      problem: 'You changed the server.',
    });
    expect(signInView({ status: 'expired', reason: '' })).toMatchObject({
      problem: expect.stringMatching(/expired/),
    });
    expect(
      signInView({ status: 'error', code: 'access-denied', message: 'Tapkey refused.' }),
    ).toEqual({ kind: 'idle', problem: 'Tapkey refused.' });
  });
});

describe('signedInAs', () => {
  it('names the account the server reported, else the issuer host, and nobody when signed out', () => {
    const withAccount = {
      status: 'signed-in',
      remembered: true,
      account: 'alice@example.com',
    } as const;
    expect(signedInAs(withAccount, 'https://login.tapkey.com')).toBe('alice@example.com');
    expect(signedInAs({ status: 'refreshing', remembered: true }, 'http://127.0.0.1:4567')).toBe(
      '127.0.0.1:4567',
    );
    expect(signedInAs({ status: 'signed-in', remembered: true }, 'not a url')).toBeNull();
    expect(signedInAs({ status: 'expired', reason: 'x' }, 'https://login.tapkey.com')).toBeNull();
  });
});
