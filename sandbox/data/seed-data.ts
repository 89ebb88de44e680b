import { createRandom, randomGuid } from '../prng';
import { OWNER_NAMES } from './catalogue';
import { generateBoundLocks } from './bound-locks';
import { AccessStore } from './access-store';
import type { BoundLockJson, OwnerAccountJson } from './types';

export interface DataOptions {
  seed: string;
  /** Owner accounts of alice, the sized demo user. */
  owners: number;
  /** Locks per owner account of alice. */
  locks: number;
  /** Grants per lock (default 8). */
  grants?: number;
  /** Log entries per lock (default 300). */
  logEntries?: number;
}

export interface DemoUser {
  username: string;
  password: string;
  displayName: string;
  ownerAccounts: OwnerAccountJson[];
}

interface AccountRecord {
  account: OwnerAccountJson;
  username: string;
  lockCount: number;
}

/** The sandbox's users, owner accounts and (lazily generated) bound locks. */
export class SandboxData {
  readonly users: DemoUser[];
  private readonly accounts = new Map<string, AccountRecord>();
  private readonly lockCache = new Map<
    string,
    { list: BoundLockJson[]; byId: Map<string, BoundLockJson> }
  >();
  /** Grants, contacts, bound cards and access logs. */
  readonly access: AccessStore;

  constructor(private readonly options: DataOptions) {
    this.access = new AccessStore(
      options.seed,
      options.grants ?? 8,
      options.logEntries ?? 300,
      (id) => this.boundLocks(id),
    );
    const alice = this.addUser(
      'alice',
      'alice-password',
      'Alice Demo',
      Array.from({ length: options.owners }, (_, i) => ({
        name: `${OWNER_NAMES[i % OWNER_NAMES.length]}${i >= OWNER_NAMES.length ? ` ${Math.floor(i / OWNER_NAMES.length) + 1}` : ''}`,
        // A few inactive accounts only appear in larger data sets, so the small default set stays simple.
        active: i % 7 !== 6,
        locks: options.locks,
      })),
    );
    // bob's second account has no locks: a real "empty list" for paging and UI tests.
    const bob = this.addUser('bob', 'bob-password', 'Bob Demo', [
      { name: 'Wohnung Bob', active: true, locks: 4 },
      { name: 'Garage Bob', active: true, locks: 0 },
    ]);
    this.users = [alice, bob];
  }

  private addUser(
    username: string,
    password: string,
    displayName: string,
    specs: { name: string; active: boolean; locks: number }[],
  ): DemoUser {
    const ownerAccounts = specs.map((spec, i) => {
      const account: OwnerAccountJson = {
        id: randomGuid(createRandom(`${this.options.seed}:${username}:owner:${i}`)),
        name: spec.name,
        active: spec.active,
      };
      this.accounts.set(account.id, { account, username, lockCount: spec.locks });
      return account;
    });
    return { username, password, displayName, ownerAccounts };
  }

  /** The user with this username, or undefined. */
  user(username: string): DemoUser | undefined {
    return this.users.find((u) => u.username === username);
  }

  /** The owner account with this id (case-insensitive, like GUIDs in .NET) if `username` may see it. */
  ownerAccountFor(username: string, ownerAccountId: string): OwnerAccountJson | undefined {
    const record = this.accounts.get(ownerAccountId.toLowerCase());
    return record && record.username === username ? record.account : undefined;
  }

  /** The bound locks of an owner account (empty for unknown ids); generated on first use, then cached. */
  boundLocks(ownerAccountId: string): BoundLockJson[] {
    return this.locksEntry(ownerAccountId).list;
  }

  /** One bound lock by id (case-insensitive). */
  boundLock(ownerAccountId: string, boundLockId: string): BoundLockJson | undefined {
    return this.locksEntry(ownerAccountId).byId.get(boundLockId.toLowerCase());
  }

  private locksEntry(ownerAccountId: string): {
    list: BoundLockJson[];
    byId: Map<string, BoundLockJson>;
  } {
    const id = ownerAccountId.toLowerCase();
    let entry = this.lockCache.get(id);
    if (!entry) {
      const record = this.accounts.get(id);
      const list = record
        ? generateBoundLocks(this.options.seed, record.account.id, record.lockCount)
        : [];
      entry = { list, byId: new Map(list.map((l) => [l.id, l])) };
      this.lockCache.set(id, entry);
    }
    return entry;
  }
}
