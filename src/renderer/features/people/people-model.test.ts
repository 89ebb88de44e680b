import { describe, expect, it } from 'vitest';
import type { Grant, KeyHolder } from '../../../shared/model';
import { grant as sampleGrant } from '../../../../test/support/sample-writes';
import { keysLabel, placesOf } from './people-model';

const NOW = Date.parse('2026-06-01T12:00:00Z');

/** A key of robin@example.com (contact c1) on `lock`. */
const grant = (id: string, lock: string, over: Partial<Grant> = {}): Grant =>
  sampleGrant(
    id,
    lock,
    {
      kind: 'contact',
      label: 'robin@example.com',
      identifier: 'robin@example.com',
      contactId: 'c1',
    },
    over,
  );

function holder(
  kind: KeyHolder['kind'],
  grants: Grant[],
  capacity: number | null = null,
): KeyHolder {
  return {
    kind,
    id: 'h1',
    ownerAccountId: 'o1',
    title: null,
    identifier: kind === 'contact' ? 'robin@example.com' : null,
    label: null,
    capacity,
    // What main counts: every grant Tapkey still calls Ok.
    activeGrants: grants.filter((g) => g.state === 'Ok').length,
    grants,
  };
}

const titles: Record<string, string> = { front: 'Front door', back: 'Back door', lab: 'Lab' };
const lockTitle = (id: string) => titles[id] ?? null;

describe("a person's keys in the People list", () => {
  const grants = [
    grant('g1', 'front'),
    grant('g2', 'back', { validBefore: '2026-05-31T00:00:00Z' }),
    grant('g3', 'lab', { validFrom: '2026-07-01T00:00:00Z' }),
    grant('g4', 'lab', { state: 'Revoked', active: false }),
  ];

  it('counts the keys that open a door today or later, and the expired ones beside them; never a revoked one', () => {
    expect(keysLabel(holder('contact', grants), NOW)).toBe('2 keys, 1 expired');
    expect(keysLabel(holder('contact', grants.slice(0, 1)), NOW)).toBe('1 key');
    expect(keysLabel(holder('contact', [grants[1]!, grants[3]!]), NOW)).toBe('0 keys, 1 expired');
    expect(keysLabel(holder('contact', []), NOW)).toBe('0 keys');
  });

  it('names only the places those keys open', () => {
    expect(placesOf(holder('contact', grants), lockTitle, NOW)).toEqual(['Front door', 'Lab']);
  });

  it("counts a card's places taken as Tapkey fills them, expired keys included", () => {
    expect(keysLabel(holder('card', grants, 12), NOW)).toBe('3 of 12 keys');
  });
});
