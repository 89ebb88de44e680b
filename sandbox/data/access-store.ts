import type { Behaviour } from '../behaviour';
import { generateGrants, generateLogEntries, mergeLogs } from './access-data';
import { CARD_CAPACITY, NEARLY_FULL_CARD, generateBoundCards } from './bound-cards';
import { generateContacts, SHARED_PERSON_IDENTIFIER } from './contacts';
import { generateLockGroups, keyHoldingMembers, type LockGroupRecord } from './lock-groups';
import type { LockDetails } from './lock-details';
import type {
  BoundCardJson,
  BoundLockJson,
  ContactJson,
  GrantJson,
  GrantRecord,
  LockGroupJson,
  LogEntryJson,
} from './types';

/** What the store needs from the rest of the data: locks, their details, and who the shared person is. */
export interface AccessStoreContext {
  seed: string;
  grantsPerLock: number;
  logEntriesPerLock: number;
  behaviour: Behaviour;
  locksOf(ownerAccountId: string): BoundLockJson[];
  lockOf(ownerAccountId: string, boundLockId: string): BoundLockJson | undefined;
  detailsOf(boundLockId: string): LockDetails | undefined;
  /** Whether the owner account has the shared person among its contacts, and under a title or not. */
  sharedPersonIn(ownerAccountId: string): { titled: boolean } | null;
}

/** Per grant, what the API does not show: when its current key was issued (for the revocation lists). */
export interface GrantMeta {
  issued: number;
  /** Locks whose revocation list holds this grant's key and that have not synced since. */
  pendingLocks: Set<string>;
  /** A card grant not yet written to the card (the card has not synced since). */
  awaitingCardWrite: boolean;
}

export interface OwnerAccess {
  contacts: ContactJson[];
  cards: BoundCardJson[];
  groups: LockGroupRecord[];
  grants: GrantRecord[];
  meta: Map<string, GrantMeta>;
}

const lower = (id: string) => id.toLowerCase();

/**
 * Contacts, cards, lock groups, grants and logs per owner account, generated on first use from the seed and
 * then kept: writes change them in place. Every change bumps `revision`, so cached list views are rebuilt.
 */
export class AccessStore {
  /** Bumped by every change; list views cached under an older revision are stale. */
  revision = 0;
  private readonly owners = new Map<string, OwnerAccess>();
  private readonly logs = new Map<string, LogEntryJson[]>();
  private readonly accountLogs = new Map<string, LogEntryJson[]>();
  private nextIssue = 1_000_000;

  constructor(readonly ctx: AccessStoreContext) {}

  /** The owner account's state, generated on first use. */
  owner(ownerAccountId: string): OwnerAccess {
    const id = lower(ownerAccountId);
    let entry = this.owners.get(id);
    if (!entry) {
      entry = this.seedOwner(id);
      this.owners.set(id, entry);
    }
    return entry;
  }

  /** A fresh issue number: keys issued later have larger ones. */
  issue(): number {
    return this.nextIssue++;
  }

  /** Marks a change (see `revision`). */
  changed(): void {
    this.revision += 1;
  }

  contacts(ownerAccountId: string): ContactJson[] {
    return this.owner(ownerAccountId).contacts;
  }

  boundCards(ownerAccountId: string): BoundCardJson[] {
    return this.owner(ownerAccountId).cards;
  }

  lockGroups(ownerAccountId: string): LockGroupRecord[] {
    return this.owner(ownerAccountId).groups;
  }

  /** Every grant of the owner account as stored, lock by lock, new ones at the end. */
  grantRecords(ownerAccountId: string): GrantRecord[] {
    return this.owner(ownerAccountId).grants;
  }

  contact(ownerAccountId: string, contactId: string): ContactJson | undefined {
    return this.contacts(ownerAccountId).find((c) => lower(c.id) === lower(contactId));
  }

  card(ownerAccountId: string, cardId: string): BoundCardJson | undefined {
    return this.boundCards(ownerAccountId).find((c) => lower(c.id) === lower(cardId));
  }

  group(ownerAccountId: string, groupId: string): LockGroupRecord | undefined {
    return this.lockGroups(ownerAccountId).find((g) => lower(g.group.id) === lower(groupId));
  }

  grant(ownerAccountId: string, grantId: string): GrantRecord | undefined {
    return this.grantRecords(ownerAccountId).find((g) => lower(g.id) === lower(grantId));
  }

  /** What a grant's `boundLockId` names: a bound lock or a lock group of the account. */
  target(
    ownerAccountId: string,
    id: string,
  ): { lock: BoundLockJson } | { group: LockGroupRecord } | undefined {
    const lock = this.ctx.lockOf(ownerAccountId, id);
    if (lock) return { lock };
    const group = this.group(ownerAccountId, id);
    return group ? { group } : undefined;
  }

  /** The locks that hold a grant's keys: its lock, or the key-holding members of its group. */
  locksHoldingKeys(ownerAccountId: string, grant: GrantRecord): string[] {
    const target = this.target(ownerAccountId, grant.boundLockId);
    if (!target) return [];
    return 'lock' in target ? [lower(target.lock.id)] : keyHoldingMembers(target.group);
  }

  /** Whether a lock or group takes an iCal time restriction (a group: every member holding keys does). */
  icalSupported(ownerAccountId: string, id: string): boolean {
    const target = this.target(ownerAccountId, id);
    if (!target) return false;
    if ('lock' in target) return this.ctx.detailsOf(target.lock.id)?.icalSupported ?? false;
    return [...target.group.members.keys()].every(
      (lockId) => this.ctx.detailsOf(lockId)?.icalSupported ?? false,
    );
  }

  /** The grant as the API serves it: the documented fields in the documented order, with what it names embedded. */
  serveGrant(ownerAccountId: string, g: GrantRecord): GrantJson {
    const target = this.target(ownerAccountId, g.boundLockId);
    const boundLock: BoundLockJson | LockGroupJson | null = !target
      ? null
      : 'lock' in target
        ? target.lock
        : target.group.group;
    return {
      contact: g.contactId ? (this.contact(ownerAccountId, g.contactId) ?? null) : null,
      boundCard: g.boundCardId ? (this.card(ownerAccountId, g.boundCardId) ?? null) : null,
      boundLock,
      owner: null,
      id: g.id,
      boundLockId: g.boundLockId,
      contactId: g.contactId,
      validFrom: g.validFrom,
      validBefore: g.validBefore,
      timeRestrictionIcal: g.timeRestrictionIcal,
      state: g.state,
      active: g.active,
      boundCardId: g.boundCardId,
    };
  }

  /** Active grants of a card, plus those waiting to be deleted from it: what occupies its capacity. */
  cardLoad(ownerAccountId: string, cardId: string): number {
    return this.grantRecords(ownerAccountId).filter(
      (g) =>
        g.boundCardId !== null &&
        lower(g.boundCardId) === lower(cardId) &&
        (g.active || g.state === 'DeletionFromCardPending'),
    ).length;
  }

  /** A lock's log, newest first. */
  logEntries(lock: BoundLockJson): LogEntryJson[] {
    let list = this.logs.get(lower(lock.id));
    if (!list) {
      const owner = this.owner(lock.ownerAccountId);
      list = generateLogEntries(
        this.ctx.seed,
        lock,
        this.ctx.logEntriesPerLock,
        owner.contacts,
        owner.cards,
      );
      this.logs.set(lower(lock.id), list);
    }
    return list;
  }

  /** Every lock's log of the owner account as one, newest first (GET /Owners/{id}/LogEntries). */
  accountLogEntries(ownerAccountId: string): LogEntryJson[] {
    const id = lower(ownerAccountId);
    let list = this.accountLogs.get(id);
    if (!list) {
      list = mergeLogs(this.ctx.locksOf(ownerAccountId).map((l) => this.logEntries(l)));
      this.accountLogs.set(id, list);
    }
    return list;
  }

  private seedOwner(ownerAccountId: string): OwnerAccess {
    const { seed, behaviour } = this.ctx;
    const contacts = generateContacts(seed, ownerAccountId, {
      email: behaviour.contactEmail,
      nameless: behaviour.namelessContacts,
      sharedPerson: this.ctx.sharedPersonIn(ownerAccountId),
    });
    const cards = generateBoundCards(seed, ownerAccountId);
    const locks = this.ctx.locksOf(ownerAccountId);
    const groups = generateLockGroups(seed, ownerAccountId, locks);
    const grants = locks.flatMap((lock) =>
      generateGrants(
        seed,
        lock,
        this.ctx.grantsPerLock,
        contacts,
        cards,
        this.ctx.detailsOf(lock.id)?.icalSupported ?? true,
      ),
    );
    const entry: OwnerAccess = { contacts, cards, groups, grants, meta: new Map() };
    grants.forEach((g, i) =>
      entry.meta.set(g.id, { issued: i, pendingLocks: new Set(), awaitingCardWrite: false }),
    );
    this.owners.set(lower(ownerAccountId), entry);
    this.seedGroupGrants(ownerAccountId, entry);
    this.seedPendingRevocations(ownerAccountId, entry);
    this.seedSharedPerson(entry);
    this.seedNearlyFullCard(entry);
    return entry;
  }

  // Every tenth grant goes to a lock group instead of its lock, so each account with groups has group grants.
  private seedGroupGrants(ownerAccountId: string, entry: OwnerAccess): void {
    if (entry.groups.length === 0) return;
    entry.grants.forEach((g, i) => {
      if (i % 10 !== 9) return;
      const group = entry.groups[Math.floor(i / 10) % entry.groups.length] as LockGroupRecord;
      g.boundLockId = group.group.id;
      if (!this.icalSupported(ownerAccountId, group.group.id)) g.timeRestrictionIcal = null;
    });
  }

  // A revoked grant on a lock whose last-seen revocation list lags is still on its way to the lock.
  private seedPendingRevocations(ownerAccountId: string, entry: OwnerAccess): void {
    for (const g of entry.grants) {
      if (g.state !== 'Revoked') continue;
      const lock = this.ctx.lockOf(ownerAccountId, g.boundLockId);
      if (!lock || (lock.lastSeenRclSerialNo ?? 0) >= lock.rclSerialNo) continue;
      g.state = 'RevocationPending';
      entry.meta.get(g.id)?.pendingLocks.add(lower(lock.id));
    }
  }

  // The shared person holds at least one active grant in every account where they are a contact.
  private seedSharedPerson(entry: OwnerAccess): void {
    const person = entry.contacts[0];
    if (person?.identifier !== SHARED_PERSON_IDENTIFIER) return;
    if (entry.grants.some((g) => g.contactId === person.id && g.active)) return;
    const candidate = entry.grants.find((g) => g.active && g.contactId !== null);
    if (candidate) candidate.contactId = person.id;
  }

  // One card holds capacity − 1 active grants (taken over from the last active contact grants on single locks).
  private seedNearlyFullCard(entry: OwnerAccess): void {
    const card = entry.cards[NEARLY_FULL_CARD];
    if (!card) return;
    let load = entry.grants.filter((g) => g.boundCardId === card.id && g.active).length;
    const shared =
      entry.contacts[0]?.identifier === SHARED_PERSON_IDENTIFIER ? entry.contacts[0].id : null;
    for (let i = entry.grants.length - 1; i >= 0 && load < CARD_CAPACITY - 1; i--) {
      const g = entry.grants[i] as GrantRecord;
      if (!g.active || g.contactId === null || g.contactId === shared) continue;
      if (entry.groups.some((r) => r.group.id === g.boundLockId)) continue;
      g.contactId = null;
      g.boundCardId = card.id;
      load += 1;
    }
  }
}
