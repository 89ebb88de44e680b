import { useEffect, useState } from 'react';
import type { AppInfo } from '../shared/model';

/** The app shell. */
export function App() {
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    void window.tapkey.getAppInfo().then((r) => (r.ok ? setInfo(r.value) : setError(r.error.message)));
  }, []);
  return (
    <main className="shell">
      <h1>Tapkey Locks</h1>
      {error && <p role="alert">{error}</p>}
      <p data-testid="app-version">{info ? `Version ${info.version}` : 'Loading…'}</p>
    </main>
  );
}
