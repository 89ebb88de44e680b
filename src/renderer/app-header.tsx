import type { AppInfo } from '../shared/model';

interface Props {
  info: AppInfo | null;
  signedIn: boolean;
  /** Null while the settings are already shown. */
  onSettings: (() => void) | null;
  onSignOut(): void;
}

/** The banner: app name and version, sandbox marker, settings and sign-out. */
export function AppHeader({ info, signedIn, onSettings, onSignOut }: Props) {
  return (
    <header className="app-header">
      <h1>Tapkey Locks</h1>
      {info?.sandbox && <span className="badge badge-sandbox">Sandbox</span>}
      <span className="app-version" data-testid="app-version">
        {info ? `Version ${info.version}` : 'Loading…'}
      </span>
      <nav className="app-nav" aria-label="App">
        {onSettings && (
          <button type="button" className="button button-quiet" onClick={onSettings}>
            Settings
          </button>
        )}
        {signedIn && (
          <button type="button" className="button button-quiet" onClick={onSignOut}>
            Sign out
          </button>
        )}
      </nav>
    </header>
  );
}
