// What writing reads of cards and locks: the fields it uses, checked in order, and nothing it does not use.
import { describe, expect, it } from 'vitest';
import { checkCard, checkLockState } from './write-schemas';

describe('checkCard', () => {
  it('reads title, label and capacity, each optional, and keeps nothing else', () => {
    expect(
      checkCard({ id: 'c1', title: 'Front desk', label: 'CARD-7', nofGrantsCapacity: 12, x: 1 }),
    ).toEqual({
      ok: true,
      value: { id: 'c1', title: 'Front desk', label: 'CARD-7', capacity: 12 },
    });
    expect(checkCard({ id: 'c1', title: null })).toEqual({
      ok: true,
      value: { id: 'c1', title: null, label: null, capacity: null },
    });
  });

  it('names the first field that is not what it should be', () => {
    expect(checkCard({ id: 'c1', title: 1, label: 2 })).toEqual({
      ok: false,
      problem: 'title: expected string',
    });
    expect(checkCard({ id: 'c1', label: 2, nofGrantsCapacity: -1 })).toEqual({
      ok: false,
      problem: 'label: expected string',
    });
    expect(checkCard({ id: 'c1', nofGrantsCapacity: 1.5 })).toEqual({
      ok: false,
      problem: 'nofGrantsCapacity: expected whole number',
    });
  });
});

describe('checkLockState', () => {
  it('reads title, revocation-list serials, iCal support and whether it is a group', () => {
    expect(
      checkLockState({
        id: 'l1',
        title: 'Door',
        rclSerialNo: 4,
        lastSeenRclSerialNo: 3,
        supportedFeatures: { timeRestrictionIcalSupport: 'Supported' },
        targetType: 'Group',
      }),
    ).toEqual({
      ok: true,
      value: {
        id: 'l1',
        title: 'Door',
        rclSerialNo: 4,
        lastSeenRclSerialNo: 3,
        ical: 'supported',
        group: true,
      },
    });
    expect(checkLockState({ id: 'l1' })).toEqual({
      ok: true,
      value: {
        id: 'l1',
        title: null,
        rclSerialNo: null,
        lastSeenRclSerialNo: null,
        ical: 'unknown',
        group: false,
      },
    });
  });

  it('names the first field that is not what it should be', () => {
    expect(checkLockState({ id: 'l1', rclSerialNo: '4', lastSeenRclSerialNo: 'x' })).toEqual({
      ok: false,
      problem: 'rclSerialNo: expected whole number',
    });
    expect(checkLockState({ id: 'l1', lastSeenRclSerialNo: -1 })).toEqual({
      ok: false,
      problem: 'lastSeenRclSerialNo: expected whole number',
    });
    expect(checkLockState({ title: 'Door' })).toEqual({
      ok: false,
      problem: 'id: expected string',
    });
  });
});
