// The settings of a profile pointed at a sandbox, as a test's core starts with them.
import type { Sandbox } from '../../sandbox/index';
import { memorySettingsStore, type SettingsStore } from '../../src/main/settings/settings-store';
import type { Settings } from '../../src/shared/model';

/** In-memory settings for `sandbox` (its first redirect URI, the embedded window, no access data), `patch` over them. */
export function sandboxSettings(
  sandbox: Pick<Sandbox, 'clientId' | 'issuer' | 'apiBaseUrl' | 'redirectUris'>,
  patch: Partial<Settings> = {},
): SettingsStore {
  return memorySettingsStore({
    clientId: sandbox.clientId,
    issuer: sandbox.issuer,
    apiBaseUrl: sandbox.apiBaseUrl,
    redirectUri: sandbox.redirectUris[0]!,
    signInMode: 'embedded',
    accessData: false,
    ...patch,
  });
}
