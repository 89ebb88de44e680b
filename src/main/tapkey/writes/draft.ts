import { randomUUID } from 'node:crypto';
import type {
  ChangePlan,
  ChangeRequest,
  PlanNote,
  PlanProblem,
  PlannedStep,
  RevocationLoad,
  StepTarget,
} from '../../../shared/model';
import { wireOf, type WriteCall } from '../resources/access-writes';

/** A key a step takes away: it goes on the revocation list of its lock (or each lock of its group). */
export interface RevokedKey {
  grantId: string;
  ownerAccountId: string;
  boundLockId: string;
  lockTitle: string | null;
  /** Phone keys and card keys are on separate lists (support.tapkey.com, "Transponder Revocation Modes"). */
  list: 'phone' | 'card';
  group: boolean;
  /** Still valid, so it goes on the list (an expired grant is revoked with no list entry). */
  listed: boolean;
}

/** A step as the planner builds it: the shared step plus what the executor needs. */
export interface DraftStep {
  target: StepTarget;
  disposition: PlannedStep['disposition'];
  reason: string | null;
  call: WriteCall | null;
  /** Keys this step takes away, with their locks (the listed ones are counted per lock and followed by progress). */
  revokes: RevokedKey[];
  /** Grants the step revokes or removes, whether or not they reach a list (expired ones do not). */
  grantIds: string[];
  /** Sent on its own before the others: it creates the contact the other steps then reuse. */
  first?: boolean;
}

/** What a planner returns: a title, steps, and anything that keeps the plan from being sent. */
export interface Draft {
  title: string;
  steps: DraftStep[];
  problems: PlanProblem[];
  notes: PlanNote[];
}

/** A plan with what the executor needs beside it (never sent to the renderer). */
export interface PlanWithSteps {
  plan: ChangePlan;
  steps: Array<DraftStep & { key: string }>;
}

/**
 * A lock's list is small and its size is not documented; the sandbox plays 10. We warn from 5 keys added to one
 * list by one change: half of the smallest size we assume, so one change alone never fills a list, while the
 * everyday cases (one person leaving, one lost card: a key or two per lock) pass without a warning.
 */
export const DEFAULT_REVOCATION_WARN_AT = 5;

/** How long a preview may be submitted: long enough to read it, short enough that it is not stale. */
export const PLAN_LIFETIME_MS = 15 * 60_000;

/** Counts the keys each lock's lists receive and flags the ones at or past the threshold. */
export function revocationLoad(steps: readonly DraftStep[], warnAt: number): RevocationLoad[] {
  const byLock = new Map<string, RevocationLoad>();
  for (const step of steps) {
    if (step.disposition !== 'send') continue;
    for (const key of step.revokes) {
      if (!key.listed) continue;
      const id = `${key.ownerAccountId.toLowerCase()}/${key.boundLockId.toLowerCase()}`;
      const load = byLock.get(id) ?? {
        ownerAccountId: key.ownerAccountId,
        boundLockId: key.boundLockId,
        lockTitle: key.lockTitle,
        phoneKeys: 0,
        cardKeys: 0,
        warn: false,
      };
      if (key.list === 'card') load.cardKeys++;
      else load.phoneKeys++;
      load.warn = load.phoneKeys >= warnAt || load.cardKeys >= warnAt;
      byLock.set(id, load);
    }
  }
  return [...byLock.values()].sort((a, b) => b.phoneKeys + b.cardKeys - (a.phoneKeys + a.cardKeys));
}

/** The warning the review step shows for each lock whose list this change loads heavily. */
function revocationNotes(load: readonly RevocationLoad[], warnAt: number): PlanNote[] {
  return load
    .filter((l) => l.warn)
    .map((l) => {
      const keys = Math.max(l.phoneKeys, l.cardKeys);
      const which = l.phoneKeys >= l.cardKeys ? 'phone' : 'card';
      return {
        code: 'revocation-list' as const,
        level: 'warning' as const,
        message:
          `This puts ${keys} ${which} keys on the revocation list of ${l.lockTitle ?? l.boundLockId}. ` +
          'A lock keeps only a short list (Tapkey does not say how short); when it overflows, every key older ' +
          'than the oldest one left on it is revoked too: phones renew theirs when online, cards only at their ' +
          `next sync. We warn from ${warnAt} keys on one lock. For cards still in hand, remove the keys from ` +
          'the card instead (no list entry).',
      };
    });
}

/** Turns a draft into the plan the review step shows, with keys for its steps. */
export function finishPlan(
  request: ChangeRequest,
  draft: Draft,
  options: { warnAt: number; now: number },
): PlanWithSteps {
  const steps = draft.steps.map((s, i) => ({ ...s, key: `s${i + 1}` }));
  const load = revocationLoad(steps, options.warnAt);
  const sent = steps.filter((s) => s.disposition === 'send');
  const accounts = new Set(steps.map((s) => s.target.ownerAccountId.toLowerCase()));
  const locks = new Set<string>();
  let keys = 0;
  for (const s of sent) {
    // A revocation counts the grants it takes away; a new grant counts itself.
    keys += s.grantIds.length || (s.target.boundLockId ? 1 : 0);
    for (const k of s.revokes) locks.add(`${k.ownerAccountId}/${k.boundLockId}`.toLowerCase());
    if (s.target.boundLockId)
      locks.add(`${s.target.ownerAccountId}/${s.target.boundLockId}`.toLowerCase());
  }
  const problems = draft.problems;
  const plannedSteps: PlannedStep[] = steps.map((s) => ({
    key: s.key,
    target: s.target,
    disposition: s.disposition,
    reason: s.reason,
    request: s.call ? wireOf(s.call) : null,
    grantIds: s.grantIds,
  }));
  const plan: ChangePlan = {
    planId: randomUUID(),
    request,
    title: draft.title,
    steps: plannedSteps,
    problems,
    notes: [...revocationNotes(load, options.warnAt), ...draft.notes],
    revocationLoad: load,
    revocationWarnAt: options.warnAt,
    counts: {
      send: sent.length,
      already: steps.filter((s) => s.disposition === 'already').length,
      refused: steps.filter((s) => s.disposition === 'refused').length,
      keys,
      locks: locks.size,
      accounts: accounts.size,
    },
    sendable: problems.length === 0 && sent.length > 0,
    createdAt: new Date(options.now).toISOString(),
    expiresAt: new Date(options.now + PLAN_LIFETIME_MS).toISOString(),
  };
  return { plan, steps };
}
