import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultSessionDir, sessionFiles } from './session-files';

describe('where the session files live', () => {
  it('in a per-user state folder on each platform, never in a profile folder', () => {
    const env = { TAPKEY_LOCKS_USER_DATA_DIR: '/elsewhere/profile' };
    expect(defaultSessionDir(env, 'linux', '/home/ann')).toBe(
      '/home/ann/.local/state/tapkey-locks',
    );
    expect(defaultSessionDir({ ...env, XDG_STATE_HOME: '/xdg/state' }, 'linux', '/home/ann')).toBe(
      '/xdg/state/tapkey-locks',
    );
    expect(defaultSessionDir(env, 'darwin', '/Users/ann')).toBe(
      '/Users/ann/Library/Application Support/Tapkey Locks/session',
    );
    expect(
      defaultSessionDir(
        { LOCALAPPDATA: 'C:\\Users\\ann\\AppData\\Local' },
        'win32',
        'C:\\Users\\ann',
      ),
    ).toBe(path.join('C:\\Users\\ann\\AppData\\Local', 'Tapkey Locks', 'session'));
    expect(defaultSessionDir({}, 'win32', 'C:\\Users\\ann')).toBe(
      path.join('C:\\Users\\ann', 'AppData', 'Local', 'Tapkey Locks', 'session'),
    );
    // An empty variable counts as unset.
    expect(defaultSessionDir({ XDG_STATE_HOME: '' }, 'linux', '/home/ann')).toBe(
      '/home/ann/.local/state/tapkey-locks',
    );
  });

  it('one set per keychain service, named by a hash of it, in that folder', () => {
    const a = sessionFiles('/s', 'Tapkey Locks');
    expect(a).toEqual({
      lock: expect.stringMatching(/^\/s\/session-[0-9a-f]{16}\.lock$/) as string,
      journal: expect.stringMatching(/^\/s\/session-[0-9a-f]{16}\.renewal\.json$/) as string,
      marker: expect.stringMatching(/^\/s\/session-[0-9a-f]{16}\.signed-out\.json$/) as string,
      changes: expect.stringMatching(/^\/s\/changes-[0-9a-f]{16}\.jsonl$/) as string,
    });
    const key = (files: { lock: string }) => path.basename(files.lock, '.lock');
    expect(key(a)).toBe(path.basename(a.journal, '.renewal.json'));
    expect(key(a)).toBe(path.basename(a.marker, '.signed-out.json'));
    expect(key(a).replace('session-', 'changes-')).toBe(path.basename(a.changes, '.jsonl'));
    expect(sessionFiles('/s', 'Tapkey Locks')).toEqual(a);
    expect(key(sessionFiles('/s', 'Tapkey Locks (development)'))).not.toBe(key(a));
  });
});
