// Bad input on the access side: each gets a clear, specific reading, and nothing Tapkey sent is dropped.
import { describe, expect, it } from 'vitest';
import { checkContact, checkGrant, checkLockGroup, membershipCounts } from './access-schemas';
import { lockStatusOf } from './lock-status';
import { checkItems } from './schemas';

const grant = (over: Record<string, unknown>) => ({
  id: 'g1',
  boundLockId: 'l1',
  validFrom: null,
  validBefore: null,
  timeRestrictionIcal: null,
  state: 'Ok',
  active: true,
  contactId: null,
  boundCardId: null,
  contact: null,
  boundCard: null,
  boundLock: { id: 'l1', title: 'Front door', targetType: 'Lock' },
  ...over,
});
const contact = {
  id: 'c1',
  ownerId: 'o1',
  ipId: 'tapkey',
  identifier: 'ann@example.org',
  title: 'Ann',
  comment: null,
};
const card = { id: 'k1', title: '', label: 'Card 7', uid: 'AQ==', isActive: true };

describe('grants', () => {
  it('names the holder from the embedded contact or card, title first, identifier beside it', () => {
    const byContact = checkGrant(grant({ contactId: 'c1', contact }));
    expect(byContact.ok && byContact.value.holder).toEqual({
      kind: 'contact',
      label: 'Ann',
      title: 'Ann',
      identifier: 'ann@example.org',
      known: true,
      contactId: 'c1',
      boundCardId: null,
    });
    // A card without a title goes by the label printed on it.
    const byCard = checkGrant(grant({ boundCardId: 'k1', boundCard: card }));
    expect(byCard.ok && [byCard.value.holder.label, byCard.value.holder.title]).toEqual([
      'Card 7',
      null,
    ]);
  });

  it('says when Tapkey names both a contact and a card, or neither, and keeps the grant', () => {
    const both = checkGrant(
      grant({ contactId: 'c1', contact, boundCardId: 'k1', boundCard: card }),
    );
    expect(
      both.ok && [both.value.holderProblem, both.value.holder.kind, both.value.holder.boundCardId],
    ).toEqual(['both', 'contact', 'k1']);
    const neither = checkGrant(grant({}));
    expect(neither.ok && [neither.value.holderProblem, neither.value.holder.kind]).toEqual([
      'neither',
      'none',
    ]);
  });

  it('tells a group grant by its embedded group, and keeps a state it does not know as sent', () => {
    const g = checkGrant(
      grant({
        contactId: 'c1',
        boundLockId: 'grp1',
        boundLock: { id: 'grp1', title: 'Staff Areas', targetType: 'Group', physicalLockId: null },
        state: 'RevocationPending',
        active: false,
      }),
    );
    expect(g.ok && [g.value.target, g.value.state, g.value.active]).toEqual([
      { kind: 'group', title: 'Staff Areas' },
      'RevocationPending',
      false,
    ]);
  });

  it('looks up a holder whose embedded object does not read, instead of refusing the grant', () => {
    const g = checkGrant(grant({ contactId: 'c1', contact: { id: 42.5, title: 7 } }));
    expect(g.ok && [g.value.holder.known, g.value.holder.contactId]).toEqual([false, 'c1']);
  });

  it('refuses a validity that is not an ISO date, naming the field; a title is not held to it', () => {
    expect(checkGrant(grant({ validBefore: 'next week' }))).toEqual({
      ok: false,
      problem: 'validBefore: expected ISO date',
    });
    expect(checkGrant(grant({ validFrom: '2026-12-01T08:00:00Z' })).ok).toBe(true);
    expect(checkContact({ ...contact, title: 'next week' }).ok).toBe(true);
  });
});

describe('contacts', () => {
  it('reads identifier, never the deprecated email; blank text is no text; neither title nor identifier is kept', () => {
    const c = checkContact({
      ...contact,
      identifier: 'new@example.org',
      email: 'old@example.org',
      title: '  ',
    });
    expect(c.ok && [c.value.identifier, c.value.title]).toEqual(['new@example.org', null]);
    const nameless = checkItems(
      [{ id: 'c9', ipId: 'idp.example-hotel', identifier: null, title: null }],
      checkContact,
    );
    expect(nameless.valid).toEqual([
      { id: 'c9', ipId: 'idp.example-hotel', identifier: null, title: null, comment: null },
    ]);
    expect(nameless.invalid).toEqual([]);
  });
});

describe('lock status and groups', () => {
  it('keeps a health value Tapkey marks Invalid or Outdated, with its mark, and states it does not know', () => {
    const status = lockStatusOf({
      rclSerialNo: 7,
      lastSeenRclSerialNo: 4,
      healthStatuses: [
        {
          type: 'BatteryVoltage',
          value: 2.1,
          valueStatus: 'Invalid',
          timestamp: '2026-01-01T00:00:00Z',
        },
        { type: 'Temperature', value: 21, valueStatus: 'Outdated' },
        { type: 'Humidity', value: null, valueStatus: 'SomethingNew' },
        { value: 3 },
        'garbage',
      ],
      membershipStatistics: {
        ByState: [{ State: 'Joined', Count: 2 }, { State: 'Paused', Count: 1 }, { Count: 3 }],
      },
    });
    expect(status.health.map((h) => [h.type, h.value, h.valueStatus])).toEqual([
      ['BatteryVoltage', 2.1, 'Invalid'],
      ['Temperature', 21, 'Outdated'],
      ['Humidity', null, 'SomethingNew'],
    ]);
    expect(status.revocation.behind).toBe(3);
    expect(status.memberships).toEqual([
      { state: 'Joined', count: 2 },
      { state: 'Paused', count: 1 },
    ]);
    // Not expanded: unknown, not "no iCal support".
    expect(status.timeRestrictionIcal).toBeNull();
    expect(lockStatusOf({ supportedFeatures: {} }).timeRestrictionIcal).toBe(false);
  });

  it('reads a group without statistics as not counted, and one without active as unknown', () => {
    const g = checkLockGroup({ id: 'g', title: 'Deliveries', description: null });
    expect(g.ok && g.value).toEqual({
      id: 'g',
      title: 'Deliveries',
      description: null,
      active: null,
      statistics: null,
    });
    expect(membershipCounts(null)).toBeNull();
  });
});
