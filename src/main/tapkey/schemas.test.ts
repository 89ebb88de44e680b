import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkBoundLock, lockTypeLabel, parseBoundLocks, parseOwnerAccounts } from './schemas';

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
  lockType: {
    id: 'TK.Td30',
    manufacturerId: 1,
    modelName: 'Td30',
    supportedTechnologies: ['nfc', 'ble'],
  },
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
    expect(valid[0]).toMatchObject({
      id: '1',
      title: 'Entrance Door',
      readableLockId: '12-34-bf-fb',
      lockTypeLabel: 'Td30',
      description: '…',
    });
    // Lists leave `raw` out: 400,000 locks would otherwise be held twice.
    expect(valid[0]).not.toHaveProperty('raw');
    const single = checkBoundLock({ ...documentedLock, addedLater: { x: 1 } });
    expect(single.ok && single.value.raw).toMatchObject({
      targetType: 'Lock',
      rclSerialNo: 3,
      addedLater: { x: 1 },
    });
  });

  it('shares equal lock types and strings across the locks of a list, without mixing different ones', () => {
    const other = { ...documentedLock.lockType, supportedTechnologies: ['nfc'] };
    const items = [0, 1, 2].map(
      (i) =>
        JSON.parse(
          JSON.stringify({
            ...documentedLock,
            id: String(i),
            lockType: i === 2 ? other : documentedLock.lockType,
          }),
        ) as unknown,
    );
    const { valid } = parseBoundLocks(items);
    expect(valid[0]!.lockType).toBe(valid[1]!.lockType);
    expect(valid[2]!.lockType).not.toBe(valid[0]!.lockType);
    expect(valid.map((l) => l.lockType)).toEqual([
      documentedLock.lockType,
      documentedLock.lockType,
      other,
    ]);
  });

  it('accepts missing optional fields and numeric ids', () => {
    const { valid } = parseBoundLocks([{ id: 7, ownerAccountId: 2, title: 'Gate', active: false }]);
    expect(valid[0]).toMatchObject({
      id: '7',
      ownerAccountId: '2',
      description: null,
      lockType: null,
      readableLockId: null,
      lockTypeLabel: 'Unknown lock type',
    });
  });

  it('reports a malformed item with its index, id and the field at fault, and keeps the rest', () => {
    const { valid, invalid } = parseBoundLocks([
      documentedLock,
      { ...documentedLock, id: 'bad', title: 42 },
      null,
      { ...documentedLock, id: '3' },
    ]);
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

describe('Tapkey response validation, field by field', () => {
  const lock = { id: 'L1', ownerAccountId: 'O1', title: 'Gate', active: true };
  const problemOf = (item: unknown) => parseBoundLocks([item]).invalid[0]?.problem ?? null;
  const ownerProblem = (item: unknown) => parseOwnerAccounts([item]).invalid[0]?.problem ?? null;

  it('reads an owner account exactly, and refuses one without a usable id, name or active flag', () => {
    expect(parseOwnerAccounts([{ id: 'O1', name: 'Home', active: true, extra: 1 }])).toEqual({
      valid: [{ id: 'O1', name: 'Home', active: true }],
      invalid: [],
    });
    expect(parseOwnerAccounts([{ id: 12, name: 'Office', active: false }]).valid).toEqual([
      { id: '12', name: 'Office', active: false },
    ]);
    expect(ownerProblem({ name: 'Home', active: true })).toBe('id: expected string');
    expect(ownerProblem({ id: '', name: 'Home', active: true })).toBe('id: expected string');
    expect(ownerProblem({ id: 1.5, name: 'Home', active: true })).toBe('id: expected string');
    expect(ownerProblem({ id: true, name: 'Home', active: true })).toBe('id: expected string');
    expect(ownerProblem({ id: 'O1', active: true })).toBe('name: expected string');
    expect(ownerProblem({ id: 'O1', name: 'Home', active: 'yes' })).toBe(
      'active: expected boolean',
    );
    expect(ownerProblem([{ id: 'O1' }])).toBe('item: expected object');
    expect(ownerProblem('O1')).toBe('item: expected object');
  });

  it('reads a lock without `active` (an older copy of the docs has none) as unknown, not inactive or invalid', () => {
    const { active: _, ...withoutActive } = lock;
    expect(parseBoundLocks([withoutActive]).valid[0]!.active).toBeNull();
    expect(parseBoundLocks([{ ...lock, active: null }]).valid[0]!.active).toBeNull();
    expect(parseBoundLocks([{ ...lock, active: false }]).valid[0]!.active).toBe(false);
  });

  it('refuses a lock without a usable id, owner account or title, or with an active flag that is not one', () => {
    expect(problemOf({ ...lock, id: undefined })).toBe('id: expected string');
    expect(problemOf({ ...lock, id: '' })).toBe('id: expected string');
    expect(problemOf({ ...lock, id: 2.5 })).toBe('id: expected string');
    expect(problemOf({ ...lock, ownerAccountId: undefined })).toBe(
      'ownerAccountId: expected string',
    );
    expect(problemOf({ ...lock, ownerAccountId: '' })).toBe('ownerAccountId: expected string');
    expect(problemOf({ ...lock, title: undefined })).toBe('title: expected string');
    expect(problemOf({ ...lock, active: 1 })).toBe('active: expected boolean');
    expect(problemOf([lock])).toBe('item: expected object');
  });

  it('reads each optional text field as text or null, and names the one that is neither', () => {
    const full = {
      ...lock,
      description: 'd',
      bindDate: 'b',
      unbindDate: 'u',
      physicalLockId: null,
      lockTypeId: 't',
    };
    expect(parseBoundLocks([full]).valid[0]).toMatchObject({
      description: 'd',
      bindDate: 'b',
      unbindDate: 'u',
      physicalLockId: null,
      lockTypeId: 't',
    });
    for (const key of ['description', 'bindDate', 'unbindDate', 'physicalLockId', 'lockTypeId']) {
      expect(problemOf({ ...lock, [key]: 5 }), key).toBe(`${key}: expected string`);
    }
  });

  it('reads the lock type exactly and names the part of it that is wrong', () => {
    const lockType = {
      id: 'TK.Td30',
      manufacturerId: 1,
      modelName: 'Td30',
      supportedTechnologies: ['nfc'],
      unused: true,
    };
    expect(parseBoundLocks([{ ...lock, lockType }]).valid[0]!.lockType).toEqual({
      id: 'TK.Td30',
      manufacturerId: 1,
      modelName: 'Td30',
      supportedTechnologies: ['nfc'],
    });
    expect(parseBoundLocks([{ ...lock, lockType: { id: 'T' } }]).valid[0]!.lockType).toEqual({
      id: 'T',
    });
    expect(parseBoundLocks([{ ...lock, lockType: null }]).valid[0]!.lockType).toBeNull();
    expect(problemOf({ ...lock, lockType: 'TK.Td30' })).toBe('lockType: expected object');
    expect(problemOf({ ...lock, lockType: [] })).toBe('lockType: expected object');
    expect(problemOf({ ...lock, lockType: { modelName: 'x' } })).toBe(
      'lockType.id: expected string',
    );
    expect(problemOf({ ...lock, lockType: { id: 'T', manufacturerId: '1' } })).toBe(
      'lockType.manufacturerId: expected number',
    );
    expect(problemOf({ ...lock, lockType: { id: 'T', modelName: 1 } })).toBe(
      'lockType.modelName: expected string',
    );
    expect(problemOf({ ...lock, lockType: { id: 'T', supportedTechnologies: 'nfc' } })).toBe(
      'lockType.supportedTechnologies: expected array of strings',
    );
    expect(problemOf({ ...lock, lockType: { id: 'T', supportedTechnologies: ['nfc', 2] } })).toBe(
      'lockType.supportedTechnologies: expected array of strings',
    );
  });

  it('labels a lock by trimmed model name, else type id, else lock type id', () => {
    expect(lockTypeLabel({ modelName: ' Td30 ', id: 'TK.Td30' }, 'X')).toBe('Td30');
    expect(lockTypeLabel({ modelName: '   ', id: 'TK.Td30' }, 'X')).toBe('TK.Td30');
    expect(lockTypeLabel({}, 'X')).toBe('X');
    expect(lockTypeLabel(null, 'X')).toBe('X');
    expect(lockTypeLabel(null, null)).toBe('Unknown lock type');
    expect(parseBoundLocks([{ ...lock, lockTypeId: 'TK.X' }]).valid[0]!.lockTypeLabel).toBe('TK.X');
  });

  it('reports the id of a refused item as text, shortened, and null when it has none', () => {
    const { invalid } = parseBoundLocks([
      { id: 7, title: 1 },
      { id: 'x'.repeat(300) },
      { id: { nested: 1 } },
      'not an object',
    ]);
    expect(invalid.map((i) => [i.index, i.id])).toEqual([
      [0, '7'],
      [1, 'x'.repeat(200)],
      [2, null],
      [3, null],
    ]);
  });
});
