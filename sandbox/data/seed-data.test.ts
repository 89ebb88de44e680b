import { describe, expect, it } from 'vitest';
import { decodePhysicalLockId, encodePhysicalLockId } from './physical-lock-id';
import { SandboxData } from './seed-data';

const make = (seed: string, owners = 3, locks = 12): SandboxData =>
  new SandboxData({ seed, owners, locks });

function everything(data: SandboxData): string {
  return JSON.stringify(
    data.users.map((u) => ({
      u: u.username,
      owners: u.ownerAccounts,
      locks: u.ownerAccounts.map((o) => data.boundLocks(o.id)),
    })),
  );
}

describe('seeded data', () => {
  it('is byte-identical for the same seed, whatever order owner accounts are first used in', () => {
    const a = make('7');
    const b = make('7');
    const bOwners = b.users[0]?.ownerAccounts ?? [];
    for (const o of [...bOwners].reverse()) b.boundLocks(o.id);
    expect(everything(a)).toBe(everything(b));
  });

  it('differs for another seed', () => {
    expect(everything(make('7'))).not.toBe(everything(make('8')));
  });

  it('keeps the first owner accounts stable when more are asked for', () => {
    const small = make('1', 3);
    const big = make('1', 10);
    expect(big.users[0]?.ownerAccounts.slice(0, 3)).toEqual(small.users[0]?.ownerAccounts);
    expect(big.boundLocks(big.users[0]?.ownerAccounts[0]?.id as string)).toEqual(
      small.boundLocks(small.users[0]?.ownerAccounts[0]?.id as string),
    );
  });

  it('gives alice and bob disjoint owner accounts; bob has an empty one', () => {
    const data = make('1');
    const [alice, bob] = data.users;
    const aliceIds = new Set(alice?.ownerAccounts.map((o) => o.id));
    expect(bob?.ownerAccounts.some((o) => aliceIds.has(o.id))).toBe(false);
    expect(bob?.ownerAccounts.map((o) => data.boundLocks(o.id).length)).toEqual([4, 0]);
    expect(data.ownerAccountFor('bob', alice?.ownerAccounts[0]?.id as string)).toBeUndefined();
  });

  it('is realistic: non-ASCII titles, empty and null descriptions, inactive locks, varied types, unique ids', () => {
    const data = make('1', 3, 200);
    const locks = (data.users[0]?.ownerAccounts ?? []).flatMap((o) => data.boundLocks(o.id));
    expect(locks.some((l) => /[^\x20-\x7e]/.test(l.title))).toBe(true);
    expect(locks.some((l) => l.description === '')).toBe(true);
    expect(locks.some((l) => l.description === null)).toBe(true);
    expect(locks.some((l) => !l.active)).toBe(true);
    expect(new Set(locks.map((l) => l.lockTypeId)).size).toBeGreaterThanOrEqual(4);
    expect(new Set(locks.map((l) => l.id)).size).toBe(locks.length);
    for (const l of locks) {
      expect(l.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(decodePhysicalLockId(l.physicalLockId).length).toBeGreaterThanOrEqual(4);
      expect(l.lockType.id).toBe(l.lockTypeId);
      if (l.lastSeenRclSerialNo !== null)
        expect(l.lastSeenRclSerialNo).toBeLessThanOrEqual(l.rclSerialNo);
    }
  });

  it("default data shows non-ASCII titles in alice's first account", () => {
    const data = make('1');
    expect(
      data
        .boundLocks(data.users[0]?.ownerAccounts[0]?.id as string)
        .some((l) => /[^\x20-\x7e]/.test(l.title)),
    ).toBe(true);
  });

  it('handles 200 owner accounts x 2,000 locks lazily', () => {
    const data = make('big', 200, 2000);
    expect(data.users[0]?.ownerAccounts).toHaveLength(200);
    const last = data.users[0]?.ownerAccounts[199]?.id as string;
    const locks = data.boundLocks(last);
    expect(locks).toHaveLength(2000);
    expect(new Set(locks.map((l) => l.title)).size).toBe(2000);
  });
});

describe('physicalLockId', () => {
  it('is base64 of a 2-byte little-endian length followed by the id bytes', () => {
    const encoded = encodePhysicalLockId(new Uint8Array([0x12, 0x34, 0xbf, 0xfb]));
    expect([...Buffer.from(encoded, 'base64')]).toEqual([4, 0, 0x12, 0x34, 0xbf, 0xfb]);
    expect([...decodePhysicalLockId(encoded)]).toEqual([0x12, 0x34, 0xbf, 0xfb]);
    expect(() => decodePhysicalLockId(Buffer.from([9, 0, 1]).toString('base64'))).toThrow();
  });
});
