// Tapkey's documented example payloads (the sandbox's conformance fixture, written as data from the sheet) go
// through the client's own checks: every one must read, with the fields the app shows taken from it. An
// example added to the fixture without a check here fails the first test.
import { describe, expect, it } from 'vitest';
import { DOCUMENTED_EXAMPLES, type DocumentedExample } from '../../../sandbox/conformance/check';
import {
  checkContact,
  checkGrant,
  checkLockGroup,
  checkLogEntry,
  checkNamedCard,
} from './access-schemas';
import { lockStatusOf } from './lock-status';
import { checkBoundLock, checkOwnerAccount, type Check } from './schemas';

const example = (name: string): Record<string, unknown> => {
  const found = DOCUMENTED_EXAMPLES.find((e: DocumentedExample) => e.name === name);
  if (!found) throw new Error(`no documented example named ${name}`);
  return structuredClone(found.example);
};
const read = <T>(c: Check<T>): T => {
  if (!c.ok) throw new Error(c.problem);
  return c.value;
};

/** Each documented example, as the client reads it. */
const readers: Record<string, () => void> = {
  OwnerAccount: () =>
    expect(read(checkOwnerAccount(example('OwnerAccount')))).toEqual({
      id: '1',
      name: 'Home',
      active: true,
    }),
  BoundLock: () =>
    expect(read(checkBoundLock(example('BoundLock')))).toMatchObject({
      id: '1',
      title: 'Entrance Door',
      active: true,
      lockTypeLabel: 'Td30',
      // The documented id has a length prefix of 0: its bytes are shown all the same.
      readableLockId: 'a1-b2-0a-b6',
    }),
  'BoundLock, expanded': () =>
    expect(lockStatusOf({ ...example('BoundLock'), ...example('BoundLock, expanded') })).toEqual({
      health: [
        {
          type: 'BatteryWarningLevel',
          value: 1,
          valueStatus: 'Ok',
          timestamp: '2019-12-12T12:00:00.000Z',
        },
      ],
      revocation: {
        serialNo: 3,
        date: '2018-12-24T12:00:00.000Z',
        lastSeenSerialNo: null,
        lastSeenDate: null,
        behind: null,
      },
      memberships: [{ state: 'UnjoinPending', count: 1 }],
      timeRestrictionIcal: true,
    }),
  LockGroup: () =>
    expect(read(checkLockGroup(example('LockGroup')))).toEqual({
      id: '1',
      title: 'Office Building',
      description: 'A description for this lock group.',
      active: true,
      statistics: null,
    }),
  'LockGroup, expanded': () =>
    expect(
      read(checkLockGroup({ ...example('LockGroup'), ...example('LockGroup, expanded') }))
        .statistics,
    ).toEqual(
      (
        example('LockGroup, expanded').statistics as { ByState: { State: string; Count: number }[] }
      ).ByState.map((s) => ({ state: s.State, count: s.Count })),
    ),
  BoundCard: () => {
    const card = example('BoundCard');
    expect(read(checkNamedCard(card))).toEqual({
      id: card.id,
      title: card.title || null,
      identifier: card.label || null,
    });
  },
  Contact: () => {
    const contact = example('Contact');
    expect(read(checkContact(contact))).toEqual({
      id: contact.id,
      ipId: contact.ipId,
      identifier: contact.identifier,
      title: contact.title,
      comment: contact.comment,
    });
  },
  Grant: () => {
    const grant = example('Grant');
    const g = read(checkGrant(grant));
    // The example embeds `{}` for its card and lock: nothing to name them by, so the card is looked up by id.
    expect(g).toMatchObject({
      id: '2',
      boundLockId: '1',
      state: 'Revoked',
      active: false,
      holderProblem: null,
      target: { kind: 'unknown', title: null },
      holder: { kind: 'card', boundCardId: '1', contactId: null, known: false },
    });
    // With the documented contact embedded, the holder is named at once.
    const withContact = read(
      checkGrant({
        ...grant,
        boundCardId: null,
        boundCard: null,
        contactId: example('Contact').id,
        contact: example('Contact'),
        boundLock: example('BoundLock'),
      }),
    );
    expect(withContact.holder).toMatchObject({
      kind: 'contact',
      known: true,
      label: example('Contact').title ?? example('Contact').identifier,
      identifier: example('Contact').identifier,
    });
    expect(withContact.target).toEqual({ kind: 'lock', title: 'Entrance Door' });
  },
  LogEntry: () => {
    const entry = example('LogEntry');
    expect(read(checkLogEntry(entry))).toMatchObject({
      id: entry.id,
      lockTimestamp: entry.lockTimestamp,
      boundLockId: entry.boundLockId,
    });
  },
};

describe('the documented example payloads, through the client’s checks', () => {
  it('has a reader for every example', () => {
    expect(Object.keys(readers).sort()).toEqual(DOCUMENTED_EXAMPLES.map((e) => e.name).sort());
  });

  it.each(Object.keys(readers))('reads the documented %s', (name) => readers[name]!());
});
