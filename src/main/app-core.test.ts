import { describe, expect, it } from 'vitest';
import { createAppCore } from './app-core';
import { silentLogger } from './log';
import { PRODUCTION_SETTINGS } from './settings/defaults';
import { memorySettingsStore } from './settings/settings-store';
import type { UserAgent } from './auth/user-agent';

describe('app core on a fresh install', () => {
  it('asks for the Tapkey client id before showing any sign-in page', async () => {
    const opened: string[] = [];
    const agent: UserAgent = {
      mode: 'embedded',
      authorize: async (req) => {
        opened.push(req.url);
        throw new Error('must not be reached');
      },
    };
    const core = createAppCore({
      appInfo: { name: 'Tapkey Locks', version: '1' },
      log: silentLogger,
      settings: memorySettingsStore(PRODUCTION_SETTINGS),
      userAgents: { embedded: agent },
    });
    await expect(core.handlers['auth:sign-in']()).rejects.toMatchObject({
      code: 'invalid-settings',
      message:
        'Before you sign in, open Settings: Client ID is required: copy it from your OAuth client in the Tapkey portal.',
    });
    expect(opened).toEqual([]);
    expect(core.session.state.status).toBe('signed-out');
    await core.dispose();
  });
});
