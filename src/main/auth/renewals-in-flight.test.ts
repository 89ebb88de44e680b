import { describe, expect, it } from 'vitest';
import { holdExitFor, renewalsInFlight, renewalsSettled } from './renewals-in-flight';

const deferred = <T>() => {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
};

describe('renewals in flight', () => {
  it('are counted while they run, whether they succeed or fail, and hand back their own result', async () => {
    const ok = deferred<string>();
    const bad = deferred<string>();
    const a = holdExitFor(ok.promise);
    const b = holdExitFor(bad.promise);
    expect(renewalsInFlight()).toBe(2);
    ok.resolve('stored');
    expect(await a).toBe('stored');
    await new Promise((resolve) => setImmediate(resolve));
    expect(renewalsInFlight()).toBe(1);
    bad.reject(new Error('lost'));
    await expect(b).rejects.toThrow('lost');
    await new Promise((resolve) => setImmediate(resolve));
    expect(renewalsInFlight()).toBe(0);
  });

  it('are waited for: true once all have settled, including one that starts meanwhile', async () => {
    expect(await renewalsSettled(10)).toBe(true);
    const first = deferred<void>();
    const second = deferred<void>();
    void holdExitFor(first.promise);
    const waiting = renewalsSettled(5_000);
    void holdExitFor(second.promise);
    first.resolve();
    let done = false;
    void waiting.then(() => (done = true));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(done).toBe(false);
    second.reject(new Error('failed, but settled'));
    expect(await waiting).toBe(true);
  });

  it('are waited for within a bound: false when one is still running then', async () => {
    const stuck = deferred<void>();
    void holdExitFor(stuck.promise);
    expect(await renewalsSettled(30)).toBe(false);
    stuck.resolve();
    expect(await renewalsSettled(1_000)).toBe(true);
  });
});
