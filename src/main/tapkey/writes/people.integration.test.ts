// An owner account's people and cards with their keys, and its locks with what each supports, read through the
// access client from the sandbox and compared with the sandbox's own data (never through the app's code).
import { describe, expect, it } from 'vitest';
import { useWriteClient } from '../../../../test/support/write-client';
import { writeCalls } from '../resources/access-writes';
import { listLockFeatures, listPeople } from './people';

const w = useWriteClient({ owners: 1, locks: 8, grants: 5, seed: 'people' });
const sandbox = w.sandbox;
const owner = w.owner;

describe('people of an owner account', () => {
  it('every person and card, each with every grant they hold, the active ones counted', async () => {
    const list = await listPeople(w.client().accessReads, owner());
    const contacts = sandbox.data.contacts(owner());
    const cards = sandbox.data.boundCards(owner());
    const grants = sandbox.data.grants(owner());
    expect(list.ownerAccountId).toBe(owner());
    expect(list.invalid).toEqual([]);
    expect(list.holders.map((h) => [h.kind, h.id])).toEqual([
      ...contacts.map((c) => ['contact', c.id]),
      ...cards.map((c) => ['card', c.id]),
    ]);
    for (const c of contacts) {
      const h = list.holders.find((x) => x.id === c.id)!;
      const held = grants.filter((g) => g.contactId === c.id);
      expect(h).toMatchObject({
        kind: 'contact',
        ownerAccountId: owner(),
        title: c.title || null,
        identifier: c.identifier || null,
        label: null,
        capacity: null,
        activeGrants: held.filter((g) => g.active).length,
      });
      expect(h.grants.map((g) => g.id)).toEqual(held.map((g) => g.id));
    }
    for (const c of cards) {
      const h = list.holders.find((x) => x.id === c.id)!;
      const held = grants.filter((g) => g.boundCardId === c.id);
      expect(h).toMatchObject({
        kind: 'card',
        title: c.title || null,
        identifier: null,
        label: c.label,
        capacity: c.nofGrantsCapacity,
        activeGrants: held.filter((g) => g.active).length,
      });
      expect(h.grants.map((g) => g.id)).toEqual(held.map((g) => g.id));
    }
    // Somebody holds keys, some active and some not, and somebody holds none (whom a new grant may go to).
    const counts = list.holders.map((h) => h.grants.length);
    expect(Math.max(...counts)).toBeGreaterThan(0);
    expect(Math.min(...counts)).toBe(0);
    expect(list.holders.some((h) => h.grants.length > h.activeGrants)).toBe(true);
  });

  it('each grant names its holder as people read them', async () => {
    const list = await listPeople(w.client().accessReads, owner());
    const person = list.holders.find((h) => h.kind === 'contact' && h.title && h.grants.length)!;
    expect(person.grants[0]!.holder).toMatchObject({
      contactId: person.id,
      label:
        person.identifier && person.identifier.toLowerCase() !== person.title!.toLowerCase()
          ? `${person.title} <${person.identifier}>`
          : person.title,
    });
    const card = list.holders.find((h) => h.kind === 'card' && h.grants.length)!;
    expect(card.grants[0]!.holder).toMatchObject({
      boundCardId: card.id,
      label: card.title || card.label,
    });
  });

  it('an item Tapkey sends that cannot be read is listed as such; the rest are there', async () => {
    sandbox.faults.add({
      target: 'api',
      pathPattern: '/Grants',
      kind: 'malformed-item',
      times: 1,
    });
    const list = await listPeople(w.client().accessReads, owner());
    expect(list.invalid).toHaveLength(1);
    expect(list.holders.flatMap((h) => h.grants)).toHaveLength(
      sandbox.data.grants(owner()).filter((g) => g.contactId ?? g.boundCardId).length - 1,
    );
    expect(list.holders).toHaveLength(
      sandbox.data.contacts(owner()).length + sandbox.data.boundCards(owner()).length,
    );
  });
});

describe('lists read a moment apart', () => {
  it('a grant of a person added between the reads of people and of grants is listed under nobody, and nothing fails', async () => {
    const client = w.client();
    const lock = sandbox.data.boundLocks(owner())[0]!;
    // The grants list answers late; in between, once the people are read, another admin gives a new person a key.
    sandbox.faults.add({
      target: 'api',
      pathPattern: '/Grants\\?',
      kind: 'latency',
      delayMs: 2_000,
    });
    let late: { id: string; contactId: string } | null = null;
    const reads = {
      ...client.accessReads,
      contacts: async (o: string, signal?: AbortSignal) => {
        const people = await client.accessReads.contacts(o, signal);
        late = (await client.accessWrites.send(
          writeCalls.createGrant(o, {
            boundLockId: lock.id,
            contact: { identifier: 'late.comer@example.org', ipId: 'tapkey' },
          }),
        )) as { id: string; contactId: string };
        return people;
      },
    };
    const list = await listPeople(reads, owner());
    const { id, contactId } = late!;
    expect(sandbox.data.grants(owner()).map((g) => g.id)).toContain(id);
    expect(list.holders.map((h) => h.id)).not.toContain(contactId);
    const listed = list.holders.flatMap((h) => h.grants.map((g) => g.id));
    expect(listed).not.toContain(id);
    expect(listed).toHaveLength(
      sandbox.data.grants(owner()).filter((g) => g.contactId ?? g.boundCardId).length - 1,
    );
  });
});

describe('locks and what they support', () => {
  it('each lock with its title and whether it keeps a weekly schedule', async () => {
    const list = await listLockFeatures(w.client().accessReads, owner());
    const locks = sandbox.data.boundLocks(owner());
    expect(list.ownerAccountId).toBe(owner());
    expect(list.invalid).toEqual([]);
    expect(list.locks).toEqual(
      locks.map((l) => {
        const features = sandbox.data.expandedBoundLock(owner(), l.id)!.supportedFeatures as {
          timeRestrictionIcalSupport?: string;
        } | null;
        return {
          boundLockId: l.id,
          title: l.title,
          timeRestrictionIcal:
            features?.timeRestrictionIcalSupport === 'Supported' ? 'supported' : 'unsupported',
        };
      }),
    );
    expect(new Set(list.locks.map((l) => l.timeRestrictionIcal))).toEqual(
      new Set(['supported', 'unsupported']),
    );
  });
});
