import type { AppInfo } from '../shared/model';
import type { Identity } from './features/auth/auth-view';

interface Props {
  info: AppInfo | null;
  /** Who is signed in (the person, else only the server); null when signed out. */
  identity: Identity | null;
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
          <span
            className="app-identity"
            data-testid="signed-in-as"
            title={
              identity.kind === 'server' ? 'The server did not say who is signed in.' : undefined
            }
          >
            {identity.kind === 'person' ? 'Signed in as ' : 'Signed in to '}
            <strong>{identity.name}</strong>
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
