import { describe, expect, it } from 'vitest';
import { inBackground } from './lock-table-background';

const turns = (n: number) =>
  new Promise<void>((resolve) => {
    let left = n;
    const next = () => (--left <= 0 ? resolve() : setTimeout(next, 0));
    setTimeout(next, 0);
  });

describe('inBackground', () => {
  it('calls the slice again until it says it is done, one task at a time', async () => {
    const calls: number[] = [];
    let sync = true;
    inBackground(() => {
      // Never called inside the caller's own task.
      expect(sync).toBe(false);
      calls.push(calls.length);
      return calls.length < 5;
    });
    sync = false;
    await turns(20);
    expect(calls).toEqual([0, 1, 2, 3, 4]);
  });

  it('calls nothing more once stopped, even with a slice already scheduled', async () => {
    let calls = 0;
    const stop = inBackground(() => {
      calls++;
      return true;
    });
    await turns(5);
    expect(calls).toBeGreaterThan(0);
    stop();
    const seen = calls;
    await turns(10);
    expect(calls).toBe(seen);
    stop();
  });

  it('stops when stopped from inside a slice, though that slice asked for more', async () => {
    let calls = 0;
    const stop = inBackground(() => {
      calls++;
      stop();
      return true;
    });
    await turns(10);
    expect(calls).toBe(1);
  });
});
