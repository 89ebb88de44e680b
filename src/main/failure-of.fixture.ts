// Test support: the AppFailure a promise rejects with, or its code and message.
import { expect } from 'vitest';
import { AppFailure, isFailure } from './errors';

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

/** Awaits `p` and returns the AppFailure it rejects with; the test fails when it resolves or rejects otherwise. */
export async function appFailureOf(p: Promise<unknown>): Promise<AppFailure> {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(AppFailure);
  return e as AppFailure;
}
