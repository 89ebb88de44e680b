import { describe, expect, it } from 'vitest';
import type { Settings } from '../../../shared/model';
import {
  applyPreset,
  needsSetup,
  presetOf,
  serverChoices,
  setupErrors,
  TAPKEY_PRESETS,
} from './server-presets';
import { configured } from '../../../../test/support/sample-data';

// The shipped defaults: Tapkey production, no client id yet.
const base: Settings = { ...configured, clientId: '' };

describe('server presets', () => {
  it('recognise Tapkey production from the shipped defaults, trailing slashes aside', () => {
    const choices = serverChoices(base);
    expect(choices.map((c) => c.id)).toEqual(['tapkey', 'tapkey-sandbox', 'custom']);
    expect(presetOf(base, choices)).toBe('tapkey');
    expect(
      presetOf(
        { issuer: 'https://login.tapkey.com/', apiBaseUrl: 'https://my.tapkey.com/api/v1' },
        choices,
      ),
    ).toBe('tapkey');
  });

  it('offer a configured local sandbox as the current choice in development builds', () => {
    const local = { issuer: 'http://127.0.0.1:4567', apiBaseUrl: 'http://127.0.0.1:4567/api/v1/' };
    const choices = serverChoices(local);
    expect(choices.map((c) => c.id)).toEqual(['tapkey', 'tapkey-sandbox', 'local', 'custom']);
    expect(presetOf(local, choices)).toBe('local');
  });

  it('call anything else Custom, and keep its URLs when Custom is picked', () => {
    const other = {
      ...base,
      issuer: 'https://login.example.com',
      apiBaseUrl: 'https://api.example.com/v1/',
    };
    const choices = serverChoices(other);
    expect(presetOf(other, choices)).toBe('custom');
    expect(
      applyPreset(
        other,
        choices.find((c) => c.id === 'custom')!,
      ),
    ).toEqual(other);
    // Only one URL matching is not that server: the API would go elsewhere.
    expect(
      presetOf({ issuer: base.issuer, apiBaseUrl: 'https://api.example.com/v1/' }, choices),
    ).toBe('custom');
  });

  it('apply both URLs of a named server and nothing else', () => {
    const sandbox = TAPKEY_PRESETS[1]!;
    expect(applyPreset({ ...base, clientId: 'abc' }, sandbox)).toEqual({
      ...base,
      clientId: 'abc',
      issuer: sandbox.issuer,
      apiBaseUrl: sandbox.apiBaseUrl,
    });
  });
});

describe('setup validation', () => {
  it('asks for the client id first on a fresh install and accepts a complete form', () => {
    expect(needsSetup(base)).toBe(true);
    expect(needsSetup({ ...base, clientId: '  ' })).toBe(true);
    expect(setupErrors(base).clientId).toMatch(/Client ID is required/);
    expect(setupErrors({ ...base, clientId: 'my-client' })).toEqual({});
    expect(needsSetup({ ...base, clientId: 'my-client' })).toBe(false);
  });

  it('rejects a custom server without https and a redirect URI off loopback', () => {
    const e = setupErrors({
      ...base,
      clientId: 'c',
      issuer: 'http://login.example.com',
      redirectUri: 'http://example.com:8111/cb',
    });
    expect(e.issuer).toMatch(/https/);
    expect(e.redirectUri).toMatch(/loopback/);
  });
});
