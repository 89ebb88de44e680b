import { describe, expect, it } from 'vitest';
import { configured } from '../../test/support/sample-data';
import type { AuthState } from '../shared/model';
import { keepsBrowse, shellScreen } from './shell-screen';

type Status = AuthState['status'];
const fresh = { ...configured, clientId: '' };

describe('which screen the shell shows', () => {
  it('keeps the browse screen from the first live session until the user signs out', () => {
    const walk: Array<[Status, boolean]> = [
      ['signed-in', true],
      ['refreshing', true],
      ['expired', true],
      ['authorizing', true],
      ['exchanging', true],
      ['error', true],
      ['signed-in', true],
      ['signed-out', false],
      ['expired', false],
      ['authorizing', false],
    ];
    let kept = false;
    for (const [status, expected] of walk) {
      kept = keepsBrowse(kept, status);
      expect(kept, status).toBe(expected);
    }
  });

  it('greys the kept browse screen while no session is live', () => {
    expect(shellScreen('signed-in', false, configured)).toEqual({ screen: 'browse', stale: false });
    expect(shellScreen('refreshing', true, configured)).toEqual({ screen: 'browse', stale: false });
    for (const status of ['expired', 'authorizing', 'exchanging', 'error'] as const)
      expect(shellScreen(status, true, configured), status).toEqual({
        screen: 'browse',
        stale: true,
      });
  });

  it('waits for the auth state and the settings, then shows setup on a fresh install, else sign-in', () => {
    expect(shellScreen(null, false, configured).screen).toBe('loading');
    expect(shellScreen('signed-out', false, null).screen).toBe('loading');
    expect(shellScreen('signed-out', false, fresh).screen).toBe('setup');
    expect(shellScreen('signed-out', false, configured).screen).toBe('sign-in');
    // Setup's "Save and sign in" has started a sign-in: its progress shows on the sign-in screen.
    expect(shellScreen('authorizing', false, fresh).screen).toBe('sign-in');
    expect(shellScreen('exchanging', false, fresh).screen).toBe('sign-in');
    expect(shellScreen('expired', false, configured).screen).toBe('sign-in');
  });
});
