import type { AccessStore } from './access-store';
import type { BoundLockJson, GrantRecord } from './types';

/** One revoked key on a lock's revocation list. */
export interface RclEntry {
  grantId: string;
  /** When the revoked key was issued (a sequence number: larger is later). */
  issued: number;
}

/** A key revoked only because the list overflowed (documented side effect). */
export interface ImplicitRevocation {
  grantId: string;
  kind: 'phone' | 'card';
  /** Phones renew their keys when online (the sandbox: at once); a card's key is renewed at its next sync. */
  renewal: 'renewed' | 'at-next-card-sync';
}

/**
 * A lock's revocation lists as the sandbox models them (Tapkey keeps phone and card keys on separate lists,
 * support.tapkey.com "Transponder Revocation Modes"): each holds at most `capacity` keys; on overflow the
 * oldest-issued keys leave it and every key issued before the oldest one still on it counts as revoked.
 */
export interface LockRcl {
  capacity: number;
  phone: RclEntry[];
  card: RclEntry[];
  /** Keys issued before this are revoked, per list (null until the list first overflowed). */
  revokedBefore: { phone: number | null; card: number | null };
  implicit: ImplicitRevocation[];
}

const lower = (id: string) => id.toLowerCase();
const kindOf = (g: GrantRecord): 'phone' | 'card' => (g.boundCardId ? 'card' : 'phone');

/** Revocation lists, lock syncs and card syncs over the access store. */
export class Revocations {
  private readonly lists = new Map<string, LockRcl>();

  constructor(
    private readonly store: AccessStore,
    private readonly capacity: number,
    private readonly now: () => number,
    /** Called with each lock a revocation reached (e.g. to sync it after a delay). */
    private readonly onListChanged: (ownerAccountId: string, boundLockId: string) => void,
  ) {}

  /** A lock's revocation lists (empty until a revocation reaches the lock). */
  rcl(boundLockId: string): LockRcl {
    const id = lower(boundLockId);
    let list = this.lists.get(id);
    if (!list) {
      list = {
        capacity: this.capacity,
        phone: [],
        card: [],
        revokedBefore: { phone: null, card: null },
        implicit: [],
      };
      this.lists.set(id, list);
    }
    return list;
  }

  /**
   * Starts the revocation of active grants. A still-valid grant's keys go on the lists of the locks that hold
   * them and the grant stays RevocationPending until each has synced; an expired one, or a card grant never
   * written to its card, is Revoked at once. Returns how many grants changed.
   */
  revoke(ownerAccountId: string, grants: readonly GrantRecord[]): number {
    const now = this.now();
    const touched = new Map<string, BoundLockJson>();
    let changed = 0;
    for (const g of grants) {
      if (!g.active) continue;
      const meta = this.store.owner(ownerAccountId).meta.get(g.id);
      const stillValid = g.validBefore === null || Date.parse(g.validBefore) > now;
      const onCard = !(g.boundCardId && meta?.awaitingCardWrite);
      const locks = stillValid && onCard ? this.store.locksHoldingKeys(ownerAccountId, g) : [];
      g.active = false;
      g.state = locks.length > 0 ? 'RevocationPending' : 'Revoked';
      changed += 1;
      if (meta) meta.awaitingCardWrite = false;
      for (const lockId of locks) {
        const lock = this.store.ctx.lockOf(ownerAccountId, lockId);
        if (!lock) continue;
        meta?.pendingLocks.add(lockId);
        this.rcl(lockId)[kindOf(g)].push({ grantId: g.id, issued: meta?.issued ?? 0 });
        touched.set(lockId, lock);
      }
    }
    for (const [lockId, lock] of touched) {
      lock.rclSerialNo += 1;
      lock.rclDate = new Date(now).toISOString();
      this.overflow(ownerAccountId, lockId, 'phone');
      this.overflow(ownerAccountId, lockId, 'card');
    }
    if (changed) this.store.changed();
    for (const lockId of touched.keys()) this.onListChanged(ownerAccountId, lockId);
    return changed;
  }

  /** DeleteFromCard: the key leaves the card at its next sync, with no revocation list entry. */
  deleteFromCard(ownerAccountId: string, g: GrantRecord): void {
    const meta = this.store.owner(ownerAccountId).meta.get(g.id);
    g.active = false;
    g.state = meta?.awaitingCardWrite ? 'Revoked' : 'DeletionFromCardPending';
    if (meta) meta.awaitingCardWrite = false;
    this.store.changed();
  }

  /** The lock syncs: it takes the current revocation list; group joins and leaves complete. */
  syncLock(ownerAccountId: string, boundLockId: string): boolean {
    const lock = this.store.ctx.lockOf(ownerAccountId, boundLockId);
    if (!lock) return false;
    const id = lower(lock.id);
    lock.lastSeenRclSerialNo = lock.rclSerialNo;
    lock.lastSeenRclUpdateDate = new Date(this.now()).toISOString();
    const owner = this.store.owner(ownerAccountId);
    for (const g of owner.grants) {
      const meta = owner.meta.get(g.id);
      if (!meta?.pendingLocks.delete(id)) continue;
      if (meta.pendingLocks.size === 0 && g.state === 'RevocationPending') g.state = 'Revoked';
    }
    for (const record of owner.groups) {
      const state = record.members.get(id);
      if (state === 'JoinPending') record.members.set(id, 'Joined');
      if (state === 'UnjoinPending') record.members.set(id, 'Unjoined');
    }
    this.store.changed();
    return true;
  }

  /** The card syncs: new keys are written, deleted ones removed, implicitly revoked ones renewed. */
  syncCard(ownerAccountId: string, cardId: string): boolean {
    const card = this.store.card(ownerAccountId, cardId);
    if (!card) return false;
    const owner = this.store.owner(ownerAccountId);
    const renewed = new Set<string>();
    for (const g of owner.grants) {
      if (g.boundCardId === null || lower(g.boundCardId) !== lower(card.id)) continue;
      const meta = owner.meta.get(g.id);
      if (g.state === 'DeletionFromCardPending') g.state = 'Revoked';
      if (meta) meta.awaitingCardWrite = false;
      renewed.add(g.id);
    }
    for (const list of this.lists.values()) {
      list.implicit = list.implicit.filter((r) => {
        if (r.renewal !== 'at-next-card-sync' || !renewed.has(r.grantId)) return true;
        const meta = owner.meta.get(r.grantId);
        if (meta) meta.issued = this.store.issue();
        return false;
      });
    }
    this.store.changed();
    return true;
  }

  /** Every lock and card of the owner account syncs. */
  syncOwnerAccount(ownerAccountId: string): void {
    for (const lock of this.store.ctx.locksOf(ownerAccountId))
      this.syncLock(ownerAccountId, lock.id);
    for (const card of this.store.boundCards(ownerAccountId))
      this.syncCard(ownerAccountId, card.id);
  }

  // Documented: keys issued before the oldest revoked key still on the list are implicitly revoked too.
  private overflow(ownerAccountId: string, lockId: string, kind: 'phone' | 'card'): void {
    const list = this.rcl(lockId);
    const entries = list[kind];
    if (entries.length <= list.capacity) return;
    entries.sort((a, b) => a.issued - b.issued);
    entries.splice(0, entries.length - list.capacity);
    const before = (entries[0] as RclEntry).issued;
    list.revokedBefore[kind] = before;
    const owner = this.store.owner(ownerAccountId);
    for (const g of owner.grants) {
      const meta = owner.meta.get(g.id);
      if (!meta || !g.active || kindOf(g) !== kind || meta.issued >= before) continue;
      if (!this.store.locksHoldingKeys(ownerAccountId, g).includes(lockId)) continue;
      if (list.implicit.some((r) => r.grantId === g.id)) continue;
      // A phone renews its key when online (the sandbox does it at once); a card waits for its next sync.
      if (kind === 'phone') meta.issued = this.store.issue();
      list.implicit.push({
        grantId: g.id,
        kind,
        renewal: kind === 'phone' ? 'renewed' : 'at-next-card-sync',
      });
    }
  }
}
