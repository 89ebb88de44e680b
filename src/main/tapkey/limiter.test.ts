import { describe, expect, it } from 'vitest';
import { createLimiter } from './limiter';

const deferred = () => {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
};

describe('limiter', () => {
  it('never runs more than the limit at once and runs everything', async () => {
    const run = createLimiter(3);
    let active = 0;
    let peak = 0;
    const gates = Array.from({ length: 10 }, deferred);
    const all = gates.map((g, i) =>
      run(async () => {
        active++;
        peak = Math.max(peak, active);
        await g.promise;
        active--;
        return i;
      }),
    );
    for (const g of gates) {
      await Promise.resolve();
      g.resolve();
    }
    expect(await Promise.all(all)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(peak).toBe(3);
  });

  it('drops an aborted waiter from the queue without running it', async () => {
    const run = createLimiter(1);
    const gate = deferred();
    const first = run(() => gate.promise);
    const ctl = new AbortController();
    let ran = false;
    const second = run(async () => {
      ran = true;
    }, ctl.signal);
    ctl.abort(new Error('stop'));
    await expect(second).rejects.toThrow('stop');
    gate.resolve();
    await first;
    expect(ran).toBe(false);
    expect(await run(async () => 'next')).toBe('next');
  });
});
