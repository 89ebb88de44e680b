import {
  generateBoundCards,
  generateContacts,
  generateGrants,
  generateLogEntries,
  type BoundCardJson,
  type ContactJson,
  type GrantJson,
  type LogEntryJson,
} from './access-data';
import type { BoundLockJson } from './types';

interface OwnerAccess {
  contacts: ContactJson[];
  cards: BoundCardJson[];
  grants: GrantJson[] | null;
}

/** Grants, contacts, cards and logs per owner account and lock, generated on first use and then cached. */
export class AccessStore {
  private readonly owners = new Map<string, OwnerAccess>();
  private readonly logs = new Map<string, LogEntryJson[]>();

  constructor(
    private readonly seed: string,
    private readonly grantsPerLock: number,
    private readonly logEntriesPerLock: number,
    private readonly locksOf: (ownerAccountId: string) => BoundLockJson[],
  ) {}

  private owner(ownerAccountId: string): OwnerAccess {
    const id = ownerAccountId.toLowerCase();
    let entry = this.owners.get(id);
    if (!entry) {
      entry = {
        contacts: generateContacts(this.seed, id),
        cards: generateBoundCards(this.seed, id),
        grants: null,
      };
      this.owners.set(id, entry);
    }
    return entry;
  }

  /** The owner account's contacts. */
  contacts(ownerAccountId: string): ContactJson[] {
    return this.owner(ownerAccountId).contacts;
  }

  /** The owner account's bound cards. */
  boundCards(ownerAccountId: string): BoundCardJson[] {
    return this.owner(ownerAccountId).cards;
  }

  /** Every grant of every lock of the owner account, lock by lock. */
  grants(ownerAccountId: string): GrantJson[] {
    const entry = this.owner(ownerAccountId);
    entry.grants ??= this.locksOf(ownerAccountId).flatMap((lock) =>
      generateGrants(this.seed, lock, this.grantsPerLock, entry.contacts, entry.cards),
    );
    return entry.grants;
  }

  /** A lock's log, newest first. */
  logEntries(lock: BoundLockJson): LogEntryJson[] {
    let list = this.logs.get(lock.id);
    if (!list) {
      const owner = this.owner(lock.ownerAccountId);
      list = generateLogEntries(
        this.seed,
        lock,
        this.logEntriesPerLock,
        owner.contacts,
        owner.cards,
      );
      this.logs.set(lock.id, list);
    }
    return list;
  }
}
