import type { ChangeRequest } from '../../../shared/model';
import { AppFailure } from '../../errors';
import { finishPlan, type Draft, type PlanWithSteps } from './draft';
import type { PlanContext } from './plan-context';
import { planGive } from './plan-give';
import { planCreateContact, planOffboard } from './plan-offboard';
import { planDeleteFromCard, planRevokeGrant, planRevokeHolder } from './plan-revoke';

/** The planner of each kind of change. */
function draftOf(ctx: PlanContext, request: ChangeRequest): Promise<Draft> {
  switch (request.kind) {
    case 'give':
      return planGive(ctx, request);
    case 'revoke-grant':
      return planRevokeGrant(ctx, request);
    case 'revoke-person':
    case 'revoke-card':
      return planRevokeHolder(ctx, request);
    case 'delete-from-card':
      return planDeleteFromCard(ctx, request);
    case 'offboard':
      return planOffboard(ctx, request);
    case 'create-contact':
      return planCreateContact(ctx, request);
  }
}

/** Previews a change: reads what it needs from Tapkey, sends nothing, and says exactly what would be sent. */
export async function previewChange(
  ctx: PlanContext,
  request: ChangeRequest,
  warnAt: number,
): Promise<PlanWithSteps> {
  return finishPlan(request, await draftOf(ctx, request), { warnAt, now: ctx.now });
}

/** Plans kept for submitting, by id, until they expire; a plan is submitted at most once. */
export function createPlanStore(now: () => number, max = 100) {
  const plans = new Map<string, PlanWithSteps>();
  return {
    /** Keeps a plan (the oldest goes when more than `max` are kept). */
    keep(p: PlanWithSteps): void {
      plans.set(p.plan.planId, p);
      for (const id of plans.keys()) {
        if (plans.size <= max) break;
        plans.delete(id);
      }
    },
    /** Takes a plan for sending; throws when it is unknown, expired, or cannot be sent. */
    take(planId: string): PlanWithSteps {
      const p = plans.get(planId);
      if (!p || Date.parse(p.plan.expiresAt) <= now()) {
        plans.delete(planId);
        throw new AppFailure(
          'not-found',
          'This preview has expired or was already used; review the change again.',
        );
      }
      if (p.plan.problems.length)
        throw new AppFailure('invalid-payload', p.plan.problems[0]!.message);
      if (!p.plan.sendable)
        throw new AppFailure(
          'invalid-payload',
          'There is nothing to send: Tapkey already has every part of this change.',
        );
      plans.delete(planId);
      return p;
    },
  };
}
