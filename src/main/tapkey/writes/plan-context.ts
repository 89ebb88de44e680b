import type { OwnerAccount, PlanProblem } from '../../../shared/model';
import { isFailure } from '../../errors';
import type { AccessReads } from '../resources/access-reads';

/** What a planner reads with, and when "now" is. */
export interface PlanContext {
  reads: AccessReads;
  /** Every owner account of the user (offboarding across all of them). */
  listOwnerAccounts(signal?: AbortSignal): Promise<OwnerAccount[]>;
  now: number;
  signal?: AbortSignal | undefined;
}

/** A well-formed e-mail address: something@domain.tld, no spaces (what Tapkey takes as a Tapkey user's identifier). */
export const isEmail = (s: string): boolean => /^[^@\s]+@[^@\s]+\.[^@\s.]+$/.test(s.trim());

/** The problem for an address that is not one. */
export const invalidEmail = (s: string): PlanProblem => ({
  code: 'invalid-payload',
  message: `"${s.trim().slice(0, 80)}" is not an e-mail address (e.g. robin@example.org).`,
});

/**
 * Runs a read whose 404 means "no such thing" in this plan: the problem is recorded and the plan goes on
 * (nothing will be sent); any other failure (network, permission) fails the preview as a whole.
 */
export async function orProblem<T>(
  problems: PlanProblem[],
  read: () => Promise<T>,
  notFound: string,
): Promise<T | null> {
  try {
    return await read();
  } catch (e) {
    if (!isFailure(e, 'not-found')) throw e;
    problems.push({ code: 'not-found', message: notFound });
    return null;
  }
}

/** The owner account, or a problem saying it is not one of the user's. */
export function accountOf(ctx: PlanContext, problems: PlanProblem[], ownerAccountId: string) {
  return orProblem(
    problems,
    () => ctx.reads.ownerAccount(ownerAccountId, ctx.signal),
    `No owner account ${ownerAccountId} among yours (or you have no role in it).`,
  );
}

/** An ISO date as Tapkey takes it (UTC, milliseconds), or null; undefined when it is not a date. */
export function isoOf(value: string | null): string | null | undefined {
  if (value === null || value.trim() === '') return null;
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? new Date(ms).toISOString() : undefined;
}
