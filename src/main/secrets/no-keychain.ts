import { KeychainError, type Keychain } from './keychain';

/** The keychain when none is wired: every call fails as unavailable, so nothing is ever stored in plaintext. */
export const noKeychain: Keychain = {
  description: 'no keychain',
  get: () => Promise.reject(new KeychainError('unavailable', 'no keychain is wired')),
  set: () => Promise.reject(new KeychainError('unavailable', 'no keychain is wired')),
  delete: () => Promise.reject(new KeychainError('unavailable', 'no keychain is wired')),
};
