import { describe, expect, it } from 'vitest';
import type { AuthState } from '../../shared/model';
import { createLogger } from '../log';
import { canMove, SessionState } from './session-state';

describe('the sign-in state machine', () => {
  it('allows the documented moves and signing out from anywhere', () => {
    expect(canMove('signed-out', 'authorizing')).toBe(true);
    expect(canMove('authorizing', 'exchanging')).toBe(true);
    expect(canMove('exchanging', 'signed-in')).toBe(true);
    expect(canMove('signed-in', 'refreshing')).toBe(true);
    expect(canMove('refreshing', 'expired')).toBe(true);
    expect(canMove('expired', 'authorizing')).toBe(true);
    for (const from of ['authorizing', 'exchanging', 'signed-in', 'refreshing', 'expired', 'error'] as const)
      expect(canMove(from, 'signed-out')).toBe(true);
  });

  it('refuses impossible moves, logs them, and does not tell observers', () => {
    expect(canMove('signed-out', 'refreshing')).toBe(false);
    expect(canMove('expired', 'signed-in')).toBe(false);
    expect(canMove('authorizing', 'signed-in')).toBe(false);
    const lines: string[] = [];
    const machine = new SessionState(createLogger((l) => lines.push(l)));
    const seen: AuthState[] = [];
    machine.onChange((s) => seen.push(s));
    expect(machine.set({ status: 'refreshing', remembered: true })).toEqual({ status: 'signed-out' });
    expect(seen).toEqual([]);
    expect(lines.join('\n')).toContain('illegal sign-in state change');
    machine.set({ status: 'authorizing', mode: 'embedded' });
    expect(seen).toEqual([{ status: 'authorizing', mode: 'embedded' }]);
  });
});
