import type { Settings } from '../../../shared/model';
import { validateSettings, type SettingsErrors } from '../../../shared/settings-validation';

/** The form's fields in display order, which is also the order focus goes to the first problem. */
export const settingsFields = [
  'clientId',
  'issuer',
  'apiBaseUrl',
  'redirectUri',
  'signInMode',
] as const satisfies readonly (keyof Settings)[];

/** Errors to show: only for fields the user has left (or all, once they tried to save). */
export function visibleErrors(
  values: Settings,
  touched: ReadonlySet<keyof Settings>,
  submitted: boolean,
): SettingsErrors {
  const all = validateSettings(values);
  if (submitted) return all;
  const shown: SettingsErrors = {};
  for (const f of settingsFields) if (touched.has(f) && all[f]) shown[f] = all[f];
  return shown;
}

/** The first field with a problem, to move focus to on a failed save. */
export function firstInvalidField(errors: SettingsErrors): keyof Settings | null {
  return settingsFields.find((f) => errors[f]) ?? null;
}

/** True when saving these settings points the app at another server or client, which signs the user out. */
export function changesServer(saved: Settings, next: Settings): boolean {
  return (
    saved.clientId.trim() !== next.clientId.trim() ||
    saved.issuer.trim() !== next.issuer.trim() ||
    saved.apiBaseUrl.trim() !== next.apiBaseUrl.trim() ||
    saved.redirectUri.trim() !== next.redirectUri.trim()
  );
}

/** The settings as they will be sent to main: surrounding spaces removed. */
export function trimmed(s: Settings): Settings {
  return {
    ...s,
    clientId: s.clientId.trim(),
    issuer: s.issuer.trim(),
    apiBaseUrl: s.apiBaseUrl.trim(),
    redirectUri: s.redirectUri.trim(),
  };
}

/** True when the form holds edits that Save would store: closing it then asks "Discard changes?". */
export function isDirty(saved: Settings, values: Settings): boolean {
  const a = trimmed(saved);
  const b = trimmed(values);
  return settingsFields.some((f) => a[f] !== b[f]);
}
