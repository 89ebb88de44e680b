import type { AppInfo } from '../shared/model';

interface Props {
  info: AppInfo | null;
  /** Who is signed in (account, else the server's host); null when signed out. */
  identity: string | null;
  onSettings(): void;
  onAbout(): void;
  /** Null while nobody is signed in. */
  onSignOut: (() => void) | null;
}

const mac = typeof navigator !== 'undefined' && /Mac/.test(navigator.platform);

/** The banner: app name, sandbox marker, who is signed in, and Settings, About and Sign out. */
export function AppHeader({ info, identity, onSettings, onAbout, onSignOut }: Props) {
  return (
    <header className="app-header">
      <h1>Tapkey Locks</h1>
      {info?.sandbox && <span className="badge badge-sandbox">Sandbox</span>}
      <nav className="app-nav" aria-label="App">
        {identity && (
          <span className="app-identity" data-testid="signed-in-as">
            Signed in as <strong>{identity}</strong>
          </span>
        )}
        <button
          type="button"
          className="button button-quiet"
          onClick={onSettings}
          aria-keyshortcuts={mac ? 'Meta+,' : 'Control+,'}
        >
          Settings
        </button>
        <button type="button" className="button button-quiet" onClick={onAbout}>
          About
        </button>
        {onSignOut && (
          <button type="button" className="button button-quiet" onClick={onSignOut}>
            Sign out
          </button>
        )}
      </nav>
    </header>
  );
}
