import { AppFailure } from '../../errors';
import { REQUEST_CANCELLED } from '../../messages';

/** The caller stopped the request. */
export const cancelled = () => new AppFailure('cancelled', REQUEST_CANCELLED);

/** Tapkey asked us to slow down (429); `retryAfter` in seconds when it said how long, `then` ends the sentence. */
export function rateLimited(retryAfter: number | null, then = ''): AppFailure {
  return new AppFailure(
    'rate-limited',
    `Tapkey is limiting requests${retryAfter !== null ? `; try again in ${retryAfter} s` : '; try again shortly'}.${then}`,
    retryAfter !== null ? { retryAfterSeconds: retryAfter } : {},
  );
}
