// The give the write tests ask for, built one way: only what a test names differs from unlimited access.
import type { ChangeRequest } from '../../src/shared/model';

type Give = Extract<ChangeRequest, { kind: 'give' }>;

/**
 * A give of `boundLockIds` in `ownerAccountId` to `holder` (an e-mail address, or a person or card), with no
 * window and no schedule unless `patch` sets them.
 */
export function giveRequest(
  ownerAccountId: string,
  boundLockIds: string[],
  holder: string | Give['holder'],
  patch: Partial<Omit<Give, 'kind'>> = {},
): ChangeRequest {
  return {
    kind: 'give',
    ownerAccountId,
    holder: typeof holder === 'string' ? { kind: 'email', identifier: holder } : holder,
    boundLockIds,
    validFrom: null,
    validBefore: null,
    schedule: null,
    ...patch,
  };
}
