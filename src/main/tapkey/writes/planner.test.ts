import { describe, expect, it } from 'vitest';
import type { ChangeRequest } from '../../../shared/model';
import { writeCalls } from '../resources/access-writes';
import { finishPlan, PLAN_LIFETIME_MS, type DraftStep } from './draft';
import { target } from './names';
import { createPlanStore } from './planner';

const request: ChangeRequest = { kind: 'revoke-person', ownerAccountId: 'O1', contactId: 'c1' };
const step = (disposition: DraftStep['disposition']): DraftStep => ({
  target: target({ ownerAccountId: 'O1', contactId: 'c1' }),
  disposition,
  reason: null,
  call: disposition === 'send' ? writeCalls.revokeContactGrants('O1', 'c1') : null,
  revokes: [],
  grantIds: ['g1'],
});
const planAt = (now: number, steps: DraftStep[] = [step('send')], problems: string[] = []) =>
  finishPlan(
    request,
    {
      title: 'T',
      steps,
      problems: problems.map((message) => ({ code: 'not-found', message })),
      notes: [],
    },
    { warnAt: 5, now },
  );

describe('the plans kept for submitting', () => {
  it('a plan is taken once, until it expires', () => {
    let now = 1_000;
    const store = createPlanStore(() => now);
    const p = planAt(now);
    store.keep(p);
    expect(store.take(p.plan.planId)).toBe(p);
    const expired = /^This preview has expired or was already used; review the change again\.$/;
    expect(() => store.take(p.plan.planId)).toThrow(expired);
    const q = planAt(now);
    store.keep(q);
    now += PLAN_LIFETIME_MS;
    expect(() => store.take(q.plan.planId)).toThrow(expired);
    const r = planAt(now);
    store.keep(r);
    now += PLAN_LIFETIME_MS - 1;
    expect(store.take(r.plan.planId)).toBe(r);
  });

  it('keeps the newest `max` plans', () => {
    const store = createPlanStore(() => 0, 2);
    const [a, b, c] = [planAt(0), planAt(0), planAt(0)];
    for (const p of [a!, b!, c!]) store.keep(p);
    expect(() => store.take(a!.plan.planId)).toThrow(/expired/);
    expect(store.take(b!.plan.planId)).toBe(b);
    expect(store.take(c!.plan.planId)).toBe(c);
  });

  it('a plan with a problem, or with nothing to send, cannot be taken, and stays for another look', () => {
    const store = createPlanStore(() => 0);
    const bad = planAt(0, [step('send')], ['No grant g1 here.']);
    const done = planAt(0, [step('already')]);
    store.keep(bad);
    store.keep(done);
    for (let i = 0; i < 2; i++) {
      expect(() => store.take(bad.plan.planId)).toThrow(
        expect.objectContaining({ code: 'invalid-payload', message: 'No grant g1 here.' }),
      );
      expect(() => store.take(done.plan.planId)).toThrow(
        expect.objectContaining({
          code: 'invalid-payload',
          message: 'There is nothing to send: Tapkey already has every part of this change.',
        }),
      );
    }
  });
});
