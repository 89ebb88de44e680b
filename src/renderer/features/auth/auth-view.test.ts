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
  const signedIn = { status: 'signed-in', remembered: true } as const;
  it('names the person when the server said who it is', () => {
    expect(
      signedInAs({ ...signedIn, account: ' alice@example.com ' }, 'https://login.tapkey.com'),
    ).toEqual({ kind: 'person', name: 'alice@example.com' });
  });

  it('otherwise names only the server: Tapkey by name, any other by host, never as a user', () => {
    expect(signedInAs(signedIn, 'https://login.tapkey.com')).toEqual({
      kind: 'server',
      name: 'Tapkey',
    });
    expect(signedInAs(signedIn, 'https://login.sandbox.tapkey.io/')).toEqual({
      kind: 'server',
      name: 'Tapkey sandbox',
    });
    expect(signedInAs({ ...signedIn, account: '  ' }, 'http://127.0.0.1:4567')).toEqual({
      kind: 'server',
      name: '127.0.0.1:4567',
    });
    expect(signedInAs(signedIn, 'not a url')).toBeNull();
  });

  it('keeps the last person through a refresh, and names nobody when signed out', () => {
    const refreshing = { status: 'refreshing', remembered: true } as const;
    expect(signedInAs(refreshing, 'https://login.tapkey.com', 'alice@example.com')).toEqual({
      kind: 'person',
      name: 'alice@example.com',
    });
    expect(signedInAs(refreshing, 'https://login.tapkey.com')).toEqual({
      kind: 'server',
      name: 'Tapkey',
    });
    // A signed-in state that names nobody is not given the last person: that may have been another sign-in.
    expect(signedInAs(signedIn, 'https://login.tapkey.com', 'alice@example.com')?.kind).toBe(
      'server',
    );
    expect(signedInAs({ status: 'expired', reason: 'x' }, 'https://login.tapkey.com')).toBeNull();
  });
});
