import type { AuthState, Settings } from '../../shared/model';
import type { Logger } from '../log';
import { changesServer } from '../../shared/settings-change';
import type { SettingsStore } from '../settings/settings-store';

/**
 * Saves settings; when the save changes the server (issuer, client, API or redirect URI) and someone is signed
 * in, signs out: tokens belong to one server and client, and a different one must not receive them.
 */
export function settingsSaver(
  settings: SettingsStore,
  session: { readonly state: AuthState; signOut(): Promise<AuthState> },
  log: Logger,
): (next: Settings) => Promise<Settings> {
  return async (next) => {
    const before = settings.get();
    const saved = await settings.set(next);
    if (changesServer(before, saved) && session.state.status !== 'signed-out') {
      log.info('server settings changed; signing out');
      await session.signOut();
    }
    return saved;
  };
}
