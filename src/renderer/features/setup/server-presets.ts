import type { Settings } from '../../../shared/model';
import {
  isLoopbackUrl,
  validateSettings,
  type SettingsErrors,
} from '../../../shared/settings-validation';

/** A server the setup step offers by name; its URLs show under "Advanced". */
export interface ServerPreset {
  id: 'tapkey' | 'tapkey-sandbox' | 'local' | 'custom';
  label: string;
  issuer: string;
  apiBaseUrl: string;
}

/** Tapkey's production and sandbox servers (see the Tapkey API sheet). */
export const TAPKEY_PRESETS: readonly ServerPreset[] = [
  {
    id: 'tapkey',
    label: 'Tapkey',
    issuer: 'https://login.tapkey.com',
    apiBaseUrl: 'https://my.tapkey.com/api/v1/',
  },
  {
    id: 'tapkey-sandbox',
    label: 'Tapkey sandbox',
    issuer: 'https://login.sandbox.tapkey.io',
    apiBaseUrl: 'https://my.sandbox.tapkey.io/api/v1/',
  },
];

const same = (a: string, b: string) =>
  a.trim().replace(/\/+$/, '') === b.trim().replace(/\/+$/, '');

function isLoopback(issuer: string): boolean {
  try {
    return isLoopbackUrl(new URL(issuer));
  } catch {
    return false;
  }
}

/**
 * The choices for the server picker, given the settings main has: the Tapkey servers, then — when a development
 * build points at a local sandbox — that sandbox, then Custom (whose URLs are whatever the user types).
 */
export function serverChoices(current: Pick<Settings, 'issuer' | 'apiBaseUrl'>): ServerPreset[] {
  const choices = [...TAPKEY_PRESETS];
  if (isLoopback(current.issuer))
    choices.push({
      id: 'local',
      label: 'Local sandbox (development)',
      issuer: current.issuer,
      apiBaseUrl: current.apiBaseUrl,
    });
  choices.push({
    id: 'custom',
    label: 'Custom…',
    issuer: current.issuer,
    apiBaseUrl: current.apiBaseUrl,
  });
  return choices;
}

/** Which choice the settings already match: a named server when both URLs match it, otherwise Custom. */
export function presetOf(
  current: Pick<Settings, 'issuer' | 'apiBaseUrl'>,
  choices: readonly ServerPreset[],
): ServerPreset['id'] {
  const hit = choices.find(
    (c) =>
      c.id !== 'custom' && same(c.issuer, current.issuer) && same(c.apiBaseUrl, current.apiBaseUrl),
  );
  return hit?.id ?? 'custom';
}

/** The settings with a named server's URLs applied (Custom keeps what is there, for the user to edit). */
export function applyPreset(values: Settings, preset: ServerPreset): Settings {
  return preset.id === 'custom'
    ? values
    : { ...values, issuer: preset.issuer, apiBaseUrl: preset.apiBaseUrl };
}

/** The setup step's problems: the same rules main applies before it signs in. */
export function setupErrors(values: Settings): SettingsErrors {
  return validateSettings(values);
}

/** True while the app cannot sign in yet because no client id was ever saved: a fresh install. */
export function needsSetup(saved: Settings): boolean {
  return saved.clientId.trim() === '';
}
