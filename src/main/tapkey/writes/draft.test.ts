import { describe, expect, it } from 'vitest';
import type { ChangeRequest } from '../../../shared/model';
import { writeCalls } from '../resources/access-writes';
import {
  DEFAULT_REVOCATION_WARN_AT,
  finishPlan,
  PLAN_LIFETIME_MS,
  revocationLoad,
  type DraftStep,
  type RevokedKey,
} from './draft';
import { target } from './names';

const key = (lock: string, patch: Partial<RevokedKey> = {}): RevokedKey => ({
  grantId: `g-${lock}-${Math.random()}`,
  ownerAccountId: 'O1',
  boundLockId: lock,
  lockTitle: `Lock ${lock}`,
  list: 'phone',
  group: false,
  listed: true,
  ...patch,
});
const revokeStep = (
  keys: RevokedKey[],
  disposition: DraftStep['disposition'] = 'send',
): DraftStep => ({
  target: target({ ownerAccountId: 'O1', contactId: 'c1' }),
  disposition,
  reason: null,
  call: disposition === 'send' ? writeCalls.revokeContactGrants('O1', 'c1') : null,
  revokes: keys,
  grantIds: keys.map((k) => k.grantId),
});
const request: ChangeRequest = { kind: 'revoke-person', ownerAccountId: 'O1', contactId: 'c1' };

describe('revocation load per lock', () => {
  it('counts phone and card keys apart, per lock of each account, and warns at the threshold', () => {
    const load = revocationLoad(
      [
        revokeStep([
          key('A'),
          key('A'),
          key('a', { ownerAccountId: 'o1' }),
          key('B', { list: 'card' }),
        ]),
        revokeStep([key('A', { list: 'card' }), key('A', { ownerAccountId: 'O2' })]),
      ],
      3,
    );
    expect(load).toEqual([
      {
        ownerAccountId: 'O1',
        boundLockId: 'A',
        lockTitle: 'Lock A',
        phoneKeys: 3,
        cardKeys: 1,
        warn: true,
      },
      {
        ownerAccountId: 'O1',
        boundLockId: 'B',
        lockTitle: 'Lock B',
        phoneKeys: 0,
        cardKeys: 1,
        warn: false,
      },
      {
        ownerAccountId: 'O2',
        boundLockId: 'A',
        lockTitle: 'Lock A',
        phoneKeys: 1,
        cardKeys: 0,
        warn: false,
      },
    ]);
  });

  it('a card list reaches the threshold on its own; expired keys and steps not sent count nothing', () => {
    const cards = [key('C', { list: 'card' }), key('C', { list: 'card' })];
    expect(revocationLoad([revokeStep(cards)], 2)).toMatchObject([{ cardKeys: 2, warn: true }]);
    expect(revocationLoad([revokeStep(cards)], 3)).toMatchObject([{ cardKeys: 2, warn: false }]);
    expect(revocationLoad([revokeStep([key('D', { listed: false })])], 1)).toEqual([]);
    expect(revocationLoad([revokeStep([key('E')], 'already')], 1)).toEqual([]);
    expect(DEFAULT_REVOCATION_WARN_AT).toBe(5);
  });
});

describe('the revocation-list warning', () => {
  it('sorts the busiest lock first, names the fuller list (phone on a tie), and says what overflowing does', () => {
    const load = revocationLoad(
      [
        revokeStep([key('Q')]),
        revokeStep([key('P'), key('P'), key('P', { list: 'card' }), key('P', { list: 'card' })]),
      ],
      2,
    );
    expect(load.map((l) => [l.boundLockId, l.phoneKeys, l.cardKeys, l.warn])).toEqual([
      ['P', 2, 2, true],
      ['Q', 1, 0, false],
    ]);
    const plan = finishPlan(
      request,
      {
        title: 'T',
        steps: [
          revokeStep([key('P'), key('P'), key('P', { list: 'card' }), key('P', { list: 'card' })]),
        ],
        problems: [],
        notes: [],
      },
      { warnAt: 2, now: 0 },
    );
    expect(plan.plan.notes).toEqual([
      {
        code: 'revocation-list',
        level: 'warning',
        message:
          'This puts 2 phone keys on the revocation list of Lock P. A lock keeps only a short list (Tapkey does not ' +
          'say how short); when it overflows, every key older than the oldest one left on it is revoked too: phones ' +
          'renew theirs when online, cards only at their next sync. We warn from 2 keys on one lock. For cards still ' +
          'in hand, remove the keys from the card instead (no list entry).',
      },
    ]);
  });
});

describe('finishing a plan', () => {
  it('keys its steps, counts what is sent, skipped and refused, and dates it', () => {
    const now = Date.parse('2026-12-01T10:00:00Z');
    const { plan, steps } = finishPlan(
      request,
      {
        title: 'T',
        steps: [
          revokeStep([key('A'), key('B'), key('B', { listed: false })]),
          revokeStep([], 'already'),
          { ...revokeStep([], 'refused'), target: target({ ownerAccountId: 'O3' }) },
        ],
        problems: [],
        notes: [{ code: 'card-lost', level: 'info', message: 'n' }],
      },
      { warnAt: 2, now },
    );
    expect(steps.map((s) => s.key)).toEqual(['s1', 's2', 's3']);
    expect(plan.steps[0]).toMatchObject({
      key: 's1',
      disposition: 'send',
      request: { method: 'POST', path: 'Owners/O1/Contacts/c1/RevokeGrants', body: null },
    });
    expect(plan.steps[1]!.request).toBeNull();
    expect(plan.counts).toEqual({
      send: 1,
      already: 1,
      refused: 1,
      keys: 3,
      locks: 2,
      accounts: 2,
    });
    expect(plan.sendable).toBe(true);
    expect(plan.createdAt).toBe('2026-12-01T10:00:00.000Z');
    expect(Date.parse(plan.expiresAt) - now).toBe(PLAN_LIFETIME_MS);
    expect(plan.revocationWarnAt).toBe(2);
    expect(plan.revocationLoad).toMatchObject([
      { boundLockId: 'A', phoneKeys: 1, warn: false },
      { boundLockId: 'B', phoneKeys: 1 },
    ]);
    expect(plan.notes).toEqual([{ code: 'card-lost', level: 'info', message: 'n' }]);
    expect(plan.planId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('puts a warning first for each lock at the threshold, naming the list and the threshold', () => {
    const { plan } = finishPlan(
      request,
      {
        title: 'T',
        steps: [
          revokeStep([key('A'), key('A'), key('B', { list: 'card' }), key('B', { list: 'card' })]),
        ],
        problems: [],
        notes: [{ code: 'group-grant', level: 'info', message: 'g' }],
      },
      { warnAt: 2, now: 0 },
    );
    expect(plan.notes.map((n) => [n.code, n.level])).toEqual([
      ['revocation-list', 'warning'],
      ['revocation-list', 'warning'],
      ['group-grant', 'info'],
    ]);
    expect(plan.notes[0]!.message).toMatch(
      /^This puts 2 phone keys on the revocation list of Lock A\. /,
    );
    expect(plan.notes[1]!.message).toMatch(
      /^This puts 2 card keys on the revocation list of Lock B\. /,
    );
    expect(plan.notes[0]!.message).toMatch(/We warn from 2 keys on one lock\./);
  });

  it('a new grant counts itself and its lock; a plan with a problem or nothing to send cannot be sent', () => {
    const give: DraftStep = {
      target: target({ ownerAccountId: 'O1', boundLockId: 'L1' }),
      disposition: 'send',
      reason: null,
      call: writeCalls.createGrant('O1', { boundLockId: 'L1', contactId: 'c1' }),
      revokes: [],
      grantIds: [],
    };
    const ok = finishPlan(
      request,
      { title: 'T', steps: [give, give], problems: [], notes: [] },
      { warnAt: 5, now: 0 },
    );
    expect(ok.plan.counts).toMatchObject({ send: 2, keys: 2, locks: 1, accounts: 1 });
    const problem = finishPlan(
      request,
      { title: 'T', steps: [give], problems: [{ code: 'not-found', message: 'x' }], notes: [] },
      { warnAt: 5, now: 0 },
    );
    expect(problem.plan.sendable).toBe(false);
    const nothing = finishPlan(
      request,
      { title: 'T', steps: [revokeStep([], 'already')], problems: [], notes: [] },
      { warnAt: 5, now: 0 },
    );
    expect(nothing.plan.sendable).toBe(false);
    expect(nothing.plan.counts).toMatchObject({ send: 0, already: 1, keys: 0, locks: 0 });
  });
});
