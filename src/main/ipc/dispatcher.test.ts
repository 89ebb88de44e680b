import { describe, expect, it } from 'vitest';
import { createAppCore } from '../app-core';
import { AppFailure } from '../errors';
import { createLogger, silentLogger } from '../log';
import { HELP_LINKS } from '../windows/help-links';
import { createDispatcher, type Handlers } from './dispatcher';

const info = {
  name: 'Tapkey Locks',
  version: '1.2.3',
  issuer: 'http://127.0.0.1:1',
  sandbox: true,
};

function setup(overrides: Partial<Handlers> = {}) {
  const lines: string[] = [];
  const log = createLogger((l) => lines.push(l), 'debug');
  const core = createAppCore({ appInfo: info, log });
  const calls: unknown[][] = [];
  const handlers: Handlers = {
    ...core.handlers,
    'tapkey:list-bound-locks': async (id, options) => {
      calls.push(options ? [id, options] : [id]);
      return { ownerAccountId: id, locks: [], invalid: [] };
    },
    ...overrides,
  };
  return { dispatch: createDispatcher(handlers, log), calls, lines };
}

describe('IPC dispatcher', () => {
  it('returns handler results in an ok envelope', async () => {
    const { dispatch } = setup();
    expect(await dispatch('app:get-info', [])).toEqual({ ok: true, value: info });
  });

  it('rejects unknown channels and bad payloads without calling the handler', async () => {
    const { dispatch, calls } = setup();
    expect(await dispatch('fs:read', [])).toMatchObject({
      ok: false,
      error: { code: 'unknown-channel' },
    });
    for (const args of [
      [],
      [42],
      ['a', 'b'],
      [{ id: 'x' }],
      ['a', { priority: 'yes' }],
      ['a', { other: true }],
      ['a', {}, 'c'],
    ]) {
      expect(await dispatch('tapkey:list-bound-locks', args)).toMatchObject({
        ok: false,
        error: { code: 'invalid-payload' },
      });
    }
    for (const args of [['../etc/passwd'], [''], ['x'.repeat(500)]]) {
      expect(await dispatch('tapkey:list-bound-locks', args)).toMatchObject({
        ok: false,
        error: { code: 'invalid-id' },
      });
    }
    expect(calls).toEqual([]);
    expect(await dispatch('tapkey:list-bound-locks', ['owner-1'])).toMatchObject({ ok: true });
    expect(
      await dispatch('tapkey:list-bound-locks', ['owner-2', { priority: true }]),
    ).toMatchObject({ ok: true });
    expect(calls).toEqual([['owner-1'], ['owner-2', { priority: true }]]);
  });

  it('refuses dot segments and separators in ids with invalid-id, before the handler', async () => {
    const { dispatch, calls } = setup();
    for (const bad of ['.', '..', '', 'a/b', '../x', 'a\\b', 'a%2Fb', '%5C', 'x'.repeat(201)]) {
      expect(await dispatch('tapkey:list-bound-locks', [bad]), bad).toMatchObject({
        ok: false,
        error: { code: 'invalid-id', message: expect.stringContaining('not a Tapkey id') },
      });
      expect(await dispatch('tapkey:get-bound-lock', ['owner-1', bad]), bad).toMatchObject({
        ok: false,
        error: { code: 'invalid-id' },
      });
    }
    // Not a string at all is a malformed payload, not an id problem.
    expect(await dispatch('tapkey:list-bound-locks', [42])).toMatchObject({
      ok: false,
      error: { code: 'invalid-payload' },
    });
    expect(calls).toEqual([]);
  });

  it('has no channel that takes a URL: shell:open-external is gone, help pages are opened by topic from a table in main', async () => {
    const opened: string[] = [];
    const core = createAppCore({
      appInfo: info,
      log: silentLogger,
      openExternal: async (url) => void opened.push(url),
    });
    const dispatch = createDispatcher(core.handlers, silentLogger);
    expect(await dispatch('shell:open-external', ['https://evil.example/'])).toMatchObject({
      ok: false,
      error: { code: 'unknown-channel' },
    });
    for (const args of [
      ['https://evil.example/'],
      ['https://portal.tapkey.io/'],
      [],
      [{ topic: 'tapkey-portal' }],
    ]) {
      expect(await dispatch('app:open-help', args)).toMatchObject({
        ok: false,
        error: { code: 'invalid-payload' },
      });
    }
    expect(opened).toEqual([]);
    expect(await dispatch('app:open-help', ['tapkey-portal'])).toEqual({ ok: true, value: null });
    expect(await dispatch('app:open-help', ['developer-docs'])).toEqual({ ok: true, value: null });
    expect(opened).toEqual([HELP_LINKS['tapkey-portal'], HELP_LINKS['developer-docs']]);
    expect(HELP_LINKS).toEqual({
      'register-client': 'https://portal.tapkey.io/',
      'tapkey-portal': 'https://portal.tapkey.io/',
      'developer-docs': 'https://developers.tapkey.io/',
    });
    await core.dispose();
  });

  it('passes AppFailure through with its code and hides unexpected errors behind a generic message', async () => {
    const { dispatch, lines } = setup({
      'auth:sign-out': async () => {
        throw new AppFailure('network', 'Could not reach Tapkey.');
      },
      'auth:sign-in': async () => {
        throw new Error('internal detail with refresh_token=rt-very-secret');
      },
    });
    expect(await dispatch('auth:sign-out', [])).toEqual({
      ok: false,
      error: { code: 'network', message: 'Could not reach Tapkey.' },
    });
    const r = await dispatch('auth:sign-in', []);
    expect(r).toEqual({
      ok: false,
      error: {
        code: 'internal',
        message: 'Something went wrong inside the app. Details are in the log.',
      },
    });
    expect(lines.join('\n')).toContain('ipc handler failed');
    expect(lines.join('\n')).not.toContain('rt-very-secret');
  });
});
