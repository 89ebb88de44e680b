// Main and the Settings form must agree on which saves end the session: the form warns "will sign you out" exactly
// when main, having stored the settings, signs out. Main compares what its store saved (tidied); the form compares
// what the user typed (raw). Both call sites are driven here with generated edits.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { settingsSaver } from '../main/core/settings-change';
import { silentLogger } from '../main/log';
import { openSettingsStore } from '../main/settings/settings-store';
import { signsOutOnSave } from '../renderer/features/settings/settings-form';
import type { AuthState, Settings } from './model';
import { validateSettings } from './settings-validation';
import { configured } from '../../test/support/sample-data';

const dir = mkdtempSync(path.join(tmpdir(), 'tapkey-settings-change-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const saved: Settings = configured;

/** Main's side: its settings:set handler (core/settings-change.ts) over the real store, signed in. */
async function mainSignsOut(before: Settings, typed: Settings): Promise<boolean> {
  const store = await openSettingsStore({
    file: path.join(dir, `${Math.random().toString(36).slice(2)}.json`),
    defaults: before,
    log: silentLogger,
  });
  let signedOut = false;
  const session = {
    state: { status: 'signed-in', remembered: true } as AuthState,
    signOut: async (): Promise<AuthState> => {
      signedOut = true;
      return { status: 'signed-out' };
    },
  };
  await settingsSaver(store, session, silentLogger)(typed);
  return signedOut;
}

/** The form's side: what main returned from settings:get, and what the user typed. */
const formWarns = async (before: Settings, typed: Settings) =>
  signsOutOnSave(
    true,
    (
      await openSettingsStore({
        file: path.join(dir, 'never-written.json'),
        defaults: before,
        log: silentLogger,
      })
    ).get(),
    typed,
  );

// Ways to write the same value, and ways to write another one.
const spaces = fc.constantFrom('', ' ', '  ', '\t');
const slashes = fc.constantFrom('', '/', '//');
const hostCase = fc.constantFrom('login.tapkey.com', 'Login.Tapkey.com', 'LOGIN.TAPKEY.COM');
const issuer = fc.oneof(
  fc
    .tuple(spaces, fc.constantFrom('https://', 'HTTPS://'), hostCase, slashes, spaces)
    .map((parts) => parts.join('')),
  fc.constantFrom(
    'https://login.sandbox.tapkey.io',
    'https://login.tapkey.com/tenant',
    'http://127.0.0.1:4000/',
  ),
);
const apiBaseUrl = fc.oneof(
  fc
    .tuple(
      spaces,
      fc.constantFrom('https://my.tapkey.com/api/v1', 'https://my.tapkey.com/api/v2'),
      slashes,
      spaces,
    )
    .map((parts) => parts.join('')),
);
const clientId = fc
  .tuple(spaces, fc.constantFrom('tapkey-locks-desktop', 'other-client'), spaces)
  .map((p) => p.join(''));
const redirectUri = fc
  .tuple(
    spaces,
    fc.constantFrom(
      'http://127.0.0.1:8111/callback',
      'http://127.0.0.1:8112/callback',
      'http://[::1]:8111/callback',
    ),
    spaces,
  )
  .map((p) => p.join(''));
const typed = fc.record<Settings>({
  clientId,
  issuer,
  apiBaseUrl,
  redirectUri,
  signInMode: fc.constantFrom('embedded', 'system-browser'),
  accessData: fc.boolean(),
});

describe('which saves sign the user out', () => {
  it('the form warns exactly when main signs out, for any valid edit of the saved settings', async () => {
    await fc.assert(
      fc.asyncProperty(typed, async (next) => {
        fc.pre(Object.keys(validateSettings(next)).length === 0);
        expect(await formWarns(saved, next)).toBe(await mainSignsOut(saved, next));
      }),
      { numRuns: 200 },
    );
  });

  it('is not fooled by spelling (spaces, trailing slashes, the case of the issuer host), only by another server, client or redirect URI', async () => {
    const cases: Array<[Partial<Settings>, boolean]> = [
      [{ issuer: 'https://login.tapkey.com/' }, false],
      [{ issuer: ' HTTPS://Login.Tapkey.COM// ' }, false],
      [{ apiBaseUrl: 'https://my.tapkey.com/api/v1' }, false],
      [{ clientId: ' tapkey-locks-desktop ' }, false],
      [{ signInMode: 'system-browser', accessData: true }, false],
      [{ issuer: 'https://login.sandbox.tapkey.io' }, true],
      [{ issuer: 'https://login.tapkey.com/tenant' }, true],
      [{ apiBaseUrl: 'https://my.tapkey.com/api/v2/' }, true],
      [{ clientId: 'other-client' }, true],
      [{ redirectUri: 'http://127.0.0.1:8112/callback' }, true],
    ];
    for (const [change, signsOut] of cases) {
      const next = { ...saved, ...change };
      expect(await formWarns(saved, next), JSON.stringify(change)).toBe(signsOut);
      expect(await mainSignsOut(saved, next), JSON.stringify(change)).toBe(signsOut);
    }
  });

  it('never warns while signed out', () => {
    expect(signsOutOnSave(false, saved, { ...saved, clientId: 'other-client' })).toBe(false);
  });
});
