import type { InvalidItem } from '../../../shared/model';
import { AppFailure } from '../../errors';
import type { Logger } from '../../log';
import { REQUEST_CANCELLED } from '../../messages';
import type { createLimiter, RunOptions } from '../limiter';
import type { RequestPurpose } from '../http/options';
import type { ApiPath, TapkeyRequest } from '../request';
import { checkItems, type Check } from '../schemas';

/** What every resource gets: the request layer and the log. */
export interface ResourceContext {
  request: TapkeyRequest;
  log: Logger;
}

/** A resource that shares a limiter with others (grants, contacts, cards, logs: one bound for all of them). */
export interface LimitedContext extends ResourceContext {
  limit: ReturnType<typeof createLimiter>;
}

/**
 * Runs `task` through `limit`. A task still waiting when its signal aborts leaves the queue with the signal's
 * reason; the caller gets the same "cancelled" as from a request in flight.
 */
export function limited<T>(
  limit: ReturnType<typeof createLimiter>,
  task: () => Promise<T>,
  options: RunOptions,
): Promise<T> {
  return limit(task, options).catch((e: unknown) => {
    if (options.signal?.aborted) throw new AppFailure('cancelled', REQUEST_CANCELLED);
    throw e;
  });
}

/**
 * Every item of a list, its pages read under the shared bound on requests in flight, each checked: the readable
 * ones, and the unreadable ones listed apart (and logged as `list.items`).
 */
export async function readChecked<T>(
  ctx: LimitedContext,
  path: ApiPath,
  purpose: RequestPurpose,
  list: Omit<Parameters<TapkeyRequest['listAll']>[2], 'schedule'>,
  check: (item: unknown) => Check<T>,
): Promise<{ valid: T[]; invalid: InvalidItem[] }> {
  const raw = await ctx.request.listAll(path, purpose, {
    ...list,
    schedule: (task) => limited(ctx.limit, task, { signal: list.signal }),
  });
  const out = checkItems(raw, check);
  reportInvalid(ctx.log, list.items, out.invalid);
  return out;
}

/** Logs the items of a list that could not be read (index, id, problem; never their content). */
export function reportInvalid(log: Logger, what: string, invalid: readonly InvalidItem[]): void {
  if (invalid.length)
    log.warn(`tapkey sent unreadable ${what}`, {
      count: invalid.length,
      first: invalid.slice(0, 5),
    });
}
