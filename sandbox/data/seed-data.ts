import { DEFAULT_BEHAVIOUR, type Behaviour } from '../behaviour';
import { createRandom, randomGuid } from '../prng';
import { AccessStore } from './access-store';
import { generateBoundLocks } from './bound-locks';
import { OWNER_NAMES } from './catalogue';
import { lockDetails, type LockDetails } from './lock-details';
import type { Role } from './roles';
import type { BoundLockJson, OwnerAccountJson } from './types';
import type { LockEdit } from '../types';

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
  /** How undocumented points are played (see behaviour.ts). */
  behaviour?: Behaviour;
}

export interface DemoUser {
  username: string;
  password: string;
  displayName: string;
  ownerAccounts: OwnerAccountJson[];
}

interface AccountRecord {
  account: OwnerAccountJson;
  lockCount: number;
  /** Index among alice's accounts, or -1. */
  aliceIndex: number;
  roles: Map<string, Role>;
}

/** The sandbox's users, their roles in owner accounts, and the (lazily generated) bound locks. */
export class SandboxData {
  readonly users: DemoUser[];
  readonly behaviour: Behaviour;
  private readonly accounts = new Map<string, AccountRecord>();
  private readonly lockCache = new Map<
    string,
    { list: BoundLockJson[]; byId: Map<string, BoundLockJson> }
  >();
  private readonly details = new Map<string, LockDetails>();
  /** Contacts, bound cards, lock groups, grants and access logs. */
  readonly access: AccessStore;

  constructor(private readonly options: DataOptions) {
    this.behaviour = options.behaviour ?? DEFAULT_BEHAVIOUR;
    this.access = new AccessStore({
      seed: options.seed,
      grantsPerLock: options.grants ?? 8,
      logEntriesPerLock: options.logEntries ?? 300,
      behaviour: this.behaviour,
      locksOf: (id) => this.boundLocks(id),
      lockOf: (owner, id) => this.boundLock(owner, id),
      detailsOf: (id) => this.details.get(id.toLowerCase()),
      sharedPersonIn: (id) => {
        const index = this.accounts.get(id.toLowerCase())?.aliceIndex ?? -1;
        return index >= 0 && index < this.behaviour.sharedPersonAccounts
          ? { titled: index % 2 === 0 }
          : null;
      },
    });
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
    alice.ownerAccounts.forEach((o, i) => {
      (this.accounts.get(o.id) as AccountRecord).aliceIndex = i;
    });
    // bob's second account has no locks: a real "empty list" for paging and UI tests.
    const bob = this.addUser('bob', 'bob-password', 'Bob Demo', [
      { name: 'Wohnung Bob', active: true, locks: 4 },
      { name: 'Garage Bob', active: true, locks: 0 },
    ]);
    // carol is an Access Manager in alice's first account: she manages access but may not read its logs.
    const carol: DemoUser = {
      username: 'carol',
      password: 'carol-password',
      displayName: 'Carol Demo',
      ownerAccounts: alice.ownerAccounts.slice(0, 1),
    };
    for (const o of carol.ownerAccounts)
      (this.accounts.get(o.id) as AccountRecord).roles.set('carol', 'AccessManager');
    this.users = [alice, bob, carol];
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
      this.accounts.set(account.id, {
        account,
        lockCount: spec.locks,
        aliceIndex: -1,
        roles: new Map([[username, 'Owner']]),
      });
      return account;
    });
    return { username, password, displayName, ownerAccounts };
  }

  /** The user with this username, or undefined. */
  user(username: string): DemoUser | undefined {
    return this.users.find((u) => u.username === username);
  }

  /** The owner account with this id (case-insensitive, like GUIDs in .NET) if `username` has a role in it. */
  ownerAccountFor(username: string, ownerAccountId: string): OwnerAccountJson | undefined {
    const record = this.accounts.get(ownerAccountId.toLowerCase());
    return record?.roles.has(username) ? record.account : undefined;
  }

  /** The user's role in the owner account, or undefined when they have none. */
  roleIn(username: string, ownerAccountId: string): Role | undefined {
    return this.accounts.get(ownerAccountId.toLowerCase())?.roles.get(username);
  }

  /** Every owner account id (any user's). */
  ownerAccountIds(): string[] {
    return [...this.accounts.keys()];
  }

  /** The bound locks of an owner account (empty for unknown ids); generated on first use, then cached. */
  boundLocks(ownerAccountId: string): BoundLockJson[] {
    return this.locksEntry(ownerAccountId).list;
  }

  /** One bound lock by id (case-insensitive). */
  boundLock(ownerAccountId: string, boundLockId: string): BoundLockJson | undefined {
    return this.locksEntry(ownerAccountId).byId.get(boundLockId.toLowerCase());
  }

  /** What the sandbox knows about a lock beyond its JSON (iCal support, health). */
  lockDetails(boundLockId: string): LockDetails | undefined {
    return this.details.get(boundLockId.toLowerCase());
  }

  /** The owner account a lock is bound to (accounts whose locks were never generated are generated first). */
  ownerOfLock(boundLockId: string): string | undefined {
    const id = boundLockId.toLowerCase();
    const find = () => [...this.lockCache].find(([, e]) => e.byId.has(id))?.[0];
    const cached = find();
    if (cached) return cached;
    for (const owner of this.accounts.keys()) this.boundLocks(owner);
    return find();
  }

  /** The owner account a card is bound to (accounts never used are generated first). */
  ownerOfCard(cardId: string): string | undefined {
    const id = cardId.toLowerCase();
    return this.ownerAccountIds().find((owner) => this.access.card(owner, id) !== undefined);
  }

  /**
   * Changes an account's locks as an installer would in Tapkey's portal (tests of what the app shows after a
   * change): retitles `rename`, unbinds `remove`, binds a copy of the first lock under `add`'s id and title.
   */
  editLocks(ownerAccountId: string, edit: LockEdit): void {
    const entry = this.locksEntry(ownerAccountId);
    for (const r of edit.rename ?? []) {
      const lock = entry.byId.get(r.id.toLowerCase());
      if (!lock) throw new Error(`no lock ${r.id} in ${ownerAccountId}`);
      lock.title = r.title;
    }
    for (const id of edit.remove ?? []) {
      const i = entry.list.findIndex((l) => l.id === id.toLowerCase());
      if (i < 0) throw new Error(`no lock ${id} in ${ownerAccountId}`);
      entry.list.splice(i, 1);
      entry.byId.delete(id.toLowerCase());
    }
    const template = entry.list[0];
    for (const a of edit.add ?? []) {
      if (!template) throw new Error(`no lock to copy in ${ownerAccountId}`);
      const lock = { ...template, id: a.id.toLowerCase(), title: a.title };
      entry.list.push(lock);
      entry.byId.set(lock.id, lock);
      const details = this.details.get(template.id);
      if (details) this.details.set(lock.id, details);
    }
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
        ? generateBoundLocks(this.options.seed, record.account.id, record.lockCount, {
            withoutActive: this.behaviour.locksWithoutActive,
          })
        : [];
      list.forEach((lock, i) => this.details.set(lock.id, lockDetails(this.options.seed, lock, i)));
      entry = { list, byId: new Map(list.map((l) => [l.id, l])) };
      this.lockCache.set(id, entry);
    }
    return entry;
  }
}
