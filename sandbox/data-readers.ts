import { byState } from './data/lock-groups';
import { expandBoundLock, LOCK_EXPANDABLE } from './data/lock-details';
import type { Revocations } from './data/revocation';
import type { SandboxData } from './data/seed-data';
import type { MembershipState } from './data/types';
import type { Sandbox } from './types';

const copy = <T>(value: T): T => structuredClone(value);

/** `sandbox.data`: what the API serves, read from the sandbox's state without going through the API. */
export function createDataReaders(data: SandboxData, revocations: Revocations): Sandbox['data'] {
  const { access } = data;
  return {
    ownerAccounts: (username) => copy(data.user(username)?.ownerAccounts ?? []),
    boundLocks: (ownerAccountId) => copy(data.boundLocks(ownerAccountId)),
    expandedBoundLock: (ownerAccountId, boundLockId) => {
      const lock = data.boundLock(ownerAccountId, boundLockId);
      const details = data.lockDetails(boundLockId);
      if (!lock || !details) return undefined;
      const membership = () =>
        byState(
          access
            .lockGroups(ownerAccountId)
            .map((r) => r.members.get(lock.id))
            .filter((s): s is MembershipState => s !== undefined),
        );
      return copy(expandBoundLock(lock, details, membership, new Set(LOCK_EXPANDABLE)));
    },
    lockGroups: (ownerAccountId) => copy(access.lockGroups(ownerAccountId).map((r) => r.group)),
    lockGroupMembers: (ownerAccountId, groupId) =>
      [...(access.group(ownerAccountId, groupId)?.members ?? [])].map(([boundLockId, state]) => ({
        boundLockId,
        state,
      })),
    grants: (ownerAccountId) =>
      copy(access.grantRecords(ownerAccountId).map((g) => access.serveGrant(ownerAccountId, g))),
    contacts: (ownerAccountId) => copy(access.contacts(ownerAccountId)),
    boundCards: (ownerAccountId) => copy(access.boundCards(ownerAccountId)),
    logEntries: (ownerAccountId, boundLockId) => {
      const lock = data.boundLock(ownerAccountId, boundLockId);
      return lock ? copy(access.logEntries(lock)) : [];
    },
    accountLogEntries: (ownerAccountId) =>
      data.ownerAccountIds().includes(ownerAccountId.toLowerCase())
        ? copy(access.accountLogEntries(ownerAccountId))
        : [],
    revocationList: (boundLockId) => copy(revocations.rcl(boundLockId)),
    pendingLocks: (ownerAccountId, grantId) => {
      const grant = access.grant(ownerAccountId, grantId);
      const meta = grant && access.owner(ownerAccountId).meta.get(grant.id);
      return meta ? [...meta.pendingLocks] : [];
    },
  };
}

/** `sandbox.sync`: locks and cards syncing, found by id alone. */
export function createSync(data: SandboxData, revocations: Revocations): Sandbox['sync'] {
  return {
    lock: (lockId) => {
      const owner = data.ownerOfLock(lockId);
      return owner !== undefined && revocations.syncLock(owner, lockId);
    },
    card: (cardId) => {
      const owner = data.ownerOfCard(cardId);
      return owner !== undefined && revocations.syncCard(owner, cardId);
    },
    ownerAccount: (ownerAccountId) => {
      if (!data.ownerAccountIds().includes(ownerAccountId.toLowerCase())) return false;
      revocations.syncOwnerAccount(ownerAccountId);
      return true;
    },
  };
}
