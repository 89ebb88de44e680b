// Test support: the code and message of the AppFailure a promise rejects with.
import { isFailure } from './errors';

/** Awaits `p` and returns its AppFailure's code and message; throws when it resolves or fails otherwise. */
export async function failureOf(p: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await p;
  } catch (e) {
    if (isFailure(e)) return { code: e.code, message: e.message };
    throw e;
  }
  throw new Error('expected a failure');
}
