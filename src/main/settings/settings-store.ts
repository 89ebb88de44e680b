import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Settings } from '../../shared/model';
import { writeFileAtomic } from '../fs/atomic-write';
import { settingsSchema } from '../../shared/schemas';
import { tidySettings } from '../../shared/settings-tidy';
import { validateSettings } from '../../shared/settings-validation';
import { AppFailure } from '../errors';
import type { Logger } from '../log';

/** The user's settings, persisted as JSON in the profile directory. Never holds a secret. */
export interface SettingsStore {
  get(): Settings;
  /** Validates and saves; throws AppFailure('invalid-settings') naming the first problem. */
  set(next: Settings): Promise<Settings>;
}

/** Options for the settings store. */
export interface SettingsStoreOptions {
  /** The JSON file, e.g. `<userData>/settings.json`. */
  file: string;
  defaults: Settings;
  /** Development server overrides (see developmentOverrides), applied over whatever was saved. */
  overrides?: Partial<Settings> | null;
  log: Logger;
}

function usable(value: unknown): Settings | null {
  // Settings saved before "Access data" existed lack the field: it defaults to off rather than discarding them.
  const parsed = settingsSchema.safeParse(
    typeof value === 'object' && value !== null ? { accessData: false, ...value } : value,
  );
  if (!parsed.success) return null;
  return Object.keys(validateSettings(parsed.data)).length === 0 ? parsed.data : null;
}

/** Loads settings (defaults when the file is missing or unusable) and returns the store. */
export async function openSettingsStore(options: SettingsStoreOptions): Promise<SettingsStore> {
  const { file, defaults, overrides, log } = options;
  let saved: Settings | null = null;
  try {
    const raw = JSON.parse(await readFile(file, 'utf8')) as { settings?: unknown };
    saved = usable(raw.settings);
    if (!saved) log.warn('saved settings are invalid; using defaults', { file });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT')
      log.warn('could not read settings; using defaults', { file, error: e });
  }
  let current: Settings = { ...(saved ?? defaults), ...(overrides ?? {}) };
  return {
    get: () => ({ ...current }),
    async set(next) {
      // Tidied once, here: everything downstream compares exactly (issuers above all, RFC 8414 §3.3).
      const trimmed = tidySettings(next);
      const errors = validateSettings(trimmed);
      const first = Object.values(errors)[0];
      if (first) throw new AppFailure('invalid-settings', first);
      await mkdir(path.dirname(file), { recursive: true });
      // Whole or not at all, so a crash mid-write never leaves half a file.
      await writeFileAtomic(file, JSON.stringify({ v: 1, settings: trimmed }, null, 2) + '\n');
      current = trimmed;
      return { ...current };
    },
  };
}

/** A store that keeps settings in memory only (tests and builds without a profile directory). */
export function memorySettingsStore(initial: Settings): SettingsStore {
  let current = { ...initial };
  return {
    get: () => ({ ...current }),
    async set(next) {
      const tidy = tidySettings(next);
      const first = Object.values(validateSettings(tidy))[0];
      if (first) throw new AppFailure('invalid-settings', first);
      current = tidy;
      return { ...current };
    },
  };
}
