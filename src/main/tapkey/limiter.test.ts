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

  it('runs a priority task ahead of the queue and holds ordinary tasks back until it ends', async () => {
    const run = createLimiter(2, 60_000);
    const events: string[] = [];
    const task = (name: string, gate: Promise<void>) => async () => {
      events.push(`start ${name}`);
      await gate;
      events.push(`end ${name}`);
    };
    const busy = deferred();
    const urgent = deferred();
    const a = run(task('a', busy.promise));
    const b = run(task('b', busy.promise));
    const c = run(task('c', Promise.resolve()));
    const p = run(task('p', urgent.promise), { priority: true });
    const d = run(task('d', Promise.resolve()));
    busy.resolve();
    await Promise.all([a, b]);
    // A slot came free: the priority task takes it although c and d asked first, and nothing else starts beside it.
    expect(events.slice(0, 5)).toEqual(['start a', 'start b', 'end a', 'end b', 'start p']);
    await new Promise((r) => setImmediate(r));
    expect(events).not.toContain('start c');
    urgent.resolve();
    await Promise.all([p, c, d]);
    expect(events.slice(5)).toEqual(['end p', 'start c', 'start d', 'end c', 'end d']);
  });

  it('lets ordinary tasks go once a slow priority task has held them for holdMs', async () => {
    const run = createLimiter(4, 20);
    const stuck = deferred();
    const p = run(() => stuck.promise, { priority: true });
    // Resolves only if the hold ends while the priority task is still running.
    expect(await run(async () => 'ran')).toBe('ran');
    stuck.resolve();
    await p;
  });
});
