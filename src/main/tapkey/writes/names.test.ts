import { describe, expect, it } from 'vitest';
import type { CheckedGrant } from '../access-schemas';
import { grant as sampleGrant } from '../../../../test/support/sample-writes';
import { cardLabel, contactLabel, embeddedNames, plural, target } from './names';

const grant = (
  target: CheckedGrant['target'],
  holder: Partial<CheckedGrant['holder']> = {},
): CheckedGrant =>
  sampleGrant('g', 'l', { kind: 'contact', contactId: 'c1', ...holder }, { target });

describe('names for people', () => {
  it('a person is "Title <identifier>", or whichever is set', () => {
    expect(contactLabel({ id: 'c', title: 'Robin', identifier: 'robin@example.org' })).toBe(
      'Robin <robin@example.org>',
    );
    expect(
      contactLabel({ id: 'c', title: ' ROBIN@example.org ', identifier: 'robin@example.org' }),
    ).toBe('ROBIN@example.org');
    expect(contactLabel({ id: 'c', title: '  ', identifier: ' robin@example.org ' })).toBe(
      'robin@example.org',
    );
    expect(contactLabel({ id: 'c', title: 'Robin', identifier: null })).toBe('Robin');
    expect(contactLabel({ id: 'c7', title: null, identifier: ' ' })).toBe('person c7');
  });

  it('a card is its title, else its printed label', () => {
    expect(cardLabel({ id: 'k', title: ' Front desk ', label: '0042' })).toBe('Front desk');
    expect(cardLabel({ id: 'k', title: ' ', label: ' 0042 ' })).toBe('0042');
    expect(cardLabel({ id: 'k9', title: null, label: null })).toBe('card k9');
  });

  it('reads what a grant embeds: its lock, whether that is a group, its holder', () => {
    expect(
      embeddedNames(
        grant(
          { kind: 'lock', title: 'Front door' },
          { title: 'Robin', identifier: 'robin@example.org' },
        ),
      ),
    ).toEqual({ lockTitle: 'Front door', group: false, holderLabel: 'Robin <robin@example.org>' });
    expect(
      embeddedNames(grant({ kind: 'group', title: 'Staff' }, { identifier: 'a@b.c' })),
    ).toEqual({ lockTitle: 'Staff', group: true, holderLabel: 'a@b.c' });
    expect(
      embeddedNames(
        grant(
          { kind: 'unknown', title: null },
          { kind: 'card', contactId: null, boundCardId: 'k', identifier: '0042' },
        ),
      ),
    ).toEqual({ lockTitle: null, group: false, holderLabel: '0042' });
    expect(embeddedNames(grant({ kind: 'lock', title: null }))).toEqual({
      lockTitle: null,
      group: false,
      holderLabel: null,
    });
    expect(
      embeddedNames(grant({ kind: 'lock', title: null }, { kind: 'none', title: 'x' })).holderLabel,
    ).toBeNull();
  });

  it('fills a target and counts in words', () => {
    expect(target({ ownerAccountId: 'o', lockTitle: 'L' })).toEqual({
      ownerAccountId: 'o',
      ownerAccountName: null,
      boundLockId: null,
      lockTitle: 'L',
      grantId: null,
      contactId: null,
      boundCardId: null,
      holderLabel: null,
    });
    expect(plural(1, 'lock')).toBe('1 lock');
    expect(plural(0, 'lock')).toBe('0 locks');
    expect(plural(2, 'entry', 'entries')).toBe('2 entries');
  });
});
