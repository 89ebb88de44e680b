import { describe, expect, it } from 'vitest';
import { KeychainError, keychainProblemText } from './keychain';
import { noKeychain } from './no-keychain';
import { KEYCHAIN_SERVICE, keychainService } from './service-name';

describe('keychain problems as the user reads them', () => {
  it('has one sentence per problem', () => {
    expect(keychainProblemText('locked')).toBe(
      'Your system keychain is locked, so this sign-in will not be remembered after you quit. Unlock it and sign in again to stay signed in.',
    );
    expect(keychainProblemText('denied')).toBe(
      'Access to the system keychain was refused, so this sign-in will not be remembered after you quit.',
    );
    expect(keychainProblemText('timeout')).toBe(
      'The system keychain did not respond, so this sign-in will not be remembered after you quit.',
    );
    expect(keychainProblemText('corrupt')).toBe(
      'The saved sign-in could not be read and was replaced.',
    );
    expect(keychainProblemText('unavailable')).toBe(
      'No system keychain is available, so this sign-in will not be remembered after you quit.',
    );
  });

  it('carries the problem and the cause, never more', () => {
    const cause = new Error('org.freedesktop.Secret.Error.IsLocked');
    const e = new KeychainError('locked', 'keychain write failed', { cause });
    expect(e).toBeInstanceOf(Error);
    expect({ name: e.name, problem: e.problem, message: e.message, cause: e.cause }).toEqual({
      name: 'KeychainError',
      problem: 'locked',
      message: 'keychain write failed',
      cause,
    });
  });
});

describe('no keychain', () => {
  it('refuses every call as unavailable, so nothing is ever stored in plaintext', async () => {
    expect(noKeychain.description).toBe('no keychain');
    for (const call of [
      () => noKeychain.get('a'),
      () => noKeychain.set('a', 'v'),
      () => noKeychain.delete('a'),
    ]) {
      const e = await call().catch((err: unknown) => err);
      expect(e).toBeInstanceOf(KeychainError);
      expect(e).toMatchObject({ problem: 'unavailable', message: 'no keychain is wired' });
    }
  });
});

describe('keychain service name', () => {
  it('shares one entry between the installed app and CLI, and keeps development apart', () => {
    expect(KEYCHAIN_SERVICE).toBe('Tapkey Locks');
    expect(keychainService({ TAPKEY_LOCKS_KEYCHAIN_SERVICE: 'throwaway' }, true)).toBe(
      'Tapkey Locks',
    );
    expect(keychainService({}, false)).toBe('Tapkey Locks (development)');
    expect(keychainService({ TAPKEY_LOCKS_KEYCHAIN_SERVICE: '' }, false)).toBe(
      'Tapkey Locks (development)',
    );
    expect(keychainService({ TAPKEY_LOCKS_KEYCHAIN_SERVICE: 'throwaway' }, false)).toBe(
      'throwaway',
    );
  });
});
