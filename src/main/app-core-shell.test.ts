import { describe, expect, it } from 'vitest';
import { createAppCore } from './app-core';
import { createDispatcher } from './ipc/dispatcher';
import { silentLogger } from './log';
import { PRODUCTION_SETTINGS } from './settings/defaults';
import { memorySettingsStore } from './settings/settings-store';

/** A core on a fresh install with the shell's ports recorded, reached through the same dispatcher as IPC. */
function shellCore() {
  const opened: string[] = [];
  const dialogs: unknown[] = [];
  const log = silentLogger;
  const core = createAppCore({
    appInfo: { name: 'Tapkey Locks', version: '1' },
    log,
    settings: memorySettingsStore(PRODUCTION_SETTINGS),
    openExternal: async (url) => void opened.push(url),
    saveDialog: async (o) => {
      dialogs.push(o);
      return '/tmp/never-written.csv';
    },
  });
  return { core, opened, dialogs, dispatch: createDispatcher(core.handlers, log) };
}

describe('help links', () => {
  it('open the fixed page for a topic, and refuse anything that is not a topic (a URL above all)', async () => {
    const { core, opened, dispatch } = shellCore();
    expect(await dispatch('app:open-help', ['register-client'])).toEqual({ ok: true, value: null });
    expect(opened).toEqual(['https://portal.tapkey.io/']);
    for (const bad of ['https://evil.example/', 'file:///etc/passwd', 'constructor', '']) {
      expect(await dispatch('app:open-help', [bad])).toMatchObject({
        ok: false,
        error: { code: 'invalid-payload' },
      });
    }
    expect(opened).toEqual(['https://portal.tapkey.io/']);
    await core.dispose();
  });
});

describe('export', () => {
  // Ids are checked before the session: a page's bad id is refused even while signed out.
  it.each([
    ['while signed out', { ownerAccountId: 'o1', lockIds: ['l1'] }, 'not-signed-in'],
    [
      'an owner account id that is no Tapkey id',
      { ownerAccountId: '../etc', lockIds: ['l1'] },
      'invalid-id',
    ],
    ['a lock id that is no Tapkey id', { ownerAccountId: 'o1', lockIds: ['a/b'] }, 'invalid-id'],
  ])('refuses %s, before any dialog opens', async (_, selection, code) => {
    const { core, dialogs, dispatch } = shellCore();
    expect(await dispatch('locks:export-csv', [[selection]])).toMatchObject({
      ok: false,
      error: { code },
    });
    expect(dialogs).toEqual([]);
    await core.dispose();
  });
});

describe('show sign-in window', () => {
  it('does nothing (and does not fail) when no sign-in is running', async () => {
    const { core, dispatch } = shellCore();
    expect(await dispatch('auth:show-sign-in-window', [])).toEqual({ ok: true, value: null });
    await core.dispose();
  });
});
