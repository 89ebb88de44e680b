import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkBoundLock, parseBoundLocks, parseOwnerAccounts } from './schemas';

const documentedLock = {
  id: '1',
  ownerAccountId: '1',
  title: 'Entrance Door',
  description: '…',
  active: true,
  bindDate: '2018-12-12T12:00:00.000Z',
  unbindDate: null,
  physicalLockId: Buffer.from([0x04, 0x00, 0x12, 0x34, 0xbf, 0xfb]).toString('base64'),
  lockTypeId: 'TK.Td30',
  lockType: { id: 'TK.Td30', manufacturerId: 1, modelName: 'Td30', supportedTechnologies: ['nfc', 'ble'] },
  targetType: 'Lock',
  rclSerialNo: 3,
  rclDate: '2019-01-01T00:00:00.000Z',
  lastSeenRclSerialNo: null,
  lastSeenRclUpdateDate: null,
  supportedFeatures: null,
  membershipStatistics: null,
  healthStatuses: null,
};

describe('Tapkey response validation', () => {
  it('reads the documented BoundLock and derives display fields; a single lock keeps every field for the detail view', () => {
    const { valid, invalid } = parseBoundLocks([{ ...documentedLock, addedLater: { x: 1 } }]);
    expect(invalid).toEqual([]);
    expect(valid[0]).toMatchObject({ id: '1', title: 'Entrance Door', readableLockId: '12-34-BF-FB', lockTypeLabel: 'Td30', description: '…' });
    // Lists leave `raw` out: 400,000 locks would otherwise be held twice.
    expect(valid[0]).not.toHaveProperty('raw');
    const single = checkBoundLock({ ...documentedLock, addedLater: { x: 1 } });
    expect(single.ok && single.value.raw).toMatchObject({ targetType: 'Lock', rclSerialNo: 3, addedLater: { x: 1 } });
  });

  it('shares equal lock types and strings across the locks of a list, without mixing different ones', () => {
    const other = { ...documentedLock.lockType, supportedTechnologies: ['nfc'] };
    const items = [0, 1, 2].map((i) => JSON.parse(JSON.stringify({ ...documentedLock, id: String(i), lockType: i === 2 ? other : documentedLock.lockType })) as unknown);
    const { valid } = parseBoundLocks(items);
    expect(valid[0]!.lockType).toBe(valid[1]!.lockType);
    expect(valid[2]!.lockType).not.toBe(valid[0]!.lockType);
    expect(valid.map((l) => l.lockType)).toEqual([documentedLock.lockType, documentedLock.lockType, other]);
  });

  it('accepts missing optional fields and numeric ids', () => {
    const { valid } = parseBoundLocks([{ id: 7, ownerAccountId: 2, title: 'Gate', active: false }]);
    expect(valid[0]).toMatchObject({ id: '7', ownerAccountId: '2', description: null, lockType: null, readableLockId: null, lockTypeLabel: 'Unknown lock type' });
  });

  it('reports a malformed item with its index, id and the field at fault, and keeps the rest', () => {
    const { valid, invalid } = parseBoundLocks([documentedLock, { ...documentedLock, id: 'bad', title: 42 }, null, { ...documentedLock, id: '3' }]);
    expect(valid.map((l) => l.id)).toEqual(['1', '3']);
    expect(invalid).toEqual([
      { index: 1, id: 'bad', problem: 'title: expected string' },
      { index: 2, id: null, problem: expect.stringContaining('item') },
    ]);
  });

  it('never throws on arbitrary JSON and accounts for every item', () => {
    fc.assert(
      fc.property(fc.array(fc.jsonValue(), { maxLength: 20 }), (items) => {
        const locks = parseBoundLocks(items);
        const owners = parseOwnerAccounts(items);
        expect(locks.valid.length + locks.invalid.length).toBe(items.length);
        expect(owners.valid.length + owners.invalid.length).toBe(items.length);
      }),
      { numRuns: 300 },
    );
  });
});
