import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { exitOnSignals } from './exit-on-signal';

function harness(inFlight: number, settle: Promise<boolean>) {
  const proc = new EventEmitter();
  const exits: number[] = [];
  const lines: string[] = [];
  const waits: number[] = [];
  const dispose = exitOnSignals({
    process: proc as unknown as NodeJS.Process,
    stderr: (s) => lines.push(s),
    exit: (c) => exits.push(c),
    renewalsInFlight: () => inFlight,
    renewalsSettled: (ms) => {
      waits.push(ms);
      return settle;
    },
    waitMs: 1_234,
  });
  return { proc, exits, lines, waits, dispose };
}

describe('Ctrl+C and SIGTERM in the CLI', () => {
  it('exit at once with 130 / 143 when no renewal is in flight', () => {
    const h = harness(0, Promise.resolve(true));
    h.proc.emit('SIGINT');
    h.proc.emit('SIGTERM');
    expect(h.exits).toEqual([130, 143]);
    expect(h.lines).toEqual([]);
    expect(h.waits).toEqual([]);
  });

  it('wait for a renewal in flight to be saved, within the bound, saying so, then exit', async () => {
    let settle!: (v: boolean) => void;
    const h = harness(1, new Promise((resolve) => (settle = resolve)));
    h.proc.emit('SIGINT');
    expect(h.exits).toEqual([]);
    expect(h.waits).toEqual([1_234]);
    expect(h.lines.join('')).toMatch(/waiting for the renewal of your sign-in to be saved/);
    settle(true);
    await new Promise((resolve) => setImmediate(resolve));
    expect(h.exits).toEqual([130]);
    expect(h.lines).toHaveLength(1);
  });

  it('say so when the renewal did not finish in time', async () => {
    const h = harness(1, Promise.resolve(false));
    h.proc.emit('SIGTERM');
    await new Promise((resolve) => setImmediate(resolve));
    expect(h.exits).toEqual([143]);
    expect(h.lines.at(-1)).toMatch(/did not finish in time; you may need to sign in again/);
  });

  it('a second signal while waiting stops at once; the disposer removes both handlers', () => {
    const h = harness(1, new Promise<boolean>(() => {}));
    h.proc.emit('SIGINT');
    h.proc.emit('SIGINT');
    expect(h.exits).toEqual([130]);
    h.dispose();
    expect(h.proc.listenerCount('SIGINT') + h.proc.listenerCount('SIGTERM')).toBe(0);
  });
});
