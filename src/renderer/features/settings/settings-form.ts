import type { Settings } from '../../../shared/model';
import { changesServer } from '../../../shared/settings-change';
import { tidySettings } from '../../../shared/settings-tidy';
import { validateSettings, type SettingsErrors } from '../../../shared/settings-validation';

/** The form's fields in display order, which is also the order focus goes to the first problem. */
const settingsFields = [
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
  // Compared as main will store them, so spelling alone (a trailing slash, spaces) is not an edit.
  const a = tidySettings(saved);
  const b = tidySettings(values);
  const fields = new Set([...Object.keys(a), ...Object.keys(b)] as (keyof Settings)[]);
  return [...fields].some((f) => a[f] !== b[f]);
}

/** True when saving these values while signed in ends the session: the form warns before Save. */
export function signsOutOnSave(signedIn: boolean, saved: Settings, values: Settings): boolean {
  return signedIn && changesServer(saved, values);
}

/**
 * The form's values after one edit. Manage access builds on Access data (writing looks before and after each
 * change): turning it on turns Access data on, and turning Access data off turns Manage access off.
 */
export function withEdit(
  values: Settings,
  name: keyof Settings,
  value: string | boolean,
): Settings {
  const next = { ...values, [name]: value } as Settings;
  if (name === 'manageAccess' && value === true) next.accessData = true;
  if (name === 'accessData' && value === false) next.manageAccess = false;
  return next;
}

/**
 * True when saving turns Manage access on for a sign-in that cannot write yet: Tapkey grants the write
 * permissions only at sign-in, so the save ends with a new sign-in (the form says so first).
 */
export function needsNewSignIn(
  signedIn: boolean,
  canWrite: boolean,
  saved: Settings,
  values: Settings,
): boolean {
  return signedIn && !canWrite && values.manageAccess === true && saved.manageAccess !== true;
}
