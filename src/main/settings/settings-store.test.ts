import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../log';
import { developmentOverrides, PRODUCTION_SETTINGS } from './defaults';
import { memorySettingsStore, openSettingsStore } from './settings-store';
import { useTempDirs } from '../../../test/support/temp-dirs';

const tempDir = useTempDirs('tapkey-settings-');
const tempFile = (): string => path.join(tempDir(), 'settings.json');

describe('settings store', () => {
  it('starts from the defaults, saves valid settings and reads them back in a new run', async () => {
    const file = tempFile();
    const store = await openSettingsStore({
      file,
      defaults: PRODUCTION_SETTINGS,
      log: silentLogger,
    });
    expect(store.get()).toEqual(PRODUCTION_SETTINGS);
    await store.set({
      ...PRODUCTION_SETTINGS,
      signInMode: 'system-browser',
      clientId: '  my-client ',
    });
    const again = await openSettingsStore({
      file,
      defaults: PRODUCTION_SETTINGS,
      log: silentLogger,
    });
    expect(again.get()).toMatchObject({ signInMode: 'system-browser', clientId: 'my-client' });
    expect(readFileSync(file, 'utf8')).not.toMatch(/token/i);
  });

  it('tidies what the user typed once, when saving, so every later issuer comparison can be exact', async () => {
    const file = tempFile();
    const typed = {
      ...PRODUCTION_SETTINGS,
      clientId: ' my-client ',
      issuer: '  HTTPS://Login.Tapkey.com/  ',
      apiBaseUrl: ' https://my.tapkey.com/api/v1 ',
      redirectUri: ' http://127.0.0.1:8111/callback ',
    };
    const tidy = {
      ...PRODUCTION_SETTINGS,
      clientId: 'my-client',
      issuer: 'https://login.tapkey.com',
      apiBaseUrl: 'https://my.tapkey.com/api/v1/',
      redirectUri: 'http://127.0.0.1:8111/callback',
    };
    const store = await openSettingsStore({
      file,
      defaults: PRODUCTION_SETTINGS,
      log: silentLogger,
    });
    expect(await store.set(typed)).toEqual(tidy);
    expect(
      (await openSettingsStore({ file, defaults: PRODUCTION_SETTINGS, log: silentLogger })).get(),
    ).toEqual(tidy);
    expect(await memorySettingsStore(PRODUCTION_SETTINGS).set(typed)).toEqual(tidy);
    // An issuer with a path keeps it (without the trailing slash); a non-URL is left for validation to name.
    expect(
      (await store.set({ ...tidy, issuer: 'https://login.example/realms/tapkey//' })).issuer,
    ).toBe('https://login.example/realms/tapkey');
    await expect(store.set({ ...tidy, issuer: ' not a url/ ' })).rejects.toMatchObject({
      code: 'invalid-settings',
    });
  });

  it('keeps settings saved before "Access data" existed (it reads as off), and saves the switch', async () => {
    const file = tempFile();
    const { accessData: _omitted, ...legacy } = { ...PRODUCTION_SETTINGS, clientId: 'my-client' };
    writeFileSync(file, JSON.stringify({ v: 1, settings: legacy }));
    const store = await openSettingsStore({
      file,
      defaults: PRODUCTION_SETTINGS,
      log: silentLogger,
    });
    expect(store.get()).toEqual({ ...legacy, accessData: false });
    await store.set({ ...store.get(), accessData: true });
    expect(
      (await openSettingsStore({ file, defaults: PRODUCTION_SETTINGS, log: silentLogger })).get()
        .accessData,
    ).toBe(true);
  });

  it('refuses invalid settings with the shared validation message and keeps the old ones', async () => {
    const store = await openSettingsStore({
      file: tempFile(),
      defaults: PRODUCTION_SETTINGS,
      log: silentLogger,
    });
    await expect(
      store.set({
        ...PRODUCTION_SETTINGS,
        clientId: 'my-client',
        issuer: 'http://login.tapkey.com',
      }),
    ).rejects.toMatchObject({
      code: 'invalid-settings',
      message: expect.stringMatching(/https/),
    });
    expect(store.get()).toEqual(PRODUCTION_SETTINGS);
  });

  it('falls back to the defaults when the file is corrupt or invalid', async () => {
    const file = tempFile();
    writeFileSync(file, '{not json');
    expect(
      (await openSettingsStore({ file, defaults: PRODUCTION_SETTINGS, log: silentLogger })).get(),
    ).toEqual(PRODUCTION_SETTINGS);
    writeFileSync(
      file,
      JSON.stringify({
        v: 1,
        settings: { ...PRODUCTION_SETTINGS, redirectUri: 'https://evil.example/cb' },
      }),
    );
    expect(
      (await openSettingsStore({ file, defaults: PRODUCTION_SETTINGS, log: silentLogger })).get(),
    ).toEqual(PRODUCTION_SETTINGS);
  });

  it('uses the sandbox named by TAPKEY_* only in development, never in a packaged build', () => {
    const env = {
      TAPKEY_ISSUER: 'http://127.0.0.1:4000/',
      TAPKEY_CLIENT_ID: 'sandbox-client',
      TAPKEY_REDIRECT_URI: 'http://127.0.0.1:8111/callback',
    };
    expect(developmentOverrides(env, false)).toEqual({
      issuer: 'http://127.0.0.1:4000',
      apiBaseUrl: 'http://127.0.0.1:4000/api/v1/',
      clientId: 'sandbox-client',
      redirectUri: 'http://127.0.0.1:8111/callback',
    });
    expect(developmentOverrides(env, true)).toBeNull();
    expect(developmentOverrides({}, false)).toBeNull();
  });
});
