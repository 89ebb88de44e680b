import type { AppInfo } from '../../shared/model';
import { isLoopbackUrl } from '../../shared/settings-validation';
import type { SettingsStore } from '../settings/settings-store';

/**
 * What the About box and the window title show. The issuer comes from the settings, and "sandbox" means a
 * loopback issuer (the local stand-in). A core without a settings store of its own (shell-only builds and
 * tests) shows the facts its caller gave, when it gave them.
 */
export function appInfoOf(
  given: Pick<AppInfo, 'name' | 'version'> & Partial<AppInfo>,
  settings: SettingsStore,
  ownStore: boolean,
): AppInfo {
  if (!ownStore && given.issuer !== undefined && given.sandbox !== undefined) {
    return {
      name: given.name,
      version: given.version,
      issuer: given.issuer,
      sandbox: given.sandbox,
    };
  }
  const issuer = settings.get().issuer;
  let sandbox: boolean;
  try {
    sandbox = isLoopbackUrl(new URL(issuer));
  } catch {
    sandbox = false;
  }
  return { name: given.name, version: given.version, issuer, sandbox };
}
