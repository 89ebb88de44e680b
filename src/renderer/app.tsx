import { useEffect, useState } from 'react';
import type { AppInfo } from '../shared/model';
import { AppHeader } from './app-header';
import { signInView } from './features/auth/auth-view';
import { SignInPanel } from './features/auth/sign-in-panel';
import { useAuthState } from './features/auth/use-auth-state';
import { BrowseView } from './features/locks/browse-view';
import { SettingsView } from './features/settings/settings-view';

/** The app shell: header, then the settings, sign-in or browsing screen for the current auth state. */
export function App() {
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [infoError, setInfoError] = useState<string | null>(null);
  const [view, setView] = useState<'home' | 'settings'>('home');
  const auth = useAuthState();

  useEffect(() => {
    void window.tapkey.getAppInfo().then((r) => (r.ok ? setInfo(r.value) : setInfoError(r.error.message)));
  }, []);

  const signedIn = auth.state !== null && signInView(auth.state).kind === 'signed-in';
  return (
    <div className="app">
      <AppHeader
        info={info}
        signedIn={signedIn}
        onSettings={view === 'settings' ? null : () => setView('settings')}
        onSignOut={() => void auth.signOut()}
      />
      <main className="app-main">
        {infoError && (
          <p className="notice notice-error" role="alert">
            {infoError}
          </p>
        )}
        {view === 'settings' ? (
          <SettingsView signedIn={signedIn} onDone={() => setView('home')} />
        ) : auth.state === null ? (
          <p className="empty">{auth.error ? auth.error.message : 'Loading…'}</p>
        ) : signedIn ? (
          <>
            {auth.error && (
              <p className="notice notice-error" role="alert">
                {auth.error.message}
              </p>
            )}
            {auth.state.status === 'signed-in' && auth.state.notice && (
              <p className="notice notice-warning" role="status" data-testid="auth-notice">
                {auth.state.notice}
              </p>
            )}
            <BrowseView />
          </>
        ) : (
          <SignInPanel
            state={auth.state}
            error={auth.error}
            info={info}
            onSignIn={() => void auth.signIn()}
            onCancel={() => void auth.cancelSignIn()}
            onOpenSettings={() => setView('settings')}
          />
        )}
      </main>
    </div>
  );
}
