import { createContext, useContext, type ReactNode } from 'react';
import type { TapkeyApi } from '../shared/api';

const TapkeyApiContext = createContext<TapkeyApi | null>(null);

/** Hands the bridge to main to every hook below it: `window.tapkey` in the app, `createTapkeyApi(fake)` in tests. */
export function TapkeyApiProvider({ api, children }: { api: TapkeyApi; children: ReactNode }) {
  return <TapkeyApiContext.Provider value={api}>{children}</TapkeyApiContext.Provider>;
}

/** The API of the nearest TapkeyApiProvider; rendering without one is a wiring mistake, so it throws. */
export function useTapkeyApi(): TapkeyApi {
  const api = useContext(TapkeyApiContext);
  if (!api) throw new Error('useTapkeyApi needs a <TapkeyApiProvider> above it.');
  return api;
}
