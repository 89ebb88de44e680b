import { useCallback, useEffect, useRef, useState } from 'react';
import type { AppInfo, Settings } from '../shared/model';
import { AboutDialog } from './about-dialog';
import { useTapkeyApi } from './api-context';
import { CommandBusProvider, createCommandBus } from './app-commands';
import { AppHeader } from './app-header';
import { BrowseHost } from './browse-host';
import { ExportNoticeView, type ExportNotice } from './export-notice';
import { SignInPanel } from './features/auth/sign-in-panel';
import { useAuthState } from './features/auth/use-auth-state';
import { useIdentity } from './features/auth/use-identity';
import { BrowseView } from './features/locks/browse-view';
import { SettingsSheet } from './features/settings/settings-view';
import { SetupView } from './features/setup/setup-view';
import { useSavedSettings } from './features/setup/use-saved-settings';
import { isLive, keepsBrowse, shellScreen } from './shell-screen';
import { ManageProvider } from './features/manage/manage-provider';
import { SignOutPrompt } from './features/manage/sign-out-prompt';
import { useChangeQueue } from './features/manage/use-change-queue';
import { useWriteCapabilities } from './features/manage/use-write-capabilities';
import { useShellCommands } from './use-shell-commands';
import './shell.css';

/**
 * The app shell: header, then first-run setup, sign-in or the browse screen, with Settings and About as sheets
 * over it. The browse screen stays mounted under a sheet and through an expired session (greyed and inert), so
 * its account, scroll, search and selection survive both.
 */
export function App() {
  const api = useTapkeyApi();
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [infoError, setInfoError] = useState<string | null>(null);
  const [sheet, setSheet] = useState<'settings' | 'about' | 'sign-out' | null>(null);
  const [exportNotice, setExportNotice] = useState<ExportNotice | null>(null);
  const [bus] = useState(createCommandBus);
  const auth = useAuthState();
  const saved = useSavedSettings();
  const queue = useChangeQueue();
  const caps = useWriteCapabilities(`${auth.state?.status}|${saved.settings?.manageAccess}`);

  const loadInfo = useCallback(() => {
    void api.getAppInfo().then((r) => (r.ok ? setInfo(r.value) : setInfoError(r.error.message)));
  }, [api]);
  useEffect(loadInfo, [loadInfo]);

  const status = auth.state?.status ?? null;
  const live = isLive(status);
  const [keptBrowse, setKeptBrowse] = useState(false);
  // Adjusting state during render (React's documented pattern), so the screen never flickers through sign-in.
  if (keepsBrowse(keptBrowse, status) !== keptBrowse) setKeptBrowse(!keptBrowse);
  const { screen, stale } = shellScreen(status, keptBrowse, saved.settings);
  // Another sign-in took the place of the one on screen (signed in again elsewhere): its data must not be shown
  // under the new one, so the browse screen starts over (React remounts it) and loads everything again.
  const [sessionKey, setSessionKey] = useState('');
  const liveKey =
    live && auth.state && 'sessionKey' in auth.state ? auth.state.sessionKey : undefined;
  if (live && (liveKey ?? '') !== sessionKey) setSessionKey(liveKey ?? '');

  // Back from an expired session: the greyed data is out of date, so load it again.
  const wasStale = useRef(false);
  useEffect(() => {
    if (wasStale.current && live) bus.run('refresh');
    wasStale.current = stale;
  }, [stale, live, bus]);

  const runExport = useCallback(async () => {
    const selection = bus.run('export');
    if (!selection) return;
    setExportNotice(null);
    const r = await api.exportLocksCsv(selection);
    if (!r.ok) setExportNotice({ kind: 'error', text: `Export failed. ${r.error.message}` });
    else if (r.value)
      setExportNotice({
        kind: 'done',
        text: `Exported ${r.value.rows} ${r.value.rows === 1 ? 'lock' : 'locks'} to ${r.value.path}.`,
      });
  }, [api, bus]);
  const { signOut, signIn: startSignIn, cancelSignIn } = auth;
  // Changes still waiting would be lost with the sign-in: ask first (main refuses otherwise).
  const pending = queue?.pending ?? 0;
  const requestSignOut = useCallback(() => {
    if (pending > 0) setSheet('sign-out');
    else void signOut();
  }, [pending, signOut]);
  useShellCommands({
    bus,
    live,
    sheetOpen: sheet !== null,
    openSheet: setSheet,
    signOut: requestSignOut,
    runExport: useCallback(() => void runExport(), [runExport]),
  });

  const closeSettings = (next: Settings | null, signInAgain = false) => {
    setSheet(null);
    if (next) {
      saved.set(next);
      loadInfo();
    }
    // Manage access was turned on: its permissions come only with a new sign-in, so the app goes there.
    if (signInAgain)
      void signOut().then((s) => {
        if (s?.status === 'signed-out') void startSignIn();
      });
  };
  const signIn = () => void startSignIn();
  // What the sign-in screen and the expired banner both show and offer.
  const session = auth.state && {
    state: auth.state,
    error: auth.error,
    onSignIn: signIn,
    onCancel: () => void cancelSignIn(),
    onShowWindow: auth.showSignInWindow,
  };
  const identity = useIdentity(auth.state, info?.issuer ?? null);

  return (
    <CommandBusProvider bus={bus}>
      <div className="app">
        <AppHeader
          info={info}
          identity={identity}
          onSettings={() => setSheet('settings')}
          onAbout={() => setSheet('about')}
          onSignOut={screen === 'browse' ? requestSignOut : null}
        />
        <main className="app-main">
          {(infoError ?? saved.error) && (
            <p className="notice notice-error" role="alert">
              {infoError ?? saved.error?.message}
            </p>
          )}
          {exportNotice && (
            <ExportNoticeView notice={exportNotice} onDismiss={() => setExportNotice(null)} />
          )}
          {screen === 'browse' && session ? (
            <ManageProvider
              caps={caps}
              queue={queue}
              live={live}
              onJournal={() => bus.run('view-journal')}
            >
              <BrowseHost {...session} stale={stale}>
                <BrowseView key={sessionKey} />
              </BrowseHost>
            </ManageProvider>
          ) : screen === 'loading' || !session || !saved.settings ? (
            <p className="empty">{auth.error ? auth.error.message : 'Loading…'}</p>
          ) : screen === 'setup' ? (
            <SetupView
              saved={saved.settings}
              onSaved={(s) => {
                saved.set(s);
                loadInfo();
                signIn();
              }}
            />
          ) : (
            <SignInPanel {...session} info={info} onOpenSettings={() => setSheet('settings')} />
          )}
        </main>
        {sheet === 'settings' && (
          <SettingsSheet signedIn={live} canWrite={caps?.canWrite} onClose={closeSettings} />
        )}
        {sheet === 'sign-out' && queue && (
          <SignOutPrompt
            queue={queue}
            onKeep={() => setSheet(null)}
            onDiscard={() => {
              setSheet(null);
              void signOut({ discardPending: true });
            }}
          />
        )}
        {sheet === 'about' && <AboutDialog info={info} onClose={() => setSheet(null)} />}
      </div>
    </CommandBusProvider>
  );
}
