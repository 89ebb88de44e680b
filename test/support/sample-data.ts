// Settings, owner accounts and bound locks shaped as main sends them to the page, for unit and component tests.
import type { BoundLock, BoundLocksPage, OwnerAccount, Settings } from '../../src/shared/model';

/** An owner account; ids are Tapkey-like so main's argument schemas accept them. */
export const account = (id: string, name: string, active = true): OwnerAccount => ({
  id,
  name,
  active,
});

/** A bound lock of `ownerAccountId`, as a list carries it (no `raw`). */
export function lock(
  ownerAccountId: string,
  id: string,
  title: string,
  over: Partial<BoundLock> = {},
): BoundLock {
  return {
    id,
    ownerAccountId,
    title,
    description: null,
    active: true,
    bindDate: '2024-03-01T10:00:00Z',
    unbindDate: null,
    physicalLockId: null,
    lockTypeId: null,
    lockType: null,
    readableLockId: null,
    lockTypeLabel: 'Td30',
    ...over,
  };
}

/** One account's page of locks, all readable. */
export const page = (ownerAccountId: string, locks: BoundLock[]): BoundLocksPage => ({
  ownerAccountId,
  locks,
  invalid: [],
});

/** Settings of a configured install, against Tapkey production. */
export const configured: Settings = {
  clientId: 'tapkey-locks-desktop',
  issuer: 'https://login.tapkey.com',
  apiBaseUrl: 'https://my.tapkey.com/api/v1/',
  redirectUri: 'http://127.0.0.1:8111/callback',
  signInMode: 'embedded',
  accessData: false,
};
