import { describe, expect, it } from 'vitest';
import type { Grant, Holder } from '../../../shared/model';
import { grant as sampleGrant } from '../../../../test/support/sample-writes';
import { grantStateText, holderProblemText, holderText } from './holder-text';

const holder = (over: Partial<Holder>): Holder =>
  sampleGrant('g', 'l', { kind: 'contact', contactId: 'c1', ...over }).holder;
const grant = (over: Partial<Grant>): Grant =>
  sampleGrant('g', 'l', { kind: 'contact', contactId: 'c1', label: 'Ann', title: 'Ann' }, over);

describe('holder text', () => {
  it('shows the title with the identifier beside it, or whichever is set, and says when neither is', () => {
    expect(holderText(holder({ title: 'Ann', identifier: 'ann@x.org', label: 'Ann' }))).toEqual({
      name: 'Ann',
      detail: 'ann@x.org',
      vague: false,
    });
    expect(holderText(holder({ identifier: 'ann@x.org', label: 'ann@x.org' })).name).toBe(
      'ann@x.org',
    );
    expect(holderText(holder({}))).toEqual({
      name: 'A person without a name or identifier',
      detail: null,
      vague: true,
    });
    expect(holderText(holder({ known: false })).name).toBe('Unknown person (no longer in Tapkey)');
    expect(holderText(holder({ kind: 'none', contactId: null })).name).toBe('Nobody recorded');
  });
});

describe('grant state text', () => {
  const now = Date.parse('2026-06-01T00:00:00Z');
  it('shows documented states in words and any other state as Tapkey sent it', () => {
    expect(grantStateText(grant({}), now)).toBe('Active');
    expect(grantStateText(grant({ state: 'Revoked', active: false }), now)).toBe('Revoked');
    expect(grantStateText(grant({ state: 'RevocationPending', active: false }), now)).toBe(
      'Revoking: pending until the lock syncs',
    );
    expect(grantStateText(grant({ state: 'Suspended', active: false }), now)).toBe(
      'Suspended (as Tapkey says)',
    );
    expect(grantStateText(grant({ validBefore: '2026-01-01T00:00:00Z' }), now)).toBe('Expired');
  });

  it('says when Tapkey names both holders or neither', () => {
    expect(
      holderProblemText(grant({ holderProblem: 'both', holder: holder({ boundCardId: 'k9' }) })),
    ).toMatch(/both this person and a card \(k9\)/);
    expect(holderProblemText(grant({ holderProblem: 'neither' }))).toMatch(/neither/);
    expect(holderProblemText(grant({}))).toBeNull();
  });
});
