import { useCallback, useEffect, useRef, useState } from 'react';
import type { AppInfo, MenuCommand, Settings } from '../shared/model';
import { AboutDialog } from './about-dialog';
import { useTapkeyApi } from './api-context';
import { CommandBusProvider, createCommandBus } from './app-commands';
import { AppHeader } from './app-header';
import { signedInAs } from './features/auth/auth-view';
import { ExpiredBanner } from './features/auth/expired-banner';
import { SignInPanel } from './features/auth/sign-in-panel';
import { useAuthState } from './features/auth/use-auth-state';
import { BrowseView } from './features/locks/browse-view';
import { SettingsSheet } from './features/settings/settings-view';
import { needsSetup } from './features/setup/server-presets';
import { SetupView } from './features/setup/setup-view';
import { useSavedSettings } from './features/setup/use-saved-settings';
import { shortcutCommand } from './shortcuts';
import './shell.css';

type ExportNotice = { kind: 'done'; text: string } | { kind: 'error'; text: string } | null;

const mac = typeof navigator !== 'undefined' && /Mac/.test(navigator.platform);

/**
 * The app shell: header, then first-run setup, sign-in or the browse screen, with Settings and About as sheets
 * over it. The browse screen stays mounted under a sheet and through an expired session (greyed and inert), so
 * its account, scroll, search and selection survive both.
 */
export function App() {
  const api = useTapkeyApi();
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [infoError, setInfoError] = useState<string | null>(null);
  const [sheet, setSheet] = useState<'settings' | 'about' | null>(null);
  const [exportNotice, setExportNotice] = useState<ExportNotice>(null);
  const [bus] = useState(createCommandBus);
  const auth = useAuthState();
  const saved = useSavedSettings();

  const loadInfo = useCallback(() => {
    void api.getAppInfo().then((r) => (r.ok ? setInfo(r.value) : setInfoError(r.error.message)));
  }, [api]);
  useEffect(loadInfo, [loadInfo]);

  const status = auth.state?.status ?? null;
  const live = status === 'signed-in' || status === 'refreshing';
  // Once the browse screen has data it stays until the user signs out (or changes server): an expired session
  // keeps it on screen, greyed, so the user still sees what they were looking at while they sign in again.
  const [keepBrowse, setKeepBrowse] = useState(false);
  if (live && !keepBrowse) setKeepBrowse(true);
  if (status === 'signed-out' && keepBrowse) setKeepBrowse(false);
  const showBrowse = live || (keepBrowse && status !== null);
  const stale = showBrowse && !live;
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

  const command = useCallback(
    (c: MenuCommand) => {
      switch (c) {
        case 'settings':
        case 'about':
          setSheet(c);
          return;
        case 'sign-out':
          if (live) void auth.signOut();
          return;
        case 'find':
          if (!live) return;
          // The screen may focus its own search box; otherwise the shell focuses the first one on the page.
          if (bus.run('find') === undefined)
            document
              .querySelector<HTMLElement>('input[type="search"], [role="searchbox"]')
              ?.focus();
          return;
        case 'refresh':
          if (live) bus.run('refresh');
          return;
        case 'export':
          if (live) void runExport();
          return;
      }
    },
    [live, auth, bus, runExport],
  );

  useEffect(() => api.onMenuCommand(command), [api, command]);
  useEffect(() => bus.serve(command), [bus, command]);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const c = shortcutCommand(e, mac);
      if (!c) return;
      // Ctrl+R would reload the page and Ctrl+F open the browser's find bar: the app's meaning wins.
      e.preventDefault();
      // Under a sheet the page is inert; only the sheet's own keys apply.
      if (sheet) return;
      command(c);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [command, sheet]);

  const closeSettings = (next: Settings | null) => {
    setSheet(null);
    if (next) {
      saved.set(next);
      loadInfo();
    }
  };
  const signIn = () => void auth.signIn();
  const setupNeeded =
    !!saved.settings &&
    needsSetup(saved.settings) &&
    !showBrowse &&
    status !== 'authorizing' &&
    status !== 'exchanging';
  const identity = auth.state ? signedInAs(auth.state, info?.issuer ?? null) : null;

  return (
    <CommandBusProvider bus={bus}>
      <div className="app">
        <AppHeader
          info={info}
          identity={identity}
          onSettings={() => setSheet('settings')}
          onAbout={() => setSheet('about')}
          onSignOut={live || stale ? () => void auth.signOut() : null}
        />
        <main className="app-main">
          {(infoError ?? saved.error) && (
            <p className="notice notice-error" role="alert">
              {infoError ?? saved.error?.message}
            </p>
          )}
          {exportNotice && (
            <div
              className={`notice ${exportNotice.kind === 'error' ? 'notice-error' : 'notice-ok'}`}
              role={exportNotice.kind === 'error' ? 'alert' : 'status'}
              data-testid="export-notice"
            >
              <p>{exportNotice.text}</p>
              <button
                type="button"
                className="button button-quiet"
                onClick={() => setExportNotice(null)}
              >
                Dismiss
              </button>
            </div>
          )}
          {showBrowse && auth.state ? (
            <>
              {stale && (
                <ExpiredBanner
                  state={auth.state}
                  error={auth.error}
                  onSignIn={signIn}
                  onCancel={() => void auth.cancelSignIn()}
                  onShowWindow={auth.showSignInWindow}
                />
              )}
              {live && auth.error && (
                <p className="notice notice-error" role="alert">
                  {auth.error.message}
                </p>
              )}
              {auth.state.status === 'signed-in' && auth.state.notice && (
                <p className="notice notice-warning" role="status" data-testid="auth-notice">
                  {auth.state.notice}
                </p>
              )}
              {/* One element in one place whether live or stale, so React keeps the browse screen (and its state). */}
              <div
                className={stale ? 'browse-host stale' : 'browse-host'}
                inert={stale}
                aria-hidden={stale || undefined}
                data-testid="browse-host"
              >
                <BrowseView key={sessionKey} />
              </div>
            </>
          ) : auth.state === null || !saved.settings ? (
            <p className="empty">{auth.error ? auth.error.message : 'Loading…'}</p>
          ) : setupNeeded ? (
            <SetupView
              saved={saved.settings}
              onSaved={(s) => {
                saved.set(s);
                loadInfo();
                signIn();
              }}
            />
          ) : (
            <SignInPanel
              state={auth.state}
              error={auth.error}
              info={info}
              onSignIn={signIn}
              onCancel={() => void auth.cancelSignIn()}
              onShowWindow={auth.showSignInWindow}
              onOpenSettings={() => setSheet('settings')}
            />
          )}
        </main>
        {sheet === 'settings' && <SettingsSheet signedIn={live} onClose={closeSettings} />}
        {sheet === 'about' && <AboutDialog info={info} onClose={() => setSheet(null)} />}
      </div>
    </CommandBusProvider>
  );
}
