import { describe, expect, it } from 'vitest';
import type { AuthState } from '../../shared/model';
import { createLogger, silentLogger } from '../log';
import { canMove, SessionState } from './session-state';

type Status = Parameters<typeof canMove>[0];

/** The documented moves: from each status, the statuses it may go to. */
const allowed: Record<Status, readonly Status[]> = {
  'signed-out': ['signed-out', 'authorizing', 'signed-in', 'expired'],
  authorizing: ['signed-out', 'exchanging', 'error'],
  exchanging: ['signed-out', 'signed-in', 'error'],
  'signed-in': ['signed-out', 'refreshing', 'signed-in', 'expired'],
  refreshing: ['signed-out', 'signed-in', 'expired'],
  expired: ['signed-out', 'authorizing'],
  error: ['signed-out', 'authorizing'],
};

/** Every status of a sign-in (the type makes the table name each one). */
const all = Object.keys(allowed) as Status[];

describe('the sign-in state machine', () => {
  it('allows the documented moves and signing out from anywhere', () => {
    expect(canMove('signed-out', 'authorizing')).toBe(true);
    expect(canMove('authorizing', 'exchanging')).toBe(true);
    expect(canMove('exchanging', 'signed-in')).toBe(true);
    expect(canMove('signed-in', 'refreshing')).toBe(true);
    expect(canMove('refreshing', 'expired')).toBe(true);
    expect(canMove('expired', 'authorizing')).toBe(true);
    for (const from of all) expect(canMove(from, 'signed-out'), from).toBe(true);
  });

  it('refuses impossible moves, logs them, and does not tell observers', () => {
    expect(canMove('signed-out', 'refreshing')).toBe(false);
    expect(canMove('expired', 'signed-in')).toBe(false);
    expect(canMove('authorizing', 'signed-in')).toBe(false);
    const lines: string[] = [];
    const machine = new SessionState(createLogger((l) => lines.push(l)));
    const seen: AuthState[] = [];
    machine.onChange((s) => seen.push(s));
    expect(machine.set({ status: 'refreshing', remembered: true })).toEqual({
      status: 'signed-out',
    });
    expect(seen).toEqual([]);
    expect(lines.join('\n')).toContain('illegal sign-in state change');
    expect(lines.join('\n')).toContain('"from":"signed-out"');
    expect(lines.join('\n')).toContain('"to":"refreshing"');
    machine.set({ status: 'authorizing', mode: 'embedded' });
    expect(seen).toEqual([{ status: 'authorizing', mode: 'embedded' }]);
  });
});

describe('the full move table', () => {
  it('allows exactly the documented moves', () => {
    for (const from of all)
      for (const to of all)
        expect(canMove(from, to), `${from} → ${to}`).toBe(allowed[from].includes(to));
  });
});

describe('observers of the state', () => {
  it('all hear a move even when one throws; the failure is logged; a disposer removes only its own listener', () => {
    const lines: string[] = [];
    const machine = new SessionState(createLogger((l) => lines.push(l)));
    const a: string[] = [];
    const b: string[] = [];
    machine.onChange(() => {
      throw new Error('observer broke');
    });
    const offA = machine.onChange((s) => a.push(s.status));
    machine.onChange((s) => b.push(s.status));
    expect(machine.set({ status: 'authorizing', mode: 'embedded' })).toEqual({
      status: 'authorizing',
      mode: 'embedded',
    });
    expect(machine.value).toEqual({ status: 'authorizing', mode: 'embedded' });
    expect(lines.filter((l) => l.includes('auth state listener failed'))).toHaveLength(1);
    expect(lines.join('\n')).toContain(
      '"message":"auth state listener failed","error":{"name":"Error","message":"observer broke"}',
    );
    offA();
    machine.set({ status: 'signed-out' });
    expect(a).toEqual(['authorizing']);
    expect(b).toEqual(['authorizing', 'signed-out']);
    machine.clear();
    machine.set({ status: 'authorizing', mode: 'embedded' });
    expect(b).toEqual(['authorizing', 'signed-out']);
    expect(machine.value.status).toBe('authorizing');
  });

  it('a listener added while observers are told waits for the next move', () => {
    const machine = new SessionState(silentLogger);
    const late: string[] = [];
    machine.onChange(() => {
      machine.onChange((s) => late.push(s.status));
    });
    machine.set({ status: 'authorizing', mode: 'embedded' });
    expect(late).toEqual([]);
  });
});
